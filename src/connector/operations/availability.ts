import { z } from 'zod';
import { addDays, dateInZone, dayOf } from '../../engine/dates.js';
import { cmState } from '../../channel-manager/state.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { checkTimeUnitStart, localToUtc } from '../time.js';
import { RequestBase } from './common.js';
import { categoryViews } from './catalog.js';
import { operation, stored } from '../builder.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';

const METRICS = [
  'OutOfOrderBlocks',
  'PublicAvailabilityAdjustment',
  'OtherServiceReservationCount',
  'Occupied',
  'ConfirmedReservations',
  'OptionalReservations',
  'BlockAvailability',
  'AllocatedBlockAvailability',
  'UsableResources',
  'ActiveResources',
  'HouseUse',
] as const;
type Metric = (typeof METRICS)[number];

const utc = z.iso.datetime({ offset: true });

/** The days of a bookable service's interval (at most 367), checked as both versions document it. */
function serviceDays(world: World, property: Property, body: { ServiceId: string; FirstTimeUnitStartUtc: string; LastTimeUnitStartUtc: string }) {
  if (body.ServiceId !== modelOf(world, property).stayServiceId) throw invalidParameter('ServiceId', 'it is not a bookable service of this enterprise.');
  const tz = property.timeZoneIdentifier;
  checkTimeUnitStart('FirstTimeUnitStartUtc', body.FirstTimeUnitStartUtc, tz);
  checkTimeUnitStart('LastTimeUnitStartUtc', body.LastTimeUnitStartUtc, tz);
  const first = dateInZone(Date.parse(body.FirstTimeUnitStartUtc), tz);
  const count = dayOf(dateInZone(Date.parse(body.LastTimeUnitStartUtc), tz)) - dayOf(first) + 1;
  if (count < 1) throw invalidParameter('LastTimeUnitStartUtc', 'it is before FirstTimeUnitStartUtc.');
  if (count > 367) throw invalidParameter('LastTimeUnitStartUtc', 'the interval is longer than 367 days.');
  return { first, count, start: dayOf(first), dates: Array.from({ length: count }, (_, i) => addDays(first, i)) };
}

/** The space categories whose resource category is not deleted. */
function activeCategories(world: World, property: Property) {
  const m = modelOf(world, property);
  const deleted = new Set(categoryViews(world, property).filter((c) => c.IsActive === false).map((c) => c.Id));
  return property.spaceCategories.filter((s) => !deleted.has(m.categoryIdByCode.get(s.code)!));
}

/**
 * services/getAvailability (the older version): the same world availability per resource category and
 * day, with the availability adjustments set on top of what the resources give.
 */
export const getServiceAvailabilityOld = operation('services/getAvailability', {
  summary: 'Availability and adjustments per resource category for every day of an interval (at most 367 days).',
  handle(ctx) {
    const { world, property, body } = ctx;
    const m = modelOf(world, property);
    const { dates, start } = serviceDays(world, property, body as Parameters<typeof serviceDays>[2]);
    const inv = world.state.inventory(property.id);
    const tz = property.timeZoneIdentifier;
    const units = dates.map((d) => localToUtc(d, '00:00', tz));
    // Adjustments of general availability (services/updateAvailability without a block), per category and day.
    const adjusted = new Map(property.spaceCategories.map((s) => [m.categoryIdByCode.get(s.code)!, new Array<number>(dates.length).fill(0)]));
    for (const a of stored('availabilityAdjustments')(ctx)) {
      const row = adjusted.get(a.ResourceCategoryId as string);
      if (!a.IsActive || a.AvailabilityBlockId || !row) continue;
      const from = dayOf(dateInZone(Date.parse(a.FirstTimeUnitStartUtc as string), tz));
      const to = dayOf(dateInZone(Date.parse(a.LastTimeUnitStartUtc as string), tz));
      for (let d = Math.max(from, start); d <= Math.min(to, start + dates.length - 1); d++) row[d - start] += a.UnitCount as number;
    }
    return {
      TimeUnitStartsUtc: units,
      CategoryAvailabilities: activeCategories(world, property).map((s) => ({
        CategoryId: m.categoryIdByCode.get(s.code)!,
        Availabilities: dates.map((_, i) => inv.availability(s.code, start + i)),
        Adjustments: adjusted.get(m.categoryIdByCode.get(s.code)!)!,
      })),
      DatesUtc: units,
    };
  },
});

/**
 * services/getAvailability (ver 2024-01-22): the requested metrics per resource category and day,
 * read from the same inventory the channel manager pushes come from.
 */
export const getServiceAvailability = operation('services/getAvailability/2024-01-22', {
  summary: 'Availability and occupancy metrics per resource category for every day of an interval (at most 367 days).',
  request: RequestBase.extend({ ServiceId: z.string().min(1), FirstTimeUnitStartUtc: utc, LastTimeUnitStartUtc: utc, Metrics: z.array(z.enum(METRICS)).min(1, 'at least one metric is required') }).meta({
    id: 'ServicesGetAvailability20240122Request',
  }),
  handle({ world, property, body }) {
    const m = modelOf(world, property);
    const { count, dates, start } = serviceDays(world, property, body);
    const tz = property.timeZoneIdentifier;
    const inv = world.state.inventory(property.id);
    // Confirmed reservations and block allocations per category and day, in one pass each.
    const tally = () => new Map(property.spaceCategories.map((s) => [s.code, new Array<number>(count).fill(0)]));
    const confirmed = tally();
    for (const r of world.state.reservations.values()) {
      if (r.propertyId !== property.id || r.state !== 'Confirmed') continue;
      const row = confirmed.get(r.spaceTypeCode);
      if (!row) continue;
      for (let d = Math.max(dayOf(r.from), start); d < Math.min(dayOf(r.to), start + count); d++) row[d - start]++;
    }
    const blocks = tally();
    for (const b of cmState(world).blocks.values()) {
      if (b.propertyId !== property.id || b.status === 'canceled') continue;
      for (const a of b.allocations) {
        const row = blocks.get(a.spaceTypeCode);
        if (!row) continue;
        for (let d = Math.max(dayOf(a.start), start); d < Math.min(dayOf(a.end), start + count); d++) row[d - start] += a.count;
      }
    }
    const value = (metric: Metric, code: string, i: number): number => {
      const space = inv.space(code)!;
      const day = start + i;
      switch (metric) {
        case 'Occupied':
          return inv.bookedCount(code, day);
        case 'ConfirmedReservations':
          return confirmed.get(code)![i];
        case 'BlockAvailability':
        case 'AllocatedBlockAvailability':
          return blocks.get(code)![i];
        case 'UsableResources':
        case 'ActiveResources':
          return space.spaceCount;
        case 'PublicAvailabilityAdjustment':
          return inv.availability(code, day) - Math.max(0, space.spaceCount - inv.bookedCount(code, day));
        default:
          return 0;
      }
    };
    return {
      TimeUnitStartsUtc: dates.map((d) => localToUtc(d, '00:00', tz)),
      ResourceCategoryAvailabilities: activeCategories(world, property).map((s) => ({
        ResourceCategoryId: m.categoryIdByCode.get(s.code)!,
        Metrics: Object.fromEntries(body.Metrics.map((metric) => [metric, dates.map((_, i) => value(metric, s.code, i))])),
      })),
    };
  },
});
