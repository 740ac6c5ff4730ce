import { z } from 'zod';
import { addDays, dateInZone, dayOf, weekday } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { RestrictionValue } from '../../world/inventory.js';
import type { Property } from '../../world/schema.js';
import { invalidParameter } from '../errors.js';
import { maxMonths, operation } from '../builder.js';
import { modelOf, type ConnectorModel } from '../model.js';
import { paginate } from '../pagination.js';
import { checkInterval, inInterval, localToUtc } from '../time.js';
import { stableId } from '../../world/ids.js';
import { ids, interval, limitation, RequestBase } from './common.js';

/**
 * Restrictions through the Connector API. Restrictions set by integrations are records with
 * conditions (type, rate, category, dates, weekdays) and exceptions (length of stay, advance, price);
 * `set` replaces, over its interval, the records with the same conditions and merges touching
 * identical ones, `clear` cuts them out of the interval. Their effect on each rate × space × day is
 * written into the inventory, so channel managers get it as a delta restriction push.
 */
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const TYPES = ['Stay', 'Start', 'End'] as const;
const duration = z.string().regex(/^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/, 'expected an ISO 8601 duration such as P0M2DT0H0M0S');
const DaysParameters = z.object(Object.fromEntries(DAY_NAMES.map((d) => [d, z.boolean()])) as Record<(typeof DAY_NAMES)[number], z.ZodBoolean>);
const currencyValue = z.object({ Currency: z.string().length(3), Value: z.number() });

const ConditionFields = {
  Type: z.enum(TYPES),
  ExactRateId: z.string().nullish(),
  BaseRateId: z.string().nullish(),
  RateGroupId: z.string().nullish(),
  ResourceCategoryId: z.string().nullish(),
  ResourceCategoryType: z.string().nullish(),
  StartUtc: z.iso.datetime({ offset: true }).nullish(),
  EndUtc: z.iso.datetime({ offset: true }).nullish(),
  Days: DaysParameters,
};
const ExceptionFields = { MinAdvance: duration.nullish(), MaxAdvance: duration.nullish(), MinLength: duration.nullish(), MaxLength: duration.nullish(), MinPrice: currencyValue.nullish(), MaxPrice: currencyValue.nullish() };

type Exceptions = { MinAdvance?: string | null; MaxAdvance?: string | null; MinLength?: string | null; MaxLength?: string | null; MinPrice?: unknown; MaxPrice?: unknown };

interface Record_ {
  id: string;
  /** Restrictions the property defined itself; integrations neither change nor clear them. */
  origin?: 'User';
  type: (typeof TYPES)[number];
  exactRate?: string;
  baseRate?: string;
  rateGroup?: string;
  category?: string;
  categoryType?: string;
  days: string[];
  /** Local dates, both included; undefined = unbounded. */
  from?: string;
  to?: string;
  exceptions: Exceptions;
  createdUtc: string;
  updatedUtc: string;
}

const storeKey = (property: Property) => `connector:restrictions:${property.id}`;
const records = (world: World, property: Property) => world.apiStateOf(storeKey(property), () => [] as Record_[]);
const signature = (r: Pick<Record_, 'type' | 'exactRate' | 'baseRate' | 'rateGroup' | 'category' | 'categoryType' | 'days'>) =>
  [r.type, r.exactRate, r.baseRate, r.rateGroup, r.category, r.categoryType, r.days.join(',')].join('|');
const sameExceptions = (a: Exceptions, b: Exceptions) => JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
const normalize = (e: Exceptions) => Object.fromEntries(Object.entries(e).filter(([, v]) => v != null).sort());

type Data = { Type: (typeof TYPES)[number]; ExactRateId?: string | null; BaseRateId?: string | null; RateGroupId?: string | null; ResourceCategoryId?: string | null; ResourceCategoryType?: string | null; StartUtc?: string | null; EndUtc?: string | null; Days: Record<string, boolean> } & Exceptions;

