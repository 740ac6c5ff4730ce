import { z } from 'zod';
import { dateInZone, dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import type { GuestCount, Reservation, ReservationDetails } from '../../world/state.js';
import { round2 } from '../../world/inventory.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { modelOf, reservationOwner, reservationView2017, type ConnectorModel } from '../model.js';
import { entities } from '../store.js';
import { chainCompanyIds } from './lists.js';
import { checkStay, RequestBase } from './common.js';
import { activeRateCode } from './rates.js';
import { categoryCode } from './resource-categories.js';
import { overbookingLimitOn } from './service-overbooking-limits.js';
import { operation } from '../builder.js';

/** `{Value}` wrappers: the field absent or null leaves it alone; `{}` or `{Value: null}` clears it. */
const stringUpdate = z.object({ Value: z.string().nullish() }).nullish();
const boolUpdate = z.object({ Value: z.boolean().nullish() }).nullish();
const utcUpdate = z.object({ Value: z.iso.datetime({ offset: true }).nullish() }).nullish();

const ReservationUpdate = z.object({
  ReservationId: z.string().min(1),
  ChannelNumber: stringUpdate,
  StartUtc: utcUpdate,
  EndUtc: utcUpdate,
  ReleasedUtc: utcUpdate,
  PersonCounts: z
    .object({ Value: z.array(z.object({ AgeCategoryId: z.string(), Count: z.number().int().nonnegative() })).nullish() })
    .nullish(),
  AssignedResourceId: stringUpdate,
  RequestedCategoryId: stringUpdate,
  TravelAgencyId: stringUpdate,
  CompanyId: stringUpdate,
  BusinessSegmentId: stringUpdate,
  Purpose: z.object({ Value: z.enum(['Leisure', 'Business', 'Student']).nullish() }).nullish(),
  RateId: stringUpdate,
  CreditCardId: stringUpdate,
  TimeUnitPrices: z
    .object({
      Value: z
        .array(
          z.object({
            Index: z.number().int().nonnegative(),
            Amount: z.object({ Currency: z.string(), TaxCodes: z.array(z.string()).nullish(), GrossValue: z.number().nullish(), NetValue: z.number().nullish() }),
          }),
        )
        .nullish(),
    })
    .nullish(),
  BookerId: stringUpdate,
  AssignedResourceLocked: boolUpdate,
  AvailabilityBlockId: stringUpdate,
  Options: z.object({ OwnerCheckedIn: boolUpdate }).nullish(),
});
export type Update = z.infer<typeof ReservationUpdate>;

/** One reservation's new state, worked out before anything is changed. */
interface Plan {
  r: Reservation;
  space: string;
  rateCode: string;
  from: string;
  to: string;
  guestCounts: GuestCount[];
  amounts: Reservation['amounts'];
  details: ReservationDetails;
}

/**
 * reservations/update: changes reservations all or none. Moved dates or categories go through the
 * same availability check as reservations/add, and the freed and taken nights reach channel managers
 * as delta pushes; prices follow the rate unless `Reprice` is false or `TimeUnitPrices` sets them.
 */
export const updateReservations = operation('reservations/update', {
  summary: 'Updates reservations (all or none): dates, category, rate, person counts, prices, assignments and details.',
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    ReservationId: z.string().nullish(),
    ReservationUpdates: z.array(ReservationUpdate).min(1, 'at least one update is required').max(1000, 'at most 1000 items'),
    Reprice: z.boolean().nullish(),
    ApplyCancellationFee: z.boolean().nullish(),
    Reason: z.string().nullish(),
  }).meta({ id: 'ReservationsUpdateRequest' }),
  handle({ world, property, body }) {
    const m = modelOf(world, property);
    const seen = new Set<string>();
    body.ReservationUpdates.forEach((u, i) => {
      if (seen.has(u.ReservationId)) throw invalidParameter(`ReservationUpdates[${i}].ReservationId`, `reservation ${u.ReservationId} is listed twice.`);
      seen.add(u.ReservationId);
    });
    const plans = applyReservationUpdates(world, property, body.ReservationUpdates, (i) => `ReservationUpdates[${i}].`, body);
    return {
      Reservations: plans.map((p) => reservationView2017(world, property, m, p.r)),
      ReservationGroups: null,
      Customers: null,
      Services: null,
      Products: null,
      Resources: null,
      ResourceCategories: null,
      ResourceCategoryAssignments: null,
      BusinessSegments: null,
      Rates: null,
      RateGroups: null,
      Items: null,
      OrderItems: null,
      Notes: null,
      QrCodeData: null,
      Companies: null,
      ResourceAccessTokens: null,
      Cursor: null,
    };
  },
});

