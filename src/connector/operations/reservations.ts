import { z } from 'zod';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { invalidParameter } from '../errors.js';
import { defineConnectorOperation } from '../operation.js';
import { maxMonths } from '../builder.js';
import { modelOf, reservationOwner, reservationView } from '../model.js';
import { presetBytes } from '../../engine/http.js';
import { cachedJson, joinedPieces, type JsonHolder } from '../json-pieces.js';
import type { Reservation } from '../../world/state.js';
import { paginate } from '../pagination.js';
import { checkInterval, localToUtc } from '../time.js';
import { ids, interval, limitation, RequestBase } from './common.js';

const STATES = ['Inquired', 'Confirmed', 'Started', 'Processed', 'Canceled', 'Optional', 'Requested'] as const;

/** A reservation in the paging order: small, since there is one per reservation; filters read the reservation itself. */
interface Row extends JsonHolder {
  Id: string;
  r: Reservation;
}

const rowsCache = new WeakMap<Property, { version: number; count: number; rows: Row[] }>();

/** Every reservation of the enterprise, newest first; cached per world version. */
function allRows(world: World, property: Property): Row[] {
  const hit = rowsCache.get(property);
  if (hit && hit.version === world.state.version && hit.count === world.state.reservations.size) return hit.rows;
  const rows: Row[] = [];
  for (const r of world.state.reservations.values()) if (r.propertyId === property.id) rows.push({ Id: r.id, r });
  rows.reverse();
  rowsCache.set(property, { version: world.state.version, count: world.state.reservations.size, rows });
  return rows;
}

/** An instant as the API shows it (whole seconds), in milliseconds. */
const apiMs = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
const within = (ms: number, range: { start: number; end: number }) => (range.start === range.end ? ms === range.start : ms >= range.start && ms < range.end);

/** The UTF-8 JSON of one reservation (ver 2023-06-06), cached as bytes on its row. */
const reservationJson = (world: World, property: Property, row: Row): Buffer =>
  cachedJson(row, () => JSON.stringify(reservationView(world, property, modelOf(world, property), row.r)));

const OPEN = Buffer.from('{"Reservations":[');

