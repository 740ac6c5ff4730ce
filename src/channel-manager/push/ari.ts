import { toIsoDate, type DayNumber } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import { round2, type Inventory, type RestrictionValue } from '../../world/inventory.js';
import type { Property } from '../../world/schema.js';
import type { Connection } from '../../world/state.js';

/**
 * The ARI content of pushes (availability, prices, restrictions) for one connection, built from
 * the world's inventory. Consecutive days with equal values are merged into one from/to range
 * (`to` included, as the channel manager side expects). Builders yield items lazily so a
 * 365-day push of a large world never sits in memory whole.
 */
export interface AvailabilityItem {
  spaceTypeCode: string;
  from: string;
  to: string;
  availability: number;
}

export interface PriceItem {
  spaceTypeCode: string;
  ratePlanCode: string;
  from: string;
  to: string;
  prices: { grossAmount: number; netAmount: number; currencyCode: string; guestCount: number }[];
  agePrices: { grossAmount: number; netAmount: number; currencyCode: string; guestCount: number; ageCategoryCode: string }[];
}

export interface RestrictionItem {
  spaceTypeCode: string;
  ratePlanCode: string;
  from: string;
  to: string;
  state: number[];
  minLos: number | null;
  maxLos: number | null;
}

export interface Pair {
  ratePlanCode: string;
  spaceTypeCode: string;
}

/** Space types whose availability the connection receives: covered and synchronized. */
export function syncedSpaceTypes(connection: Connection): string[] {
  return connection.spaceTypeCodes.filter((s) => !connection.unsynchronizedCategories.has(s));
}

/** Rate × space pairs whose prices and restrictions the connection receives: mapped, both synchronized. */
export function syncedPairs(connection: Connection): Pair[] {
  const spaces = new Set(syncedSpaceTypes(connection));
  return connection.inventoryMappings.filter((m) => spaces.has(m.spaceTypeCode) && !connection.unsynchronizedRates.has(m.ratePlanCode));
}

/** Merges consecutive days with equal values (by key) into ranges. */
function* ranges<T>(from: DayNumber, to: DayNumber, valueOf: (day: DayNumber) => T, keyOf: (value: T) => string): Generator<{ from: string; to: string; value: T }> {
  let start = from;
  let current = valueOf(from);
  let key = keyOf(current);
  for (let day = from + 1; day <= to; day++) {
    const value = valueOf(day);
    const k = keyOf(value);
    if (k === key) continue;
    yield { from: toIsoDate(start), to: toIsoDate(day - 1), value: current };
    start = day;
    current = value;
    key = k;
  }
  yield { from: toIsoDate(start), to: toIsoDate(to), value: current };
}

export function* availabilityItems(world: World, connection: Connection, from: DayNumber, to: DayNumber, spaceTypeCodes = syncedSpaceTypes(connection)): Generator<AvailabilityItem> {
  const inventory = world.state.inventory(connection.propertyId);
  for (const spaceTypeCode of spaceTypeCodes) {
    for (const r of ranges(from, to, (d) => inventory.availability(spaceTypeCode, d), String)) {
      yield { spaceTypeCode, from: r.from, to: r.to, availability: r.value };
    }
  }
}

export function* priceItems(world: World, connection: Connection, from: DayNumber, to: DayNumber, pairs: Pair[] = syncedPairs(connection)): Generator<PriceItem> {
  const property = world.state.propertyOf(connection);
  const inventory = world.state.inventory(property.id);
  const pricer = packagePricer(property, connection, inventory);
  for (const { ratePlanCode, spaceTypeCode } of pairs) {
    const valueOf = (day: DayNumber) => pricer(ratePlanCode, spaceTypeCode, day);
    for (const r of ranges(from, to, valueOf, (v) => v.key)) {
      yield { spaceTypeCode, ratePlanCode, from: r.from, to: r.to, prices: r.value.prices, agePrices: r.value.agePrices };
    }
  }
}

export function* restrictionItems(world: World, connection: Connection, from: DayNumber, to: DayNumber, pairs: Pair[] = syncedPairs(connection)): Generator<RestrictionItem> {
  const inventory = world.state.inventory(connection.propertyId);
  for (const { ratePlanCode, spaceTypeCode } of pairs) {
    const valueOf = (day: DayNumber) => inventory.restriction(ratePlanCode, spaceTypeCode, day);
    for (const r of ranges(from, to, valueOf, restrictionKey)) {
      yield { spaceTypeCode, ratePlanCode, from: r.from, to: r.to, ...apiRestriction(r.value) };
    }
  }
}