/**
 * Checks every update, then applies them all: moved nights go through the availability check and
 * reach channel managers as delta pushes (reservations/update, reservations/updateInterval).
 */
export function applyReservationUpdates(world: World, property: Property, updates: Update[], prefix: (i: number) => string, body: { Reprice?: boolean | null; Reason?: string | null }): Plan[] {
  const m = modelOf(world, property);
  const plans = updates.map((u, i) => plan(world, property, m, u, prefix(i), body));
  checkAvailability(world, property, plans);
  const state = world.state;
  const inv = state.inventory(property.id);
  const now = world.clock.now().toISOString();
  for (const p of plans) {
    const { r } = p;
    const moved = p.space !== r.spaceTypeCode || p.from !== r.from || p.to !== r.to;
    if (moved) {
      inv.book(r.spaceTypeCode, dayOf(r.from), dayOf(r.to), -1);
      inv.book(p.space, dayOf(p.from), dayOf(p.to), 1);
      state.changed({ type: 'availability', propertyId: property.id, spaceTypeCode: r.spaceTypeCode, from: r.from, to: r.to });
      state.changed({ type: 'availability', propertyId: property.id, spaceTypeCode: p.space, from: p.from, to: p.to });
    }
    Object.assign(r, { spaceTypeCode: p.space, ratePlanCode: p.rateCode, from: p.from, to: p.to, guestCounts: p.guestCounts, amounts: p.amounts, details: p.details, updatedUtc: now });
  }
  state.changed({ type: 'reservation', propertyId: property.id, reservationIds: plans.map((p) => p.r.id) });
  return plans;
}

function plan(world: World, property: Property, m: ConnectorModel, u: Update, at: string, body: { Reprice?: boolean | null; Reason?: string | null }): Plan {
  const state = world.state;
  const r = state.reservations.get(u.ReservationId);
  if (!r || r.propertyId !== property.id) throw invalidParameter(`${at}ReservationId`, `no reservation ${u.ReservationId} in this enterprise.`);
  if (r.state === 'Canceled' || r.state === 'Processed') throw new ConnectorError(403, `Reservation ${r.confirmationNumber} is ${r.state.toLowerCase()} and cannot be updated.`);
  const tz = property.timeZoneIdentifier;
  const required = (field: string, v: { Value?: string | null } | null | undefined) => {
    if (v && !v.Value) throw invalidParameter(`${at}${field}.Value`, 'it cannot be cleared.');
    return v?.Value ?? undefined;
  };
  const startUtc = required('StartUtc', u.StartUtc);
  const endUtc = required('EndUtc', u.EndUtc);
  const from = startUtc ? dateInZone(Date.parse(startUtc), tz) : r.from;
  const to = endUtc ? dateInZone(Date.parse(endUtc), tz) : r.to;
  checkStay(`${at}EndUtc`, from, to);
  // A checked-in guest has arrived: only the departure can still move.
  if (r.state === 'Started' && from !== r.from) throw new ConnectorError(403, `Reservation ${r.confirmationNumber} is started (checked in); its start cannot change.`);

  // A deleted rate or category is kept by reservations that have it, but cannot be newly given.
  const categoryId = required('RequestedCategoryId', u.RequestedCategoryId);
  const space = categoryId ? categoryCode(world, property, categoryId, `${at}RequestedCategoryId.Value`) : r.spaceTypeCode;
  const rateId = required('RateId', u.RateId);
  const rateCode = rateId ? activeRateCode(world, property, rateId, `${at}RateId.Value`) : r.ratePlanCode;

  let guestCounts = r.guestCounts;
  if (u.PersonCounts) {
    const ageOf = new Map([...m.ageCategoryIdByCode].map(([code, id]) => [id, code]));
    guestCounts = (u.PersonCounts.Value ?? []).map((p, j) => {
      const code = ageOf.get(p.AgeCategoryId);
      if (!code) throw invalidParameter(`${at}PersonCounts.Value[${j}].AgeCategoryId`, `no age category ${p.AgeCategoryId}.`);
      return { code, count: p.Count };
    });
    if (!guestCounts.some((g) => g.count > 0)) throw invalidParameter(`${at}PersonCounts.Value`, 'at least one person is required.');
  }

  const details: ReservationDetails = { ...r.details };
  const lockUpdate = u.AssignedResourceLocked;
  if (u.AssignedResourceId && details.assignedResourceLocked && lockUpdate?.Value !== false && u.AssignedResourceId.Value !== details.assignedResourceId) {
    throw new ConnectorError(403, `Reservation ${r.confirmationNumber} is locked to its resource; unlock it (AssignedResourceLocked false) to reassign it.`);
  }
  const links = reservationLinks(world, property, m);
  const owner = reservationOwner(world, r);
  const check = (key: Link) => (id: string) => links(key, id, { space, ownerId: owner, bookerId: details.bookerId });
  setId(details, 'assignedResourceId', u.AssignedResourceId, `${at}AssignedResourceId`, check('assignedResourceId'));
  setId(details, 'companyId', u.CompanyId, `${at}CompanyId`, check('companyId'));
  setId(details, 'travelAgencyId', u.TravelAgencyId, `${at}TravelAgencyId`, check('travelAgencyId'));
  setId(details, 'businessSegmentId', u.BusinessSegmentId, `${at}BusinessSegmentId`, check('businessSegmentId'));
  setId(details, 'bookerId', u.BookerId, `${at}BookerId`, check('bookerId'));
  setId(details, 'creditCardId', u.CreditCardId, `${at}CreditCardId`, check('creditCardId'));
  setId(details, 'availabilityBlockId', u.AvailabilityBlockId, `${at}AvailabilityBlockId`, check('availabilityBlockId'));
  setId(details, 'channelNumber', u.ChannelNumber, `${at}ChannelNumber`, () => undefined);
  setId(details, 'purpose', u.Purpose, `${at}Purpose`, () => undefined);
  setId(details, 'releasedUtc', u.ReleasedUtc, `${at}ReleasedUtc`, () => undefined);
  if (lockUpdate) details.assignedResourceLocked = lockUpdate.Value ?? false;
  if (details.assignedResourceLocked && !details.assignedResourceId) {
    throw invalidParameter(`${at}AssignedResourceLocked`, 'a reservation without an assigned resource cannot be locked.');
  }
  if (u.Options?.OwnerCheckedIn) details.ownerCheckedIn = u.Options.OwnerCheckedIn.Value ?? false;

  const amounts = price(world, property, r, { space, rateCode, from, to, guestCounts }, u, at, body);
  return { r, space, rateCode, from, to, guestCounts, amounts, details };
}