/** Resolves hybrid ids ("eid:BAR") and local dates of one set/clear item. */
function toRecord(world: World, property: Property, m: ConnectorModel, d: Data, at: string): Omit<Record_, 'id' | 'createdUtc' | 'updatedUtc'> {
  const rate = (value: string | null | undefined, field: string) => {
    if (!value) return undefined;
    const code = value.startsWith('eid:') ? value.slice(4) : [...m.rateIdByCode].find(([, id]) => id.toLowerCase() === value.toLowerCase())?.[0];
    if (!code || !m.rateIdByCode.has(code)) throw invalidParameter(`${at}.${field}`, `no rate ${value}.`);
    return m.rateIdByCode.get(code)!;
  };
  let category: string | undefined;
  if (d.ResourceCategoryId) {
    const v = d.ResourceCategoryId;
    const code = v.startsWith('eid:') ? v.slice(4) : [...m.categoryIdByCode].find(([, id]) => id.toLowerCase() === v.toLowerCase())?.[0];
    if (!code || !m.categoryIdByCode.has(code)) throw invalidParameter(`${at}.ResourceCategoryId`, `no resource category ${v}.`);
    category = m.categoryIdByCode.get(code);
  }
  const tz = property.timeZoneIdentifier;
  const from = d.StartUtc ? dateInZone(Date.parse(d.StartUtc), tz) : undefined;
  const to = d.EndUtc ? dateInZone(Date.parse(d.EndUtc), tz) : undefined;
  if (from && to && to < from) throw invalidParameter(`${at}.EndUtc`, 'it is before StartUtc.');
  const rateGroup = d.RateGroupId ? (d.RateGroupId === (m.rateGroup.Id as string) || d.RateGroupId === 'eid:default' ? (m.rateGroup.Id as string) : undefined) : undefined;
  if (d.RateGroupId && !rateGroup) throw invalidParameter(`${at}.RateGroupId`, `no rate group ${d.RateGroupId}.`);
  return {
    type: d.Type,
    exactRate: rate(d.ExactRateId, 'ExactRateId'),
    baseRate: rate(d.BaseRateId, 'BaseRateId'),
    rateGroup,
    category,
    categoryType: d.ResourceCategoryType ?? undefined,
    days: DAY_NAMES.filter((n) => d.Days[n]),
    from,
    to,
    exceptions: { MinAdvance: d.MinAdvance, MaxAdvance: d.MaxAdvance, MinLength: d.MinLength, MaxLength: d.MaxLength, MinPrice: d.MinPrice, MaxPrice: d.MaxPrice },
  };
}

const before = (date: string | undefined) => (date ? addDays(date, -1) : undefined);
const after = (date: string | undefined) => (date ? addDays(date, 1) : undefined);
const lt = (a: string | undefined, b: string | undefined, unboundedIsLow: boolean) => (a === undefined ? unboundedIsLow && b !== undefined : b === undefined ? !unboundedIsLow : a < b);

/** Removes [from, to] from every record with this signature, keeping the parts outside as new records. */
function cut(world: World, list: Record_[], sig: string, from: string | undefined, to: string | undefined, now: string): Record_[] {
  const out: Record_[] = [];
  for (const r of list) {
    const overlaps = signature(r) === sig && !(to !== undefined && r.from !== undefined && r.from > to) && !(from !== undefined && r.to !== undefined && r.to < from);
    if (!overlaps) {
      out.push(r);
      continue;
    }
    if (lt(r.from, from, true)) out.push({ ...r, id: world.state.uuid(), to: before(from), updatedUtc: now });
    if (lt(to, r.to, false)) out.push({ ...r, id: world.state.uuid(), from: after(to), updatedUtc: now });
  }
  return out;
}

/** Joins records with the same signature and exceptions whose intervals touch or overlap. */
function mergeAdjacent(list: Record_[]): Record_[] {
  const sorted = [...list].sort((a, b) => (a.from ?? '') < (b.from ?? '') ? -1 : 1);
  const out: Record_[] = [];
  for (const r of sorted) {
    const prev = out.find((p) => signature(p) === signature(r) && sameExceptions(p.exceptions, r.exceptions) && p.to !== undefined && r.from !== undefined && addDays(p.to, 1) >= r.from);
    if (prev) prev.to = r.to === undefined || (prev.to !== undefined && r.to > prev.to) ? r.to : prev.to;
    else out.push({ ...r });
  }
  return out;
}

