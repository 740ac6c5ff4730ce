import { z } from 'zod';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { invalidParameter } from '../errors.js';
import { maxMonths, operation } from '../builder.js';
import { modelOf, reservationOwner, reservationView, reservationView2017 } from '../model.js';
import { customerView } from './customers.js';
import { allOrderItems } from './orders.js';
import { itemCostsIn } from './finance.js';
import { presetBytes } from '../../engine/http.js';
import { cachedJson, joinedPieces, type JsonHolder } from '../json-pieces.js';
import type { Reservation } from '../../world/state.js';
import { paginate } from '../pagination.js';
import { apiTime, checkInterval, localToUtc } from '../time.js';
import { checkUtc, ids, interval, limitation, RequestBase } from './common.js';

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

export const getAllReservations = operation('reservations/getAll/2023-06-06', {
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
    const { CreatedUtc: created, UpdatedUtc: updated, ScheduledStartUtc: scheduledStart, ScheduledEndUtc: scheduledEnd, ActualStartUtc: actualStart, ActualEndUtc: actualEnd } = ranges;
    if (created) checks.push((r) => within(apiMs(r.createdUtc), created));
    if (updated) checks.push((r) => within(apiMs(r.updatedUtc), updated));
    if (scheduledStart) checks.push((r) => within(start(r), scheduledStart));
    if (scheduledEnd) checks.push((r) => within(end(r), scheduledEnd));
    // Set by reservations/start and reservations/process.
    if (actualStart) checks.push((r) => r.details?.actualStartUtc !== undefined && within(apiMs(r.details.actualStartUtc), actualStart));
    if (actualEnd) checks.push((r) => r.details?.actualEndUtc !== undefined && within(apiMs(r.details.actualEndUtc), actualEnd));
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


const STATES_2017 = ['Enquired', 'Confirmed', 'Started', 'Processed', 'Canceled', 'Optional', 'Requested'] as const;

/**
 * reservations/getAll (ver 2017-04-12): the same reservations as ver 2023-06-06, in the older shape,
 * with the related data the Extent asks for.
 */
export const getAllReservations2017 = operation('reservations/getAll', {
  summary: 'Reservations (ver 2017-04-12) by interval, ids and states, with the related data of the Extent.',
  collection: 'Reservations',
  handle(ctx) {
    const { world, property, body } = ctx;
    const m = modelOf(world, property);
    checkUtc('StartUtc', body.StartUtc);
    checkUtc('EndUtc', body.EndUtc);
    if ((body.TimeFilter || body.States) && (!body.StartUtc || !body.EndUtc)) throw invalidParameter('StartUtc', 'StartUtc and EndUtc are required with TimeFilter or States.');
    if (Boolean(body.StartUtc) !== Boolean(body.EndUtc)) throw invalidParameter(body.StartUtc ? 'EndUtc' : 'StartUtc', 'StartUtc and EndUtc are given together.');
    for (const s of (body.States ?? []) as string[]) if (!(STATES_2017 as readonly string[]).includes(s)) throw invalidParameter('States', `unknown state ${s}.`);
    itemCostsIn(property, {}, body.Currency);
    const range = body.StartUtc ? { start: Date.parse(body.StartUtc), end: Date.parse(body.EndUtc) } : undefined;
    if (range && !(range.start <= range.end)) throw invalidParameter('EndUtc', 'it is before StartUtc.');
    const tz = property.timeZoneIdentifier;
    const start = (r: Reservation) => Date.parse(localToUtc(r.from, '15:00', tz));
    const end = (r: Reservation) => Date.parse(localToUtc(r.to, '12:00', tz));
    const inRange = (ms: number) => range !== undefined && ms >= range.start && ms < range.end;
    const timeTest: Record<string, (r: Reservation) => boolean> = {
      Colliding: (r) => start(r) < range!.end && end(r) > range!.start,
      Created: (r) => inRange(apiMs(r.createdUtc)),
      Updated: (r) => inRange(apiMs(r.updatedUtc)),
      Start: (r) => inRange(start(r)),
      End: (r) => inRange(end(r)),
      Overlapping: (r) => start(r) <= range!.start && end(r) >= range!.end,
      Canceled: (r) => r.canceledUtc !== undefined && inRange(apiMs(r.canceledUtc)),
    };
    const lists: [string[] | undefined, (r: Reservation) => string | undefined][] = [
      [body.GroupIds, (r) => r.groupId],
      [body.ReservationIds, (r) => r.id],
      [body.CustomerIds, (r) => reservationOwner(world, r)],
      [body.AssignedResourceIds, (r) => r.details?.assignedResourceId],
      [body.RateIds, (r) => m.rateIdByCode.get(r.ratePlanCode)],
      [body.BusinessSegmentIds, (r) => r.details?.businessSegmentId],
      [body.ChannelNumbers, (r) => r.details?.channelNumber ?? world.state.groups.get(r.groupId)?.channelId],
      [body.Numbers, (r) => r.confirmationNumber],
    ];
    const wanted = lists.filter(([list]) => list).map(([list, read]) => [new Set(list), read] as const);
    // Without States: Confirmed, Started and Processed ones, or the listed ReservationIds whatever their state.
    const states = new Set<string>(body.States ?? (body.ReservationIds ? STATES_2017 : ['Confirmed', 'Started', 'Processed']));
    const services: string[] = body.ServiceIds;
    const matching = services.includes(m.stayServiceId)
      ? allRows(world, property).filter(
          ({ r }) => states.has(r.state) && wanted.every(([set, read]) => set.has(read(r) as string)) && (!range || timeTest[body.TimeFilter ?? 'Colliding'](r)),
        )
      : [];
    const { page, cursor } = paginate(matching, body.Limitation);
    const rs = page.map((row) => row.r);
    const x = (body.Extent ?? {}) as Record<string, boolean | undefined> & { AccountingStates?: string[] };
    const groups = [...new Set(rs.map((r) => r.groupId))].map((id) => world.state.groups.get(id)!);
    const owners = new Set(rs.map((r) => reservationOwner(world, r)));
    const assigned = new Set(rs.map((r) => r.details?.assignedResourceId));
    const rateIds = new Set(rs.map((r) => m.rateIdByCode.get(r.ratePlanCode)));
    const itemStates = new Set<string>(x.AccountingStates ?? ['Open', 'Closed']);
    const ids = new Set(rs.map((r) => r.id));
    return {
      Reservations: x.Reservations ? rs.map((r) => reservationView2017(world, property, m, r)) : null,
      ReservationGroups: x.ReservationGroups ? groups.map((g) => ({ Id: g.id, Name: g.name ?? null })) : null,
      Customers: x.Customers ? [...owners].flatMap((id) => (world.state.customers.has(id) ? [customerView(world, world.state.customers.get(id)!)] : [])) : null,
      Services: x.Services ? m.services.filter((s) => s.Id === m.stayServiceId) : null,
      Products: x.Products ? m.products : null,
      Resources: x.Resources ? m.resources.filter((res) => assigned.has(res.Id)) : null,
      ResourceCategories: x.ResourceCategories ? m.resourceCategories : null,
      ResourceCategoryAssignments: null,
      BusinessSegments: x.BusinessSegments ? m.businessSegments : null,
      Rates: x.Rates ? m.rates.filter((r) => rateIds.has(r.Id)) : null,
      RateGroups: x.Rates ? [m.rateGroup] : null,
      Items: x.Items ? [] : null,
      OrderItems: x.OrderItems ? allOrderItems(world, property).filter((i) => ids.has(i.ServiceOrderId) && itemStates.has(i.AccountingState)).map((i) => itemCostsIn(property, legacyItem(i), body.Currency)) : null,
      Notes: x.Notes ? [] : null,
      QrCodeData: null,
      Companies: null,
      ResourceAccessTokens: null,
      Cursor: cursor,
    };
  },
});

/** An order item in the older accounting-item shape (OrderId, Data by item type). */
function legacyItem(i: ReturnType<typeof allOrderItems>[number]): Record<string, unknown> {
  const product = (i.Data as { Product?: { ProductId: string } } | null)?.Product;
  const { ServiceOrderId, Data: _data, ...rest } = i;
  return { ...rest, OrderId: ServiceOrderId, Data: { Discriminator: i.Type, Value: product ? { ProductId: product.ProductId } : null } };
}

/** reservations/getAllItems: each listed reservation's order items (nights and products), Open or Closed unless AccountingStates says otherwise. */
export const getAllReservationItems = operation('reservations/getAllItems', {
  summary: 'Order items of reservations (what orderItems/getAll shows for them).',
  handle(ctx) {
    const { world, property, body } = ctx;
    const list: string[] = body.ReservationIds;
    list.forEach((id, i) => {
      const r = world.state.reservations.get(id);
      if (!r || r.propertyId !== property.id) throw invalidParameter(`ReservationIds[${i}]`, `no reservation ${id} in this enterprise.`);
    });
    itemCostsIn(property, {}, body.Currency);
    const states = new Set<string>(body.AccountingStates ?? ['Open', 'Closed']);
    const items = allOrderItems(world, property).filter((i) => states.has(i.AccountingState));
    return { Reservations: list.map((id) => ({ ReservationId: id, Items: [], OrderItems: items.filter((i) => i.ServiceOrderId === id).map((i) => itemCostsIn(property, legacyItem(i), body.Currency)) })) };
  },
});

/** reservations/getChannelManagerDetails: what the channel manager sent with its bookings; other reservations have none. */
export const getChannelManagerDetails = operation('reservations/getChannelManagerDetails', {
  summary: 'Channel manager details of reservations a channel manager pushed (rate code, numbers, creation).',
  handle(ctx) {
    const { world, property, body } = ctx;
    const list: string[] = body.ReservationIds;
    const details = list.flatMap((id, i) => {
      const r = world.state.reservations.get(id);
      if (!r || r.propertyId !== property.id) throw invalidParameter(`ReservationIds[${i}]`, `no reservation ${id} in this enterprise.`);
      const group = world.state.groups.get(r.groupId);
      if (group?.channelManagerId === undefined || group.connectionToken === undefined || r.code === undefined) return [];
      return [
        {
          ReservationId: r.id,
          RequestedRateCode: r.ratePlanCode,
          ChannelManagerName: world.state.connections.get(group.connectionToken)?.name ?? null,
          ChannelNumber: group.channelId ?? null,
          ChannelManagerGroupNumber: group.channelManagerId,
          ChannelManagerNumber: r.code,
          CreatedUtc: apiTime(group.createdUtc),
        },
      ];
    });
    return { ChannelManagerDetails: details };
  },
});