type Link = 'assignedResourceId' | 'companyId' | 'travelAgencyId' | 'businessSegmentId' | 'bookerId' | 'creditCardId' | 'availabilityBlockId';

/**
 * Why a reservation cannot name this id (undefined when it can): what reservations/add and
 * reservations/update check alike. A card is the owner's or the booker's; a resource is of the
 * reservation's category; a block is a live one of the service.
 */
export function reservationLinks(world: World, property: Property, m: ConnectorModel) {
  const store = entities(world);
  const resourceIds = new Set(m.resources.map((x) => x.Id));
  const companies = chainCompanyIds(world);
  const segments = new Set(m.businessSegments.map((s) => s.Id));
  return (key: Link, id: string, r: { space: string; ownerId: string; bookerId?: string | null }): string | undefined => {
    switch (key) {
      case 'assignedResourceId':
        if (!resourceIds.has(id)) return `no resource ${id}.`;
        return m.categoryOfResource.get(id) !== m.categoryIdByCode.get(r.space) ? `resource ${id} is not of the reservation's category.` : undefined;
      case 'companyId':
      case 'travelAgencyId':
        return companies.has(id) ? undefined : `no company ${id}.`;
      case 'businessSegmentId':
        return segments.has(id) ? undefined : `no business segment ${id}.`;
      case 'bookerId':
        return world.state.customers.has(id) ? undefined : `no customer ${id}.`;
      case 'creditCardId': {
        const card = store.get('creditCards', id);
        const holder = card && (card.CustomerId === r.ownerId || card.CustomerId === r.bookerId);
        return holder && card.EnterpriseId === m.enterprise.Id && card.State !== 'Disabled' ? undefined : `no credit card ${id} of the reservation's owner or booker.`;
      }
      case 'availabilityBlockId': {
        const block = store.get('availabilityBlocks', id);
        return block && block.ServiceId === m.stayServiceId && block.IsActive !== false && block.State !== 'Canceled' ? undefined : `no availability block ${id}.`;
      }
    }
  };
}

/** Writes an update value into the details: `Value` sets (after the check), `{}` or `{Value: null}` clears. */
function setId<K extends keyof ReservationDetails>(
  details: ReservationDetails,
  key: K,
  update: { Value?: string | null } | null | undefined,
  at: string,
  problem: (id: string) => string | undefined,
): void {
  if (!update) return;
  if (!update.Value) {
    delete details[key];
    return;
  }
  const why = problem(update.Value);
  if (why) throw invalidParameter(`${at}.Value`, why);
  (details as Record<string, unknown>)[key] = update.Value;
}

