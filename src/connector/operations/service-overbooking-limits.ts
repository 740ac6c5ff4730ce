import { addDays, dateInZone, dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { getAll, operation, stored, type Body, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';
import { checkTimeUnitStart, localToUtc } from '../time.js';

/**
 * Overbooking limits of the bookable service, per day: setting a limit on an interval replaces what
 * was set on those days (a limit partly covered keeps its other days), clearing removes it.
 */

const KIND = 'serviceOverbookingLimits';

interface Days {
  first: string;
  last: string;
}

function daysOf(ctx: Ctx, item: Body, at: string): Days {
  const tz = ctx.property.timeZoneIdentifier;
  checkTimeUnitStart(`${at}.FirstTimeUnitStartUtc`, item.FirstTimeUnitStartUtc, tz);
  checkTimeUnitStart(`${at}.LastTimeUnitStartUtc`, item.LastTimeUnitStartUtc, tz);
  const first = dateInZone(Date.parse(item.FirstTimeUnitStartUtc), tz);
  const last = dateInZone(Date.parse(item.LastTimeUnitStartUtc), tz);
  if (dayOf(last) < dayOf(first)) throw invalidParameter(`${at}.LastTimeUnitStartUtc`, 'it is before FirstTimeUnitStartUtc.');
  return { first, last };
}

function checkService(ctx: Ctx): void {
  if (ctx.body.ServiceId !== modelOf(ctx.world, ctx.property).stayServiceId) throw invalidParameter('ServiceId', 'it is not a bookable service of this enterprise.');
}

function limit(ctx: Ctx, days: Days, value: number, createdUtc = ctx.now): Entity {
  const tz = ctx.property.timeZoneIdentifier;
  return {
    Id: ctx.world.state.uuid(),
    EnterpriseId: ctx.enterpriseId,
    ServiceId: ctx.body.ServiceId,
    FirstTimeUnitStartUtc: localToUtc(days.first, '00:00', tz),
    LastTimeUnitStartUtc: localToUtc(days.last, '00:00', tz),
    Limit: value,
    CreatedUtc: createdUtc,
    UpdatedUtc: ctx.now,
    IsActive: true,
  };
}

/** Takes the days off every active limit of the service they overlap; the parts outside stay as limits. */
function cut(ctx: Ctx, days: Days): void {
  const store = entities(ctx.world);
  const tz = ctx.property.timeZoneIdentifier;
  const [from, to] = [dayOf(days.first), dayOf(days.last)];
  for (const e of stored(KIND)(ctx)) {
    if (!e.IsActive || e.ServiceId !== ctx.body.ServiceId) continue;
    const first = dateInZone(Date.parse(e.FirstTimeUnitStartUtc as string), tz);
    const last = dateInZone(Date.parse(e.LastTimeUnitStartUtc as string), tz);
    if (dayOf(last) < from || dayOf(first) > to) continue;
    store.put(KIND, { ...e, IsActive: false, UpdatedUtc: ctx.now });
    if (dayOf(first) < from) store.put(KIND, limit(ctx, { first, last: addDays(days.first, -1) }, e.Limit as number, e.CreatedUtc as string));
    if (dayOf(last) > to) store.put(KIND, limit(ctx, { first: addDays(days.last, 1), last }, e.Limit as number, e.CreatedUtc as string));
  }
}

export const getAllServiceOverbookingLimits = getAll('serviceOverbookingLimits/getAll', {
  collection: 'ServiceOverbookingLimits',
  items: (ctx) => stored(KIND)(ctx).map(({ EnterpriseId: _, ...e }) => e as Entity),
  filters: { ServiceIds: 'ServiceId', ServiceOverbookingLimitIds: 'Id' },
  times: {
    UpdatedUtc: 'UpdatedUtc',
    CollidingUtc: (e, range) => Date.parse(e.FirstTimeUnitStartUtc as string) <= range.end && Date.parse(e.LastTimeUnitStartUtc as string) >= range.start,
  },
  activity: 'Active',
});

export const setServiceOverbookingLimits = operation('serviceOverbookingLimits/set', {
  handle(ctx) {
    checkService(ctx);
    const items = ctx.body.SetServiceOverbookingLimits as Body[];
    const all = items.map((item, i) => {
      if (item.Limit < 0) throw invalidParameter(`SetServiceOverbookingLimits[${i}].Limit`, 'it must not be negative.');
      return daysOf(ctx, item, `SetServiceOverbookingLimits[${i}]`);
    });
    all.forEach((days, i) => {
      cut(ctx, days);
      entities(ctx.world).put(KIND, limit(ctx, days, items[i].Limit));
    });
    return {};
  },
});

export const clearServiceOverbookingLimits = operation('serviceOverbookingLimits/clear', {
  handle(ctx) {
    checkService(ctx);
    const all = (ctx.body.ClearServiceOverbookingLimits as Body[]).map((item, i) => daysOf(ctx, item, `ClearServiceOverbookingLimits[${i}]`));
    for (const days of all) cut(ctx, days);
    return {};
  },
});

/** How many bookings beyond availability the service allows on a day (its active limit, else none). */
export function overbookingLimitOn(world: World, property: Property, day: number): number {
  const tz = property.timeZoneIdentifier;
  const serviceId = modelOf(world, property).stayServiceId;
  const hit = entities(world)
    .list(KIND)
    .find((e) => e.IsActive && e.ServiceId === serviceId && dayOf(dateInZone(Date.parse(e.FirstTimeUnitStartUtc as string), tz)) <= day && dayOf(dateInZone(Date.parse(e.LastTimeUnitStartUtc as string), tz)) >= day);
  return (hit?.Limit as number | undefined) ?? 0;
}
