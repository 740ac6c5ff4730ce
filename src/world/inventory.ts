import { weekday, type DayNumber } from '../engine/dates.js';
import type { Property, RatePlan, RestrictionRule, SpaceCategory } from './schema.js';

/**
 * Per-date inventory of one property: availability per space type, prices per rate × space ×
 * occupancy and restrictions per rate × space. Values come from the fixture's rules (computed on
 * demand, so a 10-year range costs nothing) with explicit overrides layered on top.
 */
export interface PricePoint {
  guestCount: number;
  grossAmount: number;
  netAmount: number;
}

export interface RestrictionValue {
  state: number[];
  minLos?: number;
  maxLos?: number;
}

export interface PriceOverride {
  /** Price at default occupancy, in the property's pricing mode; other occupancies follow the curve. */
  base?: number;
  /** Explicit prices per guest count, in the property's pricing mode. */
  byGuests?: Record<number, number>;
}

const pairKey = (rate: string, space: string) => `${rate}\u0000${space}`;

export function defaultOccupancy(space: SpaceCategory): number {
  return Math.max(1, space.bedCount ?? 1);
}

export function maxOccupancy(space: SpaceCategory): number {
  return Math.max(1, (space.bedCount ?? 1) + (space.extraBedCount ?? 0));
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export class Inventory {
  private readonly spaces = new Map<string, SpaceCategory>();
  private readonly rates = new Map<string, RatePlan>();
  private readonly booked = new Map<string, Map<DayNumber, number>>();
  private readonly availabilityOverrides = new Map<string, Map<DayNumber, number>>();
  private readonly priceOverrides = new Map<string, Map<DayNumber, PriceOverride>>();
  private readonly restrictionOverrides = new Map<string, Map<DayNumber, RestrictionValue>>();

  constructor(
    readonly property: Property,
    private readonly seed: number,
  ) {
    for (const s of property.spaceCategories) this.spaces.set(s.code, s);
    for (const r of property.ratePlans) this.rates.set(r.code, r);
  }

  space(code: string): SpaceCategory | undefined {
    return this.spaces.get(code);
  }

  rate(code: string): RatePlan | undefined {
    return this.rates.get(code);
  }

  /** A rate or space category created at run time (Connector API rates/add, resourceCategories/add). */
  addRate(rate: RatePlan): void {
    this.property.ratePlans.push(rate);
    this.rates.set(rate.code, rate);
  }

  addSpace(space: SpaceCategory): void {
    this.property.spaceCategories.push(space);
    this.spaces.set(space.code, space);
  }

  // ---- availability ----

  bookedCount(spaceTypeCode: string, day: DayNumber): number {
    return this.booked.get(spaceTypeCode)?.get(day) ?? 0;
  }

  /** Spaces still sellable: the override if one is set, else space count minus booked (never negative). */
  availability(spaceTypeCode: string, day: DayNumber): number {
    const override = this.availabilityOverrides.get(spaceTypeCode)?.get(day);
    if (override !== undefined) return override;
    const space = this.spaces.get(spaceTypeCode);
    if (!space) return 0;
    return Math.max(0, space.spaceCount - this.bookedCount(spaceTypeCode, day));
  }

  /** Adds (or with a negative count, releases) booked spaces for the nights [from, to). */
  book(spaceTypeCode: string, from: DayNumber, to: DayNumber, count = 1): void {
    let days = this.booked.get(spaceTypeCode);
    if (!days) this.booked.set(spaceTypeCode, (days = new Map()));
    for (let d = from; d < to; d++) {
      const next = (days.get(d) ?? 0) + count;
      if (next === 0) days.delete(d);
      else days.set(d, next);
    }
  }

  setAvailability(spaceTypeCode: string, from: DayNumber, to: DayNumber, value: number | null): void {
    setRange(this.availabilityOverrides, spaceTypeCode, from, to, value);
  }

  // ---- prices ----

  /** Price at every occupancy for one night, in gross and net. */
  prices(ratePlanCode: string, spaceTypeCode: string, day: DayNumber): PricePoint[] {
    const pricer = this.pricer(ratePlanCode, spaceTypeCode);
    if (!pricer) return [];
    return pricer.amounts(day).map((amount, i) => ({ guestCount: i + 1, ...this.grossAndNet(amount) }));
  }

  /**
   * Prices of one rate × space pair by day, with everything that does not depend on the day worked
   * out once: the hot path of full pushes.
   */
  pricer(ratePlanCode: string, spaceTypeCode: string): { maxGuests: number; amounts(day: DayNumber): number[] } | undefined {
    const space = this.spaces.get(spaceTypeCode);
    const rate = this.rates.get(ratePlanCode);
    if (!space || !rate) return undefined;
    let factor = rate.priceFactor;
    let root = rate;
    // Dependent rates follow their base rate's daily price (bounded walk guards against cycles).
    for (let hops = 0; root.baseRateCode && hops < 8; hops++) {
      const parent = this.rates.get(root.baseRateCode);
      if (!parent) break;
      root = parent;
      factor *= parent.priceFactor;
    }
    const base = space.basePrice * factor;
    const seed = pairSeed(this.seed, root.code, space.code);
    const overrides = this.priceOverrides.get(pairKey(ratePlanCode, spaceTypeCode));
    const dflt = defaultOccupancy(space);
    const maxGuests = maxOccupancy(space);
    return {
      maxGuests,
      amounts(day: DayNumber): number[] {
        const override = overrides?.get(day);
        const dayBase = override?.base ?? base * dailyFactor(seed, day);
        const out = new Array<number>(maxGuests);
        for (let guests = 1; guests <= maxGuests; guests++) {
          out[guests - 1] = override?.byGuests?.[guests] ?? occupancyPrice(dayBase, guests, dflt);
        }
        return out;
      },
    };
  }

  /** Price for a given guest count in the property's pricing mode. */
  price(ratePlanCode: string, spaceTypeCode: string, day: DayNumber, guestCount: number): number | undefined {
    const point = this.prices(ratePlanCode, spaceTypeCode, day).find((p) => p.guestCount === guestCount);
    if (!point) return undefined;
    return this.property.pricingMode === 0 ? point.grossAmount : point.netAmount;
  }

  setPrice(ratePlanCode: string, spaceTypeCode: string, from: DayNumber, to: DayNumber, value: PriceOverride | null): void {
    setRange(this.priceOverrides, pairKey(ratePlanCode, spaceTypeCode), from, to, value);
  }

  grossAndNet(amount: number): { grossAmount: number; netAmount: number } {
    const tax = 1 + this.property.taxRate;
    return this.property.pricingMode === 0
      ? { grossAmount: round2(amount), netAmount: round2(amount / tax) }
      : { grossAmount: round2(amount * tax), netAmount: round2(amount) };
  }

  // ---- restrictions ----

  restriction(ratePlanCode: string, spaceTypeCode: string, day: DayNumber): RestrictionValue {
    const override = this.restrictionOverrides.get(pairKey(ratePlanCode, spaceTypeCode))?.get(day);
    if (override) return override;
    return evaluateRules(this.property.restrictions, ratePlanCode, spaceTypeCode, day);
  }

  setRestriction(
    ratePlanCode: string,
    spaceTypeCode: string,
    from: DayNumber,
    to: DayNumber,
    value: RestrictionValue | null,
  ): void {
    setRange(this.restrictionOverrides, pairKey(ratePlanCode, spaceTypeCode), from, to, value);
  }

  /** Everything set by hand, for snapshots. */
  overrides() {
    return {
      availability: dump(this.availabilityOverrides),
      prices: dump(this.priceOverrides),
      restrictions: dump(this.restrictionOverrides),
    };
  }
}

/** Sets (or with null, clears) a value for the days [from, to). */
function setRange<T>(store: Map<string, Map<DayNumber, T>>, key: string, from: DayNumber, to: DayNumber, value: T | null) {
  let days = store.get(key);
  if (!days) store.set(key, (days = new Map()));
  for (let d = from; d < to; d++) {
    if (value === null) days.delete(d);
    else days.set(d, value);
  }
}

function dump<T>(store: Map<string, Map<DayNumber, T>>): Record<string, Record<number, T>> {
  const out: Record<string, Record<number, T>> = {};
  for (const [key, days] of store) if (days.size) out[key.replace('\u0000', '/')] = Object.fromEntries(days);
  return out;
}

/** Fewer guests pay at most 40% less than the default occupancy's price. */
export const MIN_OCCUPANCY_SHARE = 0.4;

/**
 * Fewer guests than the default occupancy pay 15% less per missing guest, but never under
 * MIN_OCCUPANCY_SHARE of the price (a large dormitory sold to one guest would otherwise come out
 * negative); more guests pay a 25% supplement each. Positive base, positive price.
 */
export function occupancyPrice(base: number, guests: number, defaultGuests: number): number {
  if (guests === defaultGuests) return round2(base);
  if (guests < defaultGuests) return round2(base * Math.max(MIN_OCCUPANCY_SHARE, 1 - 0.15 * (defaultGuests - guests)));
  return round2(base * (1 + 0.25 * (guests - defaultGuests)));
}

/** Deterministic daily variation: weekend uplift plus a seeded ±6% wobble per rate, space and day. */
function dailyFactor(pairSeed: number, day: DayNumber): number {
  const wd = weekday(day);
  const weekend = wd === 5 || wd === 6 ? 1.12 : 1;
  return weekend * (0.94 + 0.12 * hash01(pairSeed, day));
}

/** FNV-1a of the seed, rate and space codes: mixed with the day for each night's wobble. */
function pairSeed(seed: number, rate: string, space: string): number {
  let h = (2166136261 ^ seed) >>> 0;
  const mix = (n: number) => {
    h ^= n;
    h = Math.imul(h, 16777619) >>> 0;
  };
  for (let i = 0; i < rate.length; i++) mix(rate.charCodeAt(i));
  mix(0);
  for (let i = 0; i < space.length; i++) mix(space.charCodeAt(i));
  return h;
}

function hash01(pairSeed: number, day: number): number {
  let h = pairSeed;
  h ^= day & 0xffff;
  h = Math.imul(h, 16777619) >>> 0;
  h ^= day >>> 16;
  h = Math.imul(h, 16777619) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995) >>> 0;
  h ^= h >>> 15;
  return h / 0x100000000;
}

