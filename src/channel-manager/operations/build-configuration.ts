import type { z } from 'zod';
import { memoizeJson } from '../../engine/http.js';
import type { World } from '../../engine/world.js';
import { round2 } from '../../world/inventory.js';
import type { Connection } from '../../world/state.js';
import type { ConfigurationExtent } from '../schemas.js';

type Extent = z.output<typeof ConfigurationExtent>;

interface Cached {
  version: number;
  body: Record<string, unknown>;
}
const cache = new WeakMap<Connection, Map<number, Cached>>();

/**
 * The getConfiguration answer for one connection. Cached per connection and extent until the
 * world changes, since partners poll it and it is the hot path of the benchmark.
 */
export function buildConfiguration(world: World, connection: Connection, extent: Extent): Record<string, unknown> {
  const key =
    (extent.includeUnsynchronizedRates ? 1 : 0) |
    (extent.includeUnsynchronizedCategories ? 2 : 0) |
    (extent.includeProducts ? 4 : 0) |
    (extent.includeCompanies ? 8 : 0) |
    (extent.includeAgeCategories ? 16 : 0);
  let perExtent = cache.get(connection);
  if (!perExtent) cache.set(connection, (perExtent = new Map()));
  const hit = perExtent.get(key);
  if (hit && hit.version === world.state.version) return hit.body;
  const body = memoizeJson(build(world, connection, extent));
  perExtent.set(key, { version: world.state.version, body });
  return body;
}

function build(world: World, connection: Connection, extent: Extent): Record<string, unknown> {
  const property = world.state.propertyOf(connection);
  const covered = new Set(connection.spaceTypeCodes);
  const spaceCategories = property.spaceCategories
    .filter((s) => covered.has(s.code))
    .filter((s) => extent.includeUnsynchronizedCategories || !connection.unsynchronizedCategories.has(s.code))
    .map((s) => ({
      code: s.code,
      name: s.name,
      isSynchronized: !connection.unsynchronizedCategories.has(s.code),
      ...(s.description !== undefined && { description: s.description }),
      classification: s.classification,
      ...(s.bedType !== undefined && { bedType: s.bedType }),
      ...(s.bedCount !== undefined && { bedCount: s.bedCount }),
      ...(s.extraBedCount !== undefined && { extraBedCount: s.extraBedCount }),
      spaceCount: s.spaceCount,
      ...(s.images && { images: s.images }),
    }));
  const ratePlans = property.ratePlans
    .filter((r) => extent.includeUnsynchronizedRates || !connection.unsynchronizedRates.has(r.code))
    .map((r) => ({
      code: r.code,
      name: r.name,
      ...(r.description !== undefined && { description: r.description }),
      currencyCode: property.currencyCode,
      isSynchronized: !connection.unsynchronizedRates.has(r.code),
      rateType: r.rateType,
      ...(r.cancellationPolicies && { cancellationPolicies: r.cancellationPolicies.map(policy) }),
    }));
  const rateCodes = new Set(ratePlans.map((r) => r.code));
  const spaceCodes = new Set(spaceCategories.map((s) => s.code));
  const body: Record<string, unknown> = {
    connectionToken: connection.token,
    property: {
      name: property.name,
      ...(property.description !== undefined && { description: property.description }),
      languageCode: property.languageCode,
      timeZoneIdentifier: property.timeZoneIdentifier,
      ...(property.websiteUrl !== undefined && { websiteUrl: property.websiteUrl }),
      ...(property.email !== undefined && { email: property.email }),
      ...(property.telephone !== undefined && { telephone: property.telephone }),
      spaceCount: property.spaceCategories.reduce((sum, s) => sum + s.spaceCount, 0),
      pricingMode: property.pricingMode,
      ...(property.address && { address: property.address }),
      ...(property.images && { images: property.images }),
    },
    spaceCategories,
    ratePlans,
    inventoryMappings: connection.inventoryMappings.filter((m) => rateCodes.has(m.ratePlanCode) && spaceCodes.has(m.spaceTypeCode)),
  };
  if (extent.includeProducts) {
    const mappings = connection.productMappings.filter((m) => rateCodes.has(m.ratePlanCode));
    const mapped = new Set(mappings.map((m) => m.productCode));
    body.products = property.products
      .filter((p) => mapped.has(p.code))
      .map((p) => {
        const net = round2(p.grossValue / (1 + property.taxRate));
        return {
          code: p.code,
          name: p.name,
          description: p.description ?? '',
          pricing: p.pricing,
          unitAmount: {
            currencyCode: property.currencyCode,
            netValue: net,
            grossValue: p.grossValue,
            taxValues: [{ code: p.taxCode ?? property.taxCode, value: round2(p.grossValue - net) }],
          },
        };
      });
    body.productMappings = mappings;
  }
  if (extent.includeCompanies) {
    body.companies = property.companies;
    body.travelAgencies = property.travelAgencies;
  }
  if (extent.includeAgeCategories) {
    body.ageCategories = property.ageCategories.map((a) => ({
      code: a.code,
      name: a.name,
      minimumAge: a.minimumAge ?? null,
      maximumAge: a.maximumAge ?? null,
    }));
  }
  body.success = true;
  return body;
}

function policy(p: NonNullable<World['state']['fixture']['properties'][number]['ratePlans'][number]['cancellationPolicies']>[number]) {
  return {
    ...(p.offset !== undefined && { offset: p.offset }),
    applicability: p.applicability,
    penalty: {
      relative: { value: p.penalty.relative.value, nights: p.penalty.relative.nights ?? null },
      absolute: p.penalty.absolute,
    },
  };
}
