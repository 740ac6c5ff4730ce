import { z } from 'zod';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { invalidParameter } from '../errors.js';
import { defineConnectorOperation } from '../operation.js';
import { modelOf, reservationView } from '../model.js';
import { stableId } from '../../world/ids.js';
import { apiTime, localToUtc } from '../time.js';
import { presetJson } from '../../engine/http.js';
import type { Reservation, ReservationDetails } from '../../world/state.js';
import { paginate } from '../pagination.js';
import { checkInterval, inInterval } from '../time.js';
import { ids, interval, limitation, RequestBase } from './common.js';

const STATES = ['Inquired', 'Confirmed', 'Started', 'Processed', 'Canceled', 'Optional', 'Requested'] as const;

/** What filters read of a reservation, kept small; the full view is built (and its JSON cached) only for pages. */
interface Row {
  Id: string;
  r: Reservation;
  GroupId: string;
  Number: string;
  ChannelNumber: string | undefined;
  State: string;
  CreatedUtc: string;
  UpdatedUtc: string;
  ScheduledStartUtc: string;
  ScheduledEndUtc: string;
}

const rowsCache = new WeakMap<Property, { version: number; count: number; rows: Row[] }>();
const jsonCache = new WeakMap<Reservation, { version: number; json: string }>();

/** Every reservation of the enterprise, newest first; cached per world version. */
function allRows(world: World, property: Property): Row[] {
  const hit = rowsCache.get(property);
  if (hit && hit.version === world.state.version && hit.count === world.state.reservations.size) return hit.rows;
  const rows: Row[] = [];
  for (const r of world.state.reservations.values()) {
    if (r.propertyId !== property.id) continue;
    rows.push({
      Id: r.id,
      r,
      GroupId: r.groupId,
      Number: r.confirmationNumber,
      ChannelNumber: r.details?.channelNumber ?? world.state.groups.get(r.groupId)?.channelId,
      State: r.state === 'Enquired' ? 'Inquired' : r.state,
      CreatedUtc: apiTime(r.createdUtc),
      UpdatedUtc: apiTime(r.updatedUtc),
      ScheduledStartUtc: localToUtc(r.from, '15:00', property.timeZoneIdentifier),
      ScheduledEndUtc: localToUtc(r.to, '12:00', property.timeZoneIdentifier),
    });
  }
  rows.reverse();
  rowsCache.set(property, { version: world.state.version, count: world.state.reservations.size, rows });
  return rows;
}

/** The JSON of one reservation (ver 2023-06-06), rebuilt after any change of the world. */
function reservationJson(world: World, property: Property, r: Reservation): string {
  const hit = jsonCache.get(r);
  if (hit && hit.version === world.state.version) return hit.json;
  const json = JSON.stringify(reservationView(world, property, modelOf(world, property), r));
  jsonCache.set(r, { version: world.state.version, json });
  return json;
}

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
      CreatedUtc: checkInterval('CreatedUtc', body.CreatedUtc),
      UpdatedUtc: checkInterval('UpdatedUtc', body.UpdatedUtc),
      ScheduledStartUtc: checkInterval('ScheduledStartUtc', body.ScheduledStartUtc),
      ActualStartUtc: checkInterval('ActualStartUtc', body.ActualStartUtc),
      ScheduledEndUtc: checkInterval('ScheduledEndUtc', body.ScheduledEndUtc),
      ActualEndUtc: checkInterval('ActualEndUtc', body.ActualEndUtc),
    };
    const colliding = checkInterval('CollidingUtc', body.CollidingUtc);
    const m = modelOf(world, property);
    const none = { Reservations: [], Cursor: null };
    if (body.EnterpriseIds && !body.EnterpriseIds.includes(m.enterprise.Id as string)) return none;
    if (body.ServiceIds && !body.ServiceIds.includes(m.stayServiceId)) return none;
    const sets: [keyof Row, Set<string> | undefined][] = [
      ['Id', set(body.ReservationIds)],
      ['GroupId', set(body.ReservationGroupIds)],
      ['Number', set(body.Numbers)],
      ['ChannelNumber', set(body.ChannelNumbers)],
      ['State', set(body.States)],
    ];
    // Filters on what reservations/update sets (details), absent on most reservations.
    const detailSets: [keyof ReservationDetails, Set<string> | undefined][] = [
      ['assignedResourceId', set(body.AssignedResourceIds)],
      ['availabilityBlockId', set(body.AvailabilityBlockIds)],
      ['companyId', set(body.PartnerCompanyIds)],
      ['travelAgencyId', set(body.TravelAgencyIds)],
    ];
    const accounts = set(body.AccountIds);
    const all = allRows(world, property);
    const unfiltered = sets.every(([, s]) => !s) && detailSets.every(([, s]) => !s) && !accounts && Object.values(ranges).every((r) => !r) && !colliding;
    const seed = world.state.fixture.seed;
    const items = unfiltered
      ? all
      : all.filter((row) => {
          for (const [field, wanted] of sets) if (wanted && !wanted.has(row[field] as string)) return false;
          for (const [field, wanted] of detailSets) if (wanted && !wanted.has(row.r.details?.[field] as string)) return false;
          if (accounts && !accounts.has(row.r.customerId ?? stableId(seed, 'customer', row.GroupId))) return false;
          if (ranges.CreatedUtc && !inInterval(row.CreatedUtc, ranges.CreatedUtc)) return false;
          if (ranges.UpdatedUtc && !inInterval(row.UpdatedUtc, ranges.UpdatedUtc)) return false;
          if (ranges.ScheduledStartUtc && !inInterval(row.ScheduledStartUtc, ranges.ScheduledStartUtc)) return false;
          if (ranges.ScheduledEndUtc && !inInterval(row.ScheduledEndUtc, ranges.ScheduledEndUtc)) return false;
          // Nobody checks in or out in the simulation yet: actual times are always null.
          if (ranges.ActualStartUtc || ranges.ActualEndUtc) return false;
          if (colliding && !(Date.parse(row.ScheduledStartUtc) < colliding.end && Date.parse(row.ScheduledEndUtc) > colliding.start)) return false;
          return true;
        });
    const { page, cursor } = paginate(items, body.Limitation);
    // The page is assembled from each reservation's cached JSON: no object graph per request.
    const text = `{"Reservations":[${page.map((row) => reservationJson(world, property, row.r)).join(',')}],"Cursor":${JSON.stringify(cursor)}}`;
    return presetJson({ Reservations: page.map((row) => row.Id), Cursor: cursor }, text);
  },
});

const set = (list: readonly string[] | null | undefined) => (list ? new Set<string>(list) : undefined);
