import { addDays, dateInZone } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Property, RatePlan } from '../../world/schema.js';
import { setSynchronized } from '../../channel-manager/commands.js';
import { operation, type Body, type Ctx } from '../builder.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { catalogChanges, rateViews } from './catalog.js';

/**
 * Rates added, set and deleted through the Connector API are rate plans of the one world: a new
 * rate is priced like the fixture's, shows in rates/getAll and rates/getPricing, and in the Channel
 * Manager API's getConfiguration (unmapped, so no push carries it until it is mapped). A deleted rate
 * stops being synchronized to every channel manager connection.
 */

/** The price a base rate has when rates/add gives none (rates.md). */
const DEFAULT_BASE_AMOUNT = 10000;

const textOf = (t: Record<string, string> | null | undefined): string | undefined => (t ? Object.values(t).find((v) => v) : undefined);

/** A rate's world code by its id or "eid:<ExternalIdentifier>"; active rates only. */
export function activeRateCode(world: World, property: Property, id: string, at: string): string {
  const m = modelOf(world, property);
  const view = rateViews(world, property).find((r) => (id.startsWith('eid:') ? r.ExternalIdentifier === id.slice(4) : r.Id === id));
  if (!view || view.IsActive === false) throw invalidParameter(at, `no rate ${id} in this enterprise.`);
  return [...m.rateIdByCode].find(([, rid]) => rid === view.Id)![0];
}

function checkService(ctx: Ctx, id: string, at: string): void {
  const m = modelOf(ctx.world, ctx.property);
  const ok = id.startsWith('eid:') ? id.slice(4) === 'stay' : id === m.stayServiceId;
  if (!ok) throw invalidParameter(at, 'rates belong to the bookable service of this enterprise.');
}

function checkGroup(ctx: Ctx, id: string | null | undefined, at: string): void {
  if (id == null) return;
  const group = modelOf(ctx.world, ctx.property).rateGroup;
  if (id !== group.Id && id !== `eid:${group.ExternalIdentifier}`) throw invalidParameter(at, `no rate group ${id}.`);
}

/** The price factor of a base rate whose base resource category costs the given amount. */
function baseFactor(ctx: Ctx, amount: Body | null | undefined, at: string): number {
  const p = ctx.property;
  let value = DEFAULT_BASE_AMOUNT;
  if (amount) {
    if (amount.Currency !== p.currencyCode) throw invalidParameter(`${at}.Currency`, `the enterprise prices in ${p.currencyCode}.`);
    const gross = amount.GrossValue as number | null | undefined;
    const net = amount.NetValue as number | null | undefined;
    if (gross == null && net == null) throw invalidParameter(at, 'GrossValue or NetValue is required.');
    value = p.pricingMode === 0 ? (gross ?? net! * (1 + p.taxRate)) : (net ?? gross! / (1 + p.taxRate));
    if (!(value > 0)) throw invalidParameter(at, 'the price must be positive.');
  }
  return value / p.spaceCategories[0].basePrice;
}

interface Pricing {
  priceFactor: number;
  baseRateCode?: string;
  /** Connector-only: shown by rates/getPricing. */
  AbsoluteAdjustment: number;
}

function pricingOf(ctx: Ctx, item: Body, at: string, self?: string): Pricing {
  if (item.PricingType === 'DependentRatePricing') {
    const dep = item.Pricing?.DependentRatePricing;
    if (!dep) throw invalidParameter(`${at}.Pricing.DependentRatePricing`, 'it is required when PricingType is DependentRatePricing.');
    const baseRateCode = activeRateCode(ctx.world, ctx.property, dep.BaseRateId, `${at}.Pricing.DependentRatePricing.BaseRateId`);
    if (baseRateCode === self) throw invalidParameter(`${at}.Pricing.DependentRatePricing.BaseRateId`, 'a rate cannot depend on itself.');
    const factor = 1 + dep.RelativeAdjustment;
    if (!(factor > 0)) throw invalidParameter(`${at}.Pricing.DependentRatePricing.RelativeAdjustment`, 'it must be greater than -1.');
    return { priceFactor: factor, baseRateCode, AbsoluteAdjustment: dep.AbsoluteAdjustment };
  }
  return { priceFactor: baseFactor(ctx, item.Pricing?.BaseRatePricing?.Amount, `${at}.Pricing.BaseRatePricing.Amount`), AbsoluteAdjustment: 0 };
}

/** A code no rate of the property has: the external identifier, else the short name, else a fresh one. */
function newCode(ctx: Ctx, item: Body, taken: Set<string>, at: string): string {
  const external = item.ExternalIdentifier as string | null | undefined;
  if (external != null) {
    if (taken.has(external)) throw invalidParameter(`${at}.ExternalIdentifier`, `a rate with external identifier ${external} exists.`);
    return external;
  }
  const short = textOf(item.ShortNames);
  if (short && !taken.has(short)) return short;
  return `R-${ctx.world.state.uuid().slice(0, 8).toUpperCase()}`;
}