/** ISO 8601 duration in whole days (length of stay in nights). */
function days(d: string | null | undefined): number | undefined {
  if (!d) return undefined;
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?/.exec(d)!;
  return Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0) * 30 + Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0);
}

/** Rewrites the inventory's restrictions of the affected pairs and days from the records (and reports the changes). */
function apply(world: World, property: Property, m: ConnectorModel, changed: { from?: string; to?: string }[]): void {
  const inv = world.state.inventory(property.id);
  const list = records(world, property);
  const today = world.clock.now().toISOString().slice(0, 10);
  // The effect is worked out over the dates a channel manager can be pushed (a year back, five ahead):
  // the records keep their whole interval, but a stay centuries away needs no inventory.
  const earliest = addDays(today, -366);
  const latest = addDays(today, 5 * 366);
  for (const span of changed) {
    const from = span.from && span.from > earliest ? span.from : span.from ? earliest : today;
    const end = span.to ?? addDays(from, 365);
    const to = end < latest ? end : latest;
    if (to < from) continue;
    for (const rate of property.ratePlans) {
      const rateId = m.rateIdByCode.get(rate.code)!;
      const baseId = rate.baseRateCode ? m.rateIdByCode.get(rate.baseRateCode) : undefined;
      for (const space of property.spaceCategories) {
        const categoryId = m.categoryIdByCode.get(space.code)!;
        const categoryType = (m.resourceCategories.find((c) => c.Id === categoryId) as { Type: string }).Type;
        const applying = list.filter(
          (r) =>
            (!r.exactRate || r.exactRate === rateId) &&
            (!r.baseRate || r.baseRate === baseId || r.baseRate === rateId) &&
            (!r.category || r.category === categoryId) &&
            (!r.categoryType || r.categoryType === categoryType),
        );
        for (let d = dayOf(from); d <= dayOf(to); d++) {
          const date = addDays(from, d - dayOf(from));
          const active = applying.filter((r) => (!r.from || r.from <= date) && (!r.to || date <= r.to) && r.days.includes(DAY_NAMES[weekday(d)]));
          // Back to the property's own rules first, then add what integrations set on top.
          inv.setRestriction(rate.code, space.code, d, d + 1, null);
          if (active.length) inv.setRestriction(rate.code, space.code, d, d + 1, combine([inv.restriction(rate.code, space.code, d), ...active.map(toValue)]));
        }
        world.state.changed({ type: 'restrictions', propertyId: property.id, ratePlanCode: rate.code, spaceTypeCode: space.code, from, to });
      }
    }
  }
}

/**
 * What integration restrictions mean for a channel manager: a restriction without a length exception
 * closes (Stay 8, Start 6, End 7); one with a length exception applies unless the stay is within the
 * bounds, which the channel-manager API expresses as minLos/maxLos on an open state.
 */
function toValue(r: Record_): RestrictionValue {
  const minLos = days(r.exceptions.MinLength);
  const maxLos = days(r.exceptions.MaxLength);
  if (minLos === undefined && maxLos === undefined) return { state: [r.type === 'Stay' ? 8 : r.type === 'Start' ? 6 : 7] };
  return { state: [1], ...(minLos !== undefined && { minLos }), ...(maxLos !== undefined && { maxLos }) };
}

/** Closed states add up; length bounds take the strictest. */
function combine(values: RestrictionValue[]): RestrictionValue {
  const state = new Set<number>();
  let minLos: number | undefined;
  let maxLos: number | undefined;
  for (const v of values) {
    for (const s of v.state) if (s !== 1) state.add(s);
    if (v.minLos !== undefined) minLos = Math.max(minLos ?? 0, v.minLos);
    if (v.maxLos !== undefined) maxLos = Math.min(maxLos ?? Infinity, v.maxLos);
  }
  return { state: state.size ? [...state].sort() : [1], ...(minLos !== undefined && { minLos }), ...(maxLos !== undefined && { maxLos }) };
}

