import { z } from 'zod';
import { getAll, maxMonths, operation } from '../builder.js';
import { modelOf } from '../model.js';
import { paginate } from '../pagination.js';
import { checkInterval, inInterval } from '../time.js';
import { byIds, ids, interval, limitation, RequestBase } from './common.js';
import { withChanges } from './resource-updates.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';

type Item = Record<string, unknown> & { Id: string };

/**
 * What Connector operations changed about rates and resource categories beyond the world's own
 * fields (names in every language, enabled, deleted, ...): laid over the model's view, by id.
 */
export const catalogChanges = (world: World, property: Property) =>
  world.apiStateOf(`connector:catalog:${property.id}`, () => ({ rates: new Map<string, Record<string, unknown>>(), categories: new Map<string, Record<string, unknown>>() }));

/** Rates as the Connector API shows them: the model's, with the changes laid over. */
export function rateViews(world: World, property: Property): Item[] {
  const changes = catalogChanges(world, property).rates;
  return modelOf(world, property).rates.map((r) => {
    const c = changes.get(r.Id);
    if (!c) return r;
    const view: Item = { ...r };
    for (const k of Object.keys(r)) if (k in c) view[k] = c[k];
    return view;
  });
}

/** Resource categories as the Connector API shows them: the model's, with the changes laid over. */
export function categoryViews(world: World, property: Property): Item[] {
  const changes = catalogChanges(world, property).categories;
  return (modelOf(world, property).resourceCategories as Item[]).map((r) => {
    const c = changes.get(r.Id);
    if (!c) return r;
    const view: Item = { ...r };
    for (const k of Object.keys(r)) if (k in c) view[k] = c[k];
    return view;
  });
}

/** The token's enterprise is the only one in scope; other ids select nothing. */
function inScope(enterpriseId: string, list: string[] | null | undefined): boolean {
  return !list || list.includes(enterpriseId);
}

export const getAllServices = getAll('services/getAll', {
  summary: 'Services of the enterprise: the bookable stay service and an additional service.',
  collection: 'Services',
  items: (ctx) => modelOf(ctx.world, ctx.property).services as Item[],
  filters: { EnterpriseIds: 'EnterpriseId', ServiceIds: 'Id', ServiceType: (s, wanted) => wanted.has((s.Data as { Discriminator: string }).Discriminator) },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

export const getAllResourceCategories = getAll('resourceCategories/getAll', {
  summary: 'Resource categories (space types) of the given services.',
  collection: 'ResourceCategories',
  items: (ctx) => (inScope(ctx.enterpriseId, ctx.body.EnterpriseIds) ? categoryViews(ctx.world, ctx.property) : []),
  filters: { ServiceIds: 'ServiceId', ResourceCategoryIds: 'Id' },
  // Categories carry no UpdatedUtc: the world's were last changed at its start.
  times: { UpdatedUtc: (_c, range) => inInterval(STATIC, range) },
});

const STATIC = '2025-01-06T09:00:00Z';

export const getAllResources = operation('resources/getAll', {
  summary: 'Resources (rooms, beds) of the enterprise.',
  request: RequestBase.extend({
    EnterpriseIds: ids(),
    ResourceIds: ids(),
    Names: ids(),
    Extent: z.object({ Resources: z.boolean().nullish(), Inactive: z.boolean().nullish() }).passthrough(),
    CreatedUtc: interval,
    UpdatedUtc: interval,
    Limitation: limitation,
  }).meta({ id: 'ResourcesGetAllRequest' }),
  collection: 'Resources',
  handle({ world, property, body, findings }) {
    const m = modelOf(world, property);
    const created = checkInterval('CreatedUtc', body.CreatedUtc, maxMonths('resources/getAll', 'CreatedUtc'));
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('resources/getAll', 'UpdatedUtc'));
    for (const old of ['ResourceCategories', 'ResourceCategoryAssignments', 'ResourceCategoryImageAssignments', 'ResourceFeatures', 'ResourceFeatureAssignments']) {
      if ((body.Extent as Record<string, unknown>)[old]) findings.push({ severity: 'warning', kind: 'deprecated-field', path: `Extent.${old}`, message: `Extent.${old} is deprecated; use the dedicated getAll operation.` });
    }
    let items = body.Extent.Resources && inScope(m.enterprise.Id as string, body.EnterpriseIds) ? m.resources.map((r) => withChanges(world, property, r)) : [];
    items = byIds(byIds(items, 'Id', body.ResourceIds), 'Name', body.Names).filter(
      (r) => (body.Extent.Inactive || r.IsActive) && inInterval(r.CreatedUtc as string, created) && inInterval(r.UpdatedUtc as string, updated),
    );
    const { page, cursor } = paginate(items, body.Limitation);
    return { Resources: page, Cursor: cursor, ResourceCategories: null, ResourceCategoryAssignments: null, ResourceCategoryImageAssignments: null, ResourceFeatures: null, ResourceFeatureAssignments: null };
  },
});

export const getAllRates = getAll('rates/getAll', {
  summary: 'Rates of the given services (with their deprecated rate groups).',
  collection: 'Rates',
  items: (ctx) => (ctx.body.Extent?.Rates !== false && inScope(ctx.enterpriseId, ctx.body.EnterpriseIds) ? rateViews(ctx.world, ctx.property) : []),
  filters: { ServiceIds: 'ServiceId', RateIds: 'Id', ExternalIdentifiers: 'ExternalIdentifier' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  extra: (ctx) => ({
    RateGroups: !ctx.body.Extent || ctx.body.Extent.RateGroups ? [modelOf(ctx.world, ctx.property).rateGroup] : [],
    RateRestrictions: { DateRestrictions: [], EarlinessRestrictions: [], LengthRestrictions: [] },
  }),
});

export const getAllAgeCategories = getAll('ageCategories/getAll', {
  summary: 'Age categories of the bookable services.',
  collection: 'AgeCategories',
  items: (ctx) => (inScope(ctx.enterpriseId, ctx.body.EnterpriseIds) ? (modelOf(ctx.world, ctx.property).ageCategories as Item[]) : []),
  filters: { AgeCategoryIds: 'Id', ServiceIds: 'ServiceId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