function checkReferences(ctx: Ctx, item: Body, at: string): void {
  const m = modelOf(ctx.world, ctx.property);
  if (item.BusinessSegmentId != null && !m.businessSegments.some((b) => b.Id === item.BusinessSegmentId)) throw invalidParameter(`${at}.BusinessSegmentId`, `no business segment ${item.BusinessSegmentId}.`);
  if (item.AccountingCategoryId != null && ![...m.accountingCategoryIdByCode.values()].includes(item.AccountingCategoryId)) throw invalidParameter(`${at}.AccountingCategoryId`, `no accounting category ${item.AccountingCategoryId}.`);
  if (!textOf(item.Names)) throw invalidParameter(`${at}.Names`, 'at least one name is required.');
}

/** Prices of a rate moved: channel managers mapping it get the change as a delta push. */
function pricesChanged(ctx: Ctx, code: string): void {
  const today = dateInZone(ctx.world.clock.nowMs(), ctx.property.timeZoneIdentifier);
  for (const s of ctx.property.spaceCategories) {
    ctx.world.state.changed({ type: 'prices', propertyId: ctx.property.id, ratePlanCode: code, spaceTypeCode: s.code, from: today, to: addDays(today, 365) });
  }
}

interface NewRate {
  plan: RatePlan;
  details: Record<string, unknown>;
}

function buildRate(ctx: Ctx, item: Body, at: string, taken: Set<string>, defaults: { IsEnabled: boolean }): NewRate {
  checkService(ctx, item.ServiceId, `${at}.ServiceId`);
  checkGroup(ctx, item.RateGroupId, `${at}.RateGroupId`);
  checkReferences(ctx, item, at);
  const code = newCode(ctx, item, taken, at);
  taken.add(code);
  const { priceFactor, baseRateCode, AbsoluteAdjustment } = pricingOf(ctx, item, at);
  const name = textOf(item.Names)!;
  const description = textOf(item.Descriptions);
  const plan: RatePlan = { code, name, ...(description && { description }), rateType: item.Type === 'Public' ? 1 : 0, priceFactor, ...(baseRateCode && { baseRateCode }) };
  const base = item.Pricing?.BaseRatePricing;
  return {
    plan,
    details: {
      IsEnabled: item.IsEnabled ?? defaults.IsEnabled,
      IsDefault: false,
      BusinessSegmentId: item.BusinessSegmentId ?? null,
      Names: item.Names,
      ShortName: textOf(item.ShortNames) ?? code,
      ExternalNames: item.ExternalNames ?? item.Names,
      Description: item.Descriptions ?? {},
      ExternalIdentifier: item.ExternalIdentifier ?? null,
      UpdatedUtc: ctx.now,
      AbsoluteAdjustment,
      ...(base?.NegativeOccupancyAdjustment != null && { NegativeOccupancyAdjustment: base.NegativeOccupancyAdjustment, ExtraOccupancyAdjustment: base.ExtraOccupancyAdjustment }),
    },
  };
}

/** Stores new rates in the world and answers their views. */
function store(ctx: Ctx, rates: NewRate[]): string[] {
  const inv = ctx.world.state.inventory(ctx.property.id);
  const changes = catalogChanges(ctx.world, ctx.property).rates;
  const m = () => modelOf(ctx.world, ctx.property);
  return rates.map(({ plan, details }) => {
    inv.addRate(plan);
    pricesChanged(ctx, plan.code);
    const id = m().rateIdByCode.get(plan.code)!;
    changes.set(id, details);
    return id;
  });
}

const viewsOf = (ctx: Ctx, ids: string[]) => {
  const views = rateViews(ctx.world, ctx.property);
  return ids.map((id) => views.find((r) => r.Id === id)!);
};

export const addRates = operation('rates/add', {
  handle(ctx) {
    const taken = new Set(ctx.property.ratePlans.map((r) => r.code));
    const built = (ctx.body.Rates as Body[]).map((item, i) => buildRate(ctx, item, `Rates[${i}]`, taken, { IsEnabled: false }));
    return { Rates: viewsOf(ctx, store(ctx, built)) };
  },
});