/**
 * The nightly amounts after the update. `Reprice` (on unless false) prices every night from the rate
 * when the stay, category, rate or people changed; otherwise kept nights keep their price and new
 * ones take the rate's. `TimeUnitPrices` then overrides single nights and needs a `Reason`.
 */
function price(
  world: World,
  property: Property,
  r: Reservation,
  next: { space: string; rateCode: string; from: string; to: string; guestCounts: GuestCount[] },
  u: Update,
  at: string,
  body: { Reprice?: boolean | null; Reason?: string | null },
): Reservation['amounts'] {
  const inv = world.state.inventory(property.id);
  const gross = property.pricingMode === 0;
  const nights = dayOf(next.to) - dayOf(next.from);
  const guests = next.guestCounts.reduce((n, g) => n + g.count, 0);
  const changed = next.space !== r.spaceTypeCode || next.rateCode !== r.ratePlanCode || next.from !== r.from || next.to !== r.to || next.guestCounts !== r.guestCounts;
  const reprice = body.Reprice !== false && changed;
  const shift = dayOf(next.from) - dayOf(r.from);
  const amounts = Array.from({ length: nights }, (_, i) => {
    const kept = r.amounts[i + shift];
    if (!reprice && kept) return kept;
    const maxGuests = inv.pricer(next.rateCode, next.space)?.maxGuests ?? guests;
    const value = inv.price(next.rateCode, next.space, dayOf(next.from) + i, Math.min(guests, maxGuests)) ?? 0;
    return gross ? { gross: round2(value) } : { net: round2(value) };
  });
  const prices = u.TimeUnitPrices?.Value;
  if (u.TimeUnitPrices) {
    if (!body.Reason) throw invalidParameter('Reason', 'it is required when updating the price of a reservation.');
    if (!prices) throw invalidParameter(`${at}TimeUnitPrices.Value`, 'the prices cannot be cleared.');
    prices.forEach((p, j) => {
      const where = `${at}TimeUnitPrices.Value[${j}]`;
      if (p.Index >= nights) throw invalidParameter(`${where}.Index`, `the reservation has ${nights} night(s); the index must be below that.`);
      if (p.Amount.Currency !== property.currencyCode) throw invalidParameter(`${where}.Amount.Currency`, `the enterprise prices in ${property.currencyCode}.`);
      const value = gross ? (p.Amount.GrossValue ?? p.Amount.NetValue) : (p.Amount.NetValue ?? p.Amount.GrossValue);
      if (value == null || value < 0) throw invalidParameter(`${where}.Amount`, 'a non-negative GrossValue or NetValue is required.');
      amounts[p.Index] = gross ? { gross: round2(value) } : { net: round2(value) };
    });
  }
  return amounts;
}

/** The nights the updates newly take must be free, counting the nights they give back. */
function checkAvailability(world: World, property: Property, plans: Plan[]): void {
  const inv = world.state.inventory(property.id);
  const net = new Map<string, number>();
  const add = (space: string, from: string, to: string, n: number) => {
    for (let d = dayOf(from); d < dayOf(to); d++) net.set(`${space}|${d}`, (net.get(`${space}|${d}`) ?? 0) + n);
  };
  for (const p of plans) {
    if (p.space === p.r.spaceTypeCode && p.from === p.r.from && p.to === p.r.to) continue;
    add(p.r.spaceTypeCode, p.r.from, p.r.to, -1);
    add(p.space, p.from, p.to, 1);
  }
  // As reservations/add: what goes beyond availability on a day counts against the service's overbooking limit for it.
  const excessByDay = new Map<number, { space: string; excess: number }>();
  for (const [key, n] of net) {
    if (n <= 0) continue;
    const [space, day] = [key.split('|')[0], Number(key.split('|')[1])];
    const short = n - inv.availability(space, day);
    if (short <= 0) continue;
    const seen = excessByDay.get(day);
    excessByDay.set(day, { space: seen?.space ?? space, excess: (seen?.excess ?? 0) + short });
  }
  for (const [day, { space, excess }] of excessByDay) {
    const already = property.spaceCategories.reduce((n, s) => n + Math.max(0, inv.bookedCount(s.code, day) - (inv.space(s.code)?.spaceCount ?? 0)), 0);
    if (excess + already > overbookingLimitOn(world, property, day)) throw new ConnectorError(403, `Not enough ${inv.space(space)!.name} available for the updated dates.`);
  }
}