function evaluateRules(rules: RestrictionRule[], rate: string, space: string, day: DayNumber): RestrictionValue {
  let result: RestrictionValue | undefined;
  for (const rule of rules) {
    if (rule.ratePlanCode !== undefined && rule.ratePlanCode !== rate) continue;
    if (rule.spaceTypeCode !== undefined && rule.spaceTypeCode !== space) continue;
    if (rule.weekdays && !rule.weekdays.includes(weekday(day))) continue;
    if (rule.from !== undefined && day < isoDay(rule.from)) continue;
    if (rule.to !== undefined && day > isoDay(rule.to)) continue;
    result = mergeRestriction(result, rule);
  }
  return result ?? OPEN;
}

const OPEN: RestrictionValue = Object.freeze({ state: [1] }) as RestrictionValue;

function mergeRestriction(a: RestrictionValue | undefined, b: RestrictionValue): RestrictionValue {
  if (!a) return { state: [...b.state], minLos: b.minLos, maxLos: b.maxLos };
  const state = [...new Set([...a.state, ...b.state])].filter((s) => s !== 1);
  return {
    state: state.length ? state.sort((x, y) => x - y) : [1],
    minLos: maxDefined(a.minLos, b.minLos),
    maxLos: minDefined(a.maxLos, b.maxLos),
  };
}

const maxDefined = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
const minDefined = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
const isoDay = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86_400_000;