export const setRates = operation('rates/set', {
  handle(ctx) {
    const world = ctx.world;
    const property = ctx.property;
    const taken = new Set(property.ratePlans.map((r) => r.code));
    const inv = world.state.inventory(property.id);
    const changes = catalogChanges(world, property).rates;
    const views = rateViews(world, property);
    const codeOf = (id: string) => [...modelOf(world, property).rateIdByCode].find(([, rid]) => rid === id)![0];
    // Every item is checked before anything changes.
    const plans = (ctx.body.Rates as Body[]).map((item, i) => {
      const at = `Rates[${i}]`;
      const existing = item.Id != null ? views.find((r) => r.Id === item.Id) : item.ExternalIdentifier != null ? views.find((r) => r.ExternalIdentifier === item.ExternalIdentifier) : undefined;
      if (item.Id != null && (!existing || existing.IsActive === false)) throw invalidParameter(`${at}.Id`, `no rate ${item.Id} in this enterprise.`);
      if (!existing || existing.IsActive === false) return { add: buildRate(ctx, item, at, taken, { IsEnabled: true }) };
      checkGroup(ctx, item.RateGroupId, `${at}.RateGroupId`);
      checkReferences(ctx, item, at);
      const code = codeOf(existing.Id);
      const plan = inv.rate(code)!;
      const wasDependent = plan.baseRateCode !== undefined;
      if (wasDependent !== (item.PricingType === 'DependentRatePricing')) throw invalidParameter(`${at}.PricingType`, `it must match the rate's pricing type (${wasDependent ? 'DependentRatePricing' : 'BaseRatePricing'}).`);
      const pricing = item.Pricing ? pricingOf(ctx, item, at, code) : undefined;
      return { update: { id: existing.Id, code, plan, item, pricing } };
    });
    const ids: string[] = [];
    for (const p of plans) {
      if (p.add) {
        ids.push(...store(ctx, [p.add]));
        continue;
      }
      const { id, code, plan, item, pricing } = p.update!;
      plan.name = textOf(item.Names)!;
      plan.rateType = item.Type === 'Public' ? 1 : 0;
      const description = textOf(item.Descriptions);
      if (description) plan.description = description;
      if (pricing) {
        plan.priceFactor = pricing.priceFactor;
        if (pricing.baseRateCode) plan.baseRateCode = pricing.baseRateCode;
      }
      changes.set(id, {
        ...changes.get(id),
        Names: item.Names,
        IsEnabled: item.IsEnabled ?? true,
        ...(item.Descriptions != null && { Description: item.Descriptions }),
        ...(pricing && { AbsoluteAdjustment: pricing.AbsoluteAdjustment }),
        UpdatedUtc: ctx.now,
      });
      pricesChanged(ctx, code);
      ids.push(id);
    }
    return { Rates: viewsOf(ctx, ids) };
  },
});

export const deleteRates = operation('rates/delete', {
  handle(ctx) {
    const { world, property } = ctx;
    const ids = ctx.body.RateIds as string[];
    if (!ids.length) throw invalidParameter('RateIds', 'at least one rate id is required.');
    const codes = ids.map((id, i) => activeRateCode(world, property, id, `RateIds[${i}]`));
    const dependents = property.ratePlans.filter((r) => r.baseRateCode && codes.includes(r.baseRateCode) && !codes.includes(r.code));
    const m = modelOf(world, property);
    const views = rateViews(world, property);
    const live = dependents.filter((r) => views.find((v) => v.Id === m.rateIdByCode.get(r.code))?.IsActive !== false);
    if (live.length) throw new ConnectorError(403, `The rate ${live[0].baseRateCode} is the base rate of ${live[0].code}; delete its dependent rates first.`);
    const changes = catalogChanges(world, property).rates;
    for (const code of codes) {
      const id = m.rateIdByCode.get(code)!;
      changes.set(id, { ...changes.get(id), IsActive: false, IsEnabled: false, IsDefault: false, UpdatedUtc: ctx.now });
    }
    // Channel managers stop getting the rate: it is no longer synchronized to any connection.
    for (const c of world.state.connections.values()) {
      if (c.propertyId !== property.id || c.deleted) continue;
      for (const code of codes) setSynchronized(world, c.token, 'rate', code, false);
    }
    // The catalog changed: cached views rebuild.
    world.state.version++;
    return {};
  },
});

export const updateRateCapacityOffset = operation('rates/updateCapacityOffset', {
  handle(ctx) {
    const { world, property } = ctx;
    const updates = ctx.body.CapacityOffsetUpdates as Body[];
    const m = modelOf(world, property);
    const found = updates.map((u, i) => m.rateIdByCode.get(activeRateCode(world, property, u.RateId, `CapacityOffsetUpdates[${i}].RateId`))!);
    const changes = catalogChanges(world, property).rates;
    updates.forEach((u, i) => {
      const id = found[i];
      const c = { ...changes.get(id) };
      for (const f of ['NegativeOccupancyAdjustment', 'ExtraOccupancyAdjustment']) {
        if (u[f] != null) {
          if (u[f].Value == null) delete c[f];
          else c[f] = u[f].Value;
        }
      }
      changes.set(id, { ...c, UpdatedUtc: ctx.now });
    });
    // The catalog changed: cached views rebuild.
    world.state.version++;
    return {};
  },
});