function view(world: World, property: Property, m: ConnectorModel, r: Record_): Record<string, unknown> & { Id: string } {
  const tz = property.timeZoneIdentifier;
  return {
    Id: r.id,
    ServiceId: m.stayServiceId,
    ExternalIdentifier: null,
    Origin: r.origin ?? 'Integration',
    Conditions: {
      Type: r.type,
      ExactRateId: r.exactRate ?? null,
      BaseRateId: r.baseRate ?? null,
      RateGroupId: r.rateGroup ?? null,
      ResourceCategoryId: r.category ?? null,
      ResourceCategoryType: r.categoryType ?? null,
      StartUtc: r.from ? localToUtc(r.from, '00:00', tz) : null,
      EndUtc: r.to ? localToUtc(r.to, '00:00', tz) : null,
      Days: r.days,
      Hours: null,
    },
    Exceptions: {
      MinAdvance: r.exceptions.MinAdvance ?? null,
      MaxAdvance: r.exceptions.MaxAdvance ?? null,
      MinLength: r.exceptions.MinLength ?? null,
      MaxLength: r.exceptions.MaxLength ?? null,
      MinPrice: r.exceptions.MinPrice ?? null,
      MaxPrice: r.exceptions.MaxPrice ?? null,
    },
  };
}

/** When the fixture's rules were made: before any change a client can make. */
const RULES_UTC = '2025-01-06T09:00:00.000Z';

/**
 * The property's own rules as Connector restrictions (origin User), the reverse of toValue: closed to
 * stay, arrival or departure become Stay, Start or End; minLos/maxLos become a Stay restriction with
 * length exceptions.
 */
function userRecords(world: World, property: Property, m: ConnectorModel): Record_[] {
  const seed = world.state.fixture.seed;
  const length = (n: number | undefined) => (n === undefined ? undefined : `P0M${n}DT0H0M0S`);
  return property.restrictions.flatMap((rule, i) => {
    const types = new Set<(typeof TYPES)[number]>();
    for (const state of rule.state) if (state !== 1) types.add(state === 6 ? 'Start' : state === 7 ? 'End' : 'Stay');
    const closed = [...types].map((type) => ({ type, exceptions: {} as Exceptions }));
    const bounded = rule.minLos !== undefined || rule.maxLos !== undefined ? [{ type: 'Stay' as const, exceptions: { MinLength: length(rule.minLos), MaxLength: length(rule.maxLos) } }] : [];
    return [...closed, ...bounded].map(({ type, exceptions }, j) => ({
      id: stableId(seed, property.id, 'restriction', String(i), String(j)),
      origin: 'User' as const,
      type,
      exactRate: rule.ratePlanCode ? m.rateIdByCode.get(rule.ratePlanCode) : undefined,
      category: rule.spaceTypeCode ? m.categoryIdByCode.get(rule.spaceTypeCode) : undefined,
      days: rule.weekdays ? DAY_NAMES.filter((_, d) => rule.weekdays!.includes(d)) : [...DAY_NAMES],
      from: rule.from,
      to: rule.to,
      exceptions,
      createdUtc: RULES_UTC,
      updatedUtc: RULES_UTC,
    }));
  });
}

function checkService(m: ConnectorModel, id: string) {
  if (id !== m.stayServiceId && id !== 'eid:stay') throw invalidParameter('ServiceId', 'it is not a bookable service of this enterprise.');
}

/** What set and clear share: check the service, fold each item into the stored list, apply the result to the inventory. */
function change(
  world: World,
  property: Property,
  body: { ServiceId: string; Data: Data[] },
  step: (list: Record_[], item: ReturnType<typeof toRecord>, now: string) => Record_[],
  tidy: (list: Record_[]) => Record_[] = (list) => list,
): void {
  const m = modelOf(world, property);
  checkService(m, body.ServiceId);
  const now = world.clock.now().toISOString();
  const items = body.Data.map((d, i) => toRecord(world, property, m, d, `Data[${i}]`));
  world.apiState.set(storeKey(property), tidy(items.reduce((list, item) => step(list, item, now), records(world, property))));
  apply(world, property, m, items);
}