/** Dependent rates of the connection's synchronized rates, with their adjustment to the base rate. */
export function dependentRates(world: World, connection: Connection, from: DayNumber, to: DayNumber) {
  const property = world.state.propertyOf(connection);
  const synced = new Set(syncedPairs(connection).map((p) => p.ratePlanCode));
  return property.ratePlans
    .filter((r) => r.baseRateCode && synced.has(r.code))
    .map((r) => ({
      rateCode: r.code,
      baseRateCode: r.baseRateCode!,
      // relativeValue is the fraction added to the base price (-0.15 = 15% below); see docs/fidelity.md.
      adjustments: [{ startDate: toIsoDate(from), endDate: toIsoDate(to), relativeValue: round2(r.priceFactor - 1), absoluteValue: 0 }],
    }));
}

/** States as the API sends them: 1 open, or 2 together with 6/7/8 (a bare 2 means closed to stay). */
export function apiRestriction(v: RestrictionValue): { state: number[]; minLos: number | null; maxLos: number | null } {
  const closed = v.state.filter((s) => s === 6 || s === 7 || s === 8);
  const state = closed.length ? [2, ...closed] : v.state.includes(2) ? [2, 8] : [1];
  return { state, minLos: v.minLos ?? null, maxLos: v.maxLos ?? null };
}

const restrictionKey = (v: RestrictionValue) => `${v.state.join(',')}|${v.minLos ?? ''}|${v.maxLos ?? ''}`;

/**
 * Prices of one night for a rate × space pair, with the price of mapped products added for
 * package rates: per night products once per night, per person per night products per guest.
 */
function packagePricer(property: Property, connection: Connection, inventory: Inventory) {
  const products = new Map(property.products.map((p) => [p.code, p]));
  const addOns = new Map<string, { perNight: number; perPerson: number }>();
  for (const m of connection.productMappings) {
    const p = products.get(m.productCode);
    if (!p || (p.pricing !== 3 && p.pricing !== 4)) continue;
    const a = addOns.get(m.ratePlanCode) ?? { perNight: 0, perPerson: 0 };
    if (p.pricing === 3) a.perNight += p.grossValue;
    else a.perPerson += p.grossValue;
    addOns.set(m.ratePlanCode, a);
  }
  const currencyCode = property.currencyCode;
  const children = property.ageCategories.filter((a) => a.maximumAge != null && a.maximumAge < 18);
  const tax = 1 + property.taxRate;
  const pricers = new Map<string, ReturnType<Inventory['pricer']>>();
  const net = property.pricingMode === 1;
  return (ratePlanCode: string, spaceTypeCode: string, day: DayNumber) => {
    const key0 = `${ratePlanCode}\u0000${spaceTypeCode}`;
    let pricer = pricers.get(key0);
    if (!pricer) pricers.set(key0, (pricer = inventory.pricer(ratePlanCode, spaceTypeCode)));
    const amounts = pricer ? pricer.amounts(day) : [];
    const add = addOns.get(ratePlanCode);
    let key = '';
    const prices = amounts.map((amount, i) => {
      const guestCount = i + 1;
      // Amounts are in the property's pricing mode; the product's price is gross.
      let gross = net ? round2(amount * tax) : round2(amount);
      let netAmount = net ? round2(amount) : round2(amount / tax);
      if (add) {
        const extra = add.perNight + add.perPerson * guestCount;
        gross = round2(gross + extra);
        netAmount = round2(netAmount + extra / tax);
      }
      key += `${gross}/${netAmount};`;
      return { grossAmount: gross, netAmount, currencyCode, guestCount };
    });
    // An extra child pays a quarter of the single-occupancy price; infants (under 2) stay free.
    const single = prices[0];
    const agePrices = children.map((a) => {
      const share = (a.maximumAge ?? 0) < 2 ? 0 : 0.25;
      return {
        grossAmount: round2((single?.grossAmount ?? 0) * share),
        netAmount: round2((single?.netAmount ?? 0) * share),
        currencyCode,
        guestCount: 1,
        ageCategoryCode: a.code,
      };
    });
    return { prices, agePrices, key };
  };
}
