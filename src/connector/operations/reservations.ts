import { z } from 'zod';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { invalidParameter } from '../errors.js';
import { defineConnectorOperation } from '../operation.js';
import { modelOf, reservationView } from '../model.js';
import { paginate } from '../pagination.js';
import { checkInterval, inInterval } from '../time.js';
import { ids, interval, limitation, RequestBase } from './common.js';

const STATES = ['Inquired', 'Confirmed', 'Started', 'Processed', 'Canceled', 'Optional', 'Requested'] as const;

type View = Record<string, unknown> & { Id: string };
const views = new WeakMap<Property, { version: number; count: number; list: View[] }>();

/** Every reservation of the enterprise as Reservation (ver 2023-06-06), newest first; cached per world version. */
function allReservations(world: World, property: Property): View[] {
  const hit = views.get(property);
  if (hit && hit.version === world.state.version && hit.count === world.state.reservations.size) return hit.list;
  const m = modelOf(world, property);
  const list: View[] = [];
  for (const r of world.state.reservations.values()) if (r.propertyId === property.id) list.push(reservationView(world, property, m, r));
  list.reverse();
  views.set(property, { version: world.state.version, count: world.state.reservations.size, list });
  return list;
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
    if (body.EnterpriseIds && !body.EnterpriseIds.includes(m.enterprise.Id as string)) return { Reservations: [], Cursor: null };
    const sets = {
      Id: set(body.ReservationIds),
      ServiceId: set(body.ServiceIds),
      GroupId: set(body.ReservationGroupIds),
      AccountId: set(body.AccountIds),
      PartnerCompanyId: set(body.PartnerCompanyIds),
      TravelAgencyId: set(body.TravelAgencyIds),
      Number: set(body.Numbers),
      ChannelNumber: set(body.ChannelNumbers),
      AssignedResourceId: set(body.AssignedResourceIds),
      AvailabilityBlockId: set(body.AvailabilityBlockIds),
      State: set(body.States),
    };
    const all = allReservations(world, property);
    const unfiltered = Object.values(sets).every((s) => !s) && Object.values(ranges).every((r) => !r) && !colliding;
    const items = unfiltered
      ? all
      : all.filter((r) => {
          for (const [field, wanted] of Object.entries(sets)) if (wanted && !wanted.has(r[field] as string)) return false;
          for (const [field, range] of Object.entries(ranges)) if (range && !inInterval(r[field] as string | null, range)) return false;
          if (colliding && !(Date.parse(r.ScheduledStartUtc as string) < colliding.end && Date.parse(r.ScheduledEndUtc as string) > colliding.start)) return false;
          return true;
        });
    const { page, cursor } = paginate(items, body.Limitation);
    return { Reservations: page, Cursor: cursor };
  },
});

const set = (list: readonly string[] | null | undefined) => (list ? new Set<string>(list) : undefined);