export const setRestrictions = operation('restrictions/set', {
  summary: 'Sets restrictions over intervals: same conditions are replaced there, touching identical ones merged. Channel managers get the delta.',
  request: RequestBase.extend({ ServiceId: z.string().min(1), Data: z.array(z.object({ ...ConditionFields, ...ExceptionFields })).min(1, 'at least one item is required').max(1000, 'at most 1000 items') }).meta({ id: 'RestrictionsSetRequest' }),
  handle({ world, property, body }) {
    change(world, property, body, (list, item, now) => [...cut(world, list, signature(item), item.from, item.to, now), { ...item, id: world.state.uuid(), createdUtc: now, updatedUtc: now }], mergeAdjacent);
    return {};
  },
});

export const clearRestrictions = operation('restrictions/clear', {
  summary: 'Removes, over intervals, the restrictions whose conditions match exactly (splitting longer ones).',
  request: RequestBase.extend({ ServiceId: z.string().min(1), Data: z.array(z.object(ConditionFields)).min(1, 'at least one item is required').max(1000, 'at most 1000 items') }).meta({ id: 'RestrictionsClearRequest' }),
  handle({ world, property, body }) {
    change(world, property, body, (list, item, now) => cut(world, list, signature(item), item.from, item.to, now));
    return {};
  },
});

export const getAllRestrictions = operation('restrictions/getAll', {
  summary: 'Restrictions of the property (origin User) and those set through the API (Integration), filtered by rate, category and dates.',
  request: RequestBase.extend({
    EnterpriseIds: ids(),
    ServiceIds: z.array(z.string()).min(1, 'at least one service id is required').max(1000, 'at most 1000 items'),
    RestrictionIds: ids(),
    ResourceCategoryIds: ids(),
    RateIds: ids(),
    ExactRateIds: ids(),
    BaseRateIds: ids(),
    Origin: z.enum(['User', 'Integration']).nullish(),
    CollidingUtc: interval,
    CreatedUtc: interval,
    UpdatedUtc: interval,
    Limitation: limitation,
  }).meta({ id: 'RestrictionsGetAllRequest' }),
  collection: 'Restrictions',
  handle({ world, property, body }) {
    const m = modelOf(world, property);
    if (!body.ServiceIds.includes(m.stayServiceId)) return { Restrictions: [], Cursor: null };
    const colliding = checkInterval('CollidingUtc', body.CollidingUtc, 1200);
    const tz = property.timeZoneIdentifier;
    const cFrom = colliding ? dateInZone(colliding.start, tz) : undefined;
    const cTo = colliding ? dateInZone(colliding.end, tz) : undefined;
    const created = checkInterval('CreatedUtc', body.CreatedUtc, maxMonths('restrictions/getAll', 'CreatedUtc'));
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('restrictions/getAll', 'UpdatedUtc'));
    const list = [...(body.Origin === 'User' ? [] : [...records(world, property)].reverse()), ...(body.Origin === 'Integration' ? [] : userRecords(world, property, m))];
    const matches = list.filter(
      (r) =>
        (!body.RestrictionIds || body.RestrictionIds.includes(r.id)) &&
        (!body.ResourceCategoryIds || (r.category !== undefined && body.ResourceCategoryIds.includes(r.category))) &&
        (!body.ExactRateIds || (r.exactRate !== undefined && body.ExactRateIds.includes(r.exactRate))) &&
        (!body.BaseRateIds || (r.baseRate !== undefined && body.BaseRateIds.includes(r.baseRate))) &&
        (!body.RateIds || (!r.exactRate && !r.baseRate && !r.rateGroup) || (r.exactRate !== undefined && body.RateIds.includes(r.exactRate)) || r.rateGroup !== undefined) &&
        (!colliding || ((!r.from || !cTo || r.from <= cTo) && (!r.to || !cFrom || r.to >= cFrom))) &&
        inInterval(r.createdUtc, created) &&
        inInterval(r.updatedUtc, updated),
    );
    const { page, cursor } = paginate(
      matches.map((r) => view(world, property, m, r)),
      body.Limitation,
    );
    return { Restrictions: page, Cursor: cursor };
  },
});