export const getAllReservations = defineConnectorOperation({
  path: 'reservations/getAll/2023-06-06',
  summary: 'Reservations, filtered and paged (Limitation required), newest first.',
  request: RequestBase.extend({
    EnterpriseIds: ids(),
    ReservationIds: ids(),
    ServiceIds: ids(),
    ReservationGroupIds: ids(),
    AccountIds: ids(),
    PartnerCompanyIds: ids(100),
    TravelAgencyIds: ids(100),
    Numbers: ids(),
    ChannelNumbers: ids(100),
    AssignedResourceIds: ids(),
    AvailabilityBlockIds: ids(100),
    CreatedUtc: interval,
    UpdatedUtc: interval,
    CollidingUtc: interval,
    ScheduledStartUtc: interval,
    ActualStartUtc: interval,
    ScheduledEndUtc: interval,
    ActualEndUtc: interval,
    States: z.array(z.enum(STATES)).nullish(),
    Limitation: limitation,
  }).meta({ id: 'ReservationsGetAllRequest' }),
  collection: 'Reservations',
  handle({ world, property, body }) {
    if (body.ScheduledStartUtc && body.ActualStartUtc) throw invalidParameter('ActualStartUtc', 'it cannot be combined with ScheduledStartUtc.');
    if (body.ScheduledEndUtc && body.ActualEndUtc) throw invalidParameter('ActualEndUtc', 'it cannot be combined with ScheduledEndUtc.');
    const ranges = {
      CreatedUtc: checkInterval('CreatedUtc', body.CreatedUtc, maxMonths('reservations/getAll/2023-06-06', 'CreatedUtc')),
      UpdatedUtc: checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('reservations/getAll/2023-06-06', 'UpdatedUtc')),
      ScheduledStartUtc: checkInterval('ScheduledStartUtc', body.ScheduledStartUtc, maxMonths('reservations/getAll/2023-06-06', 'ScheduledStartUtc')),
      ActualStartUtc: checkInterval('ActualStartUtc', body.ActualStartUtc, maxMonths('reservations/getAll/2023-06-06', 'ActualStartUtc')),
      ScheduledEndUtc: checkInterval('ScheduledEndUtc', body.ScheduledEndUtc, maxMonths('reservations/getAll/2023-06-06', 'ScheduledEndUtc')),
      ActualEndUtc: checkInterval('ActualEndUtc', body.ActualEndUtc, maxMonths('reservations/getAll/2023-06-06', 'ActualEndUtc')),
    };
    const colliding = checkInterval('CollidingUtc', body.CollidingUtc, maxMonths('reservations/getAll/2023-06-06', 'CollidingUtc'));
    const m = modelOf(world, property);
    const none = { Reservations: [], Cursor: null };
    if (body.EnterpriseIds && !body.EnterpriseIds.includes(m.enterprise.Id as string)) return none;
    if (body.ServiceIds && !body.ServiceIds.includes(m.stayServiceId)) return none;
    // Only the filters given are checked, each reading the reservation directly.
    const state = world.state;
    const tz = property.timeZoneIdentifier;
    const checks: ((r: Reservation) => boolean)[] = [];
    const byValue = (list: readonly string[] | null | undefined, read: (r: Reservation) => string | undefined) => {
      if (!list) return;
      const wanted = new Set<string>(list);
      checks.push((r) => wanted.has(read(r) as string));
    };
    byValue(body.ReservationIds, (r) => r.id);
    byValue(body.ReservationGroupIds, (r) => r.groupId);
    byValue(body.Numbers, (r) => r.confirmationNumber);
    byValue(body.ChannelNumbers, (r) => r.details?.channelNumber ?? state.groups.get(r.groupId)?.channelId);
    byValue(body.States, (r) => (r.state === 'Enquired' ? 'Inquired' : r.state));
    byValue(body.AccountIds, (r) => reservationOwner(world, r));
    // Filters on what reservations/update sets (details), absent on most reservations.
    byValue(body.AssignedResourceIds, (r) => r.details?.assignedResourceId);
    byValue(body.AvailabilityBlockIds, (r) => r.details?.availabilityBlockId);
    byValue(body.PartnerCompanyIds, (r) => r.details?.companyId);
    byValue(body.TravelAgencyIds, (r) => r.details?.travelAgencyId);
    const start = (r: Reservation) => Date.parse(localToUtc(r.from, '15:00', tz));
    const end = (r: Reservation) => Date.parse(localToUtc(r.to, '12:00', tz));
    const { CreatedUtc: created, UpdatedUtc: updated, ScheduledStartUtc: scheduledStart, ScheduledEndUtc: scheduledEnd } = ranges;
    if (created) checks.push((r) => within(apiMs(r.createdUtc), created));
    if (updated) checks.push((r) => within(apiMs(r.updatedUtc), updated));
    if (scheduledStart) checks.push((r) => within(start(r), scheduledStart));
    if (scheduledEnd) checks.push((r) => within(end(r), scheduledEnd));
    // Nobody checks in or out in the simulation yet: actual times are always null.
    if (ranges.ActualStartUtc || ranges.ActualEndUtc) checks.push(() => false);
    if (colliding) checks.push((r) => start(r) < colliding.end && end(r) > colliding.start);
    const all = allRows(world, property);
    const matching = checks.length === 0 ? all : all.filter((row) => checks.every((check) => check(row.r)));
    const { page, cursor } = paginate(matching, body.Limitation);
    // The page is the reservations' cached JSON bytes in order: no object graph, no page-sized copy per request.
    const items = page.map((row) => reservationJson(world, property, row));
    const parts = joinedPieces(OPEN, items, Buffer.from(`],"Cursor":${JSON.stringify(cursor)}}`));
    return presetBytes({ Reservations: page.map((row) => row.Id), Cursor: cursor }, parts);
  },
});

