import { z } from 'zod';
import { dateInZone, dayOf } from '../../engine/dates.js';
import type { Reservation, ReservationDetails, ReservationGroup } from '../../world/state.js';
import { round2 } from '../../world/inventory.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { modelOf, reservationView2017 } from '../model.js';
import { checkStay, RequestBase } from './common.js';
import { activeRateCode } from './rates.js';
import { categoryCode } from './resource-categories.js';
import { overbookingLimitOn } from './service-overbooking-limits.js';
import { postOrderItems } from './orders.js';
import { productOrderItems } from './product-orders.js';
import { reservationLinks } from './update.js';
import { operation } from '../builder.js';

const utc = z.iso.datetime({ offset: true });
const amount = z.object({ GrossValue: z.number().nullish(), NetValue: z.number().nullish(), Currency: z.string(), TaxCodes: z.array(z.string()) });

const ReservationParameters = z.object({
  Identifier: z.string().nullish(),
  ChannelNumber: z.string().nullish(),
  State: z.enum(['Optional', 'Enquired', 'Confirmed']).nullish(),
  StartUtc: utc,
  EndUtc: utc,
  PersonCounts: z.array(z.object({ AgeCategoryId: z.string(), Count: z.number().int().positive('only positive counts are accepted') })).min(1, 'at least one age category with a count is required'),
  CustomerId: z.string().min(1),
  BookerId: z.string().nullish(),
  RequestedCategoryId: z.string().min(1),
  RateId: z.string().min(1),
  VoucherCode: z.string().nullish(),
  Notes: z.string().nullish(),
  TimeUnitAmount: amount.nullish(),
  TimeUnitPrices: z.array(z.object({ Index: z.number().int().nonnegative(), Amount: amount.nullish() })).nullish(),
  ReleasedUtc: utc.nullish(),
  AssignedResourceId: z.string().nullish(),
  AssignedResourceLocked: z.boolean().nullish(),
  CreditCardId: z.string().nullish(),
  TravelAgencyId: z.string().nullish(),
  CompanyId: z.string().nullish(),
  BusinessSegmentId: z.string().nullish(),
  AvailabilityBlockId: z.string().nullish(),
  ProductOrders: z
    .array(z.object({ ProductId: z.string(), Count: z.number().int().nullish(), UnitAmount: amount.nullish(), StartUtc: z.string().nullish(), EndUtc: z.string().nullish(), ExternalIdentifier: z.string().nullish() }))
    .nullish(),
});

/** The details a reservation parameter names, by the reservation's field (reservations/update checks the same). */
const LINKS = [
  ['AssignedResourceId', 'assignedResourceId'],
  ['CompanyId', 'companyId'],
  ['TravelAgencyId', 'travelAgencyId'],
  ['BusinessSegmentId', 'businessSegmentId'],
  ['CreditCardId', 'creditCardId'],
  ['AvailabilityBlockId', 'availabilityBlockId'],
] as const;

/**
 * reservations/add: books reservations as one group (new, or the given GroupId), checking the rate's
 * applicability and overbooking as Mews does by default. The nights leave the channel managers'
 * availability (delta push) and webhook subscribers hear of it.
 */
export const addReservations = operation('reservations/add', {
  summary: 'Adds reservations as one reservation group; private rates need a voucher, overbooking is refused by default.',
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    ServiceId: z.string().min(1),
    GroupId: z.string().nullish(),
    GroupName: z.string().nullish(),
    Reservations: z.array(ReservationParameters).min(1, 'at least one reservation is required').max(1000, 'at most 1000 items'),
    CheckRateApplicability: z.boolean().nullish(),
    CheckOverbooking: z.boolean().nullish(),
    SendConfirmationEmail: z.boolean().nullish(),
  }).meta({ id: 'ReservationsAddRequest' }),
  handle({ world, property, body }) {
    const state = world.state;
    const m = modelOf(world, property);
    if (body.ServiceId !== m.stayServiceId) throw invalidParameter('ServiceId', 'it is not a bookable service of this enterprise.');
    const ageOf = new Map([...m.ageCategoryIdByCode].map(([code, id]) => [id, code]));
    const inv = state.inventory(property.id);
    const tz = property.timeZoneIdentifier;
    let group: ReservationGroup | undefined;
    if (body.GroupId) {
      group = state.groups.get(body.GroupId);
      if (!group || group.propertyId !== property.id) throw invalidParameter('GroupId', `no reservation group ${body.GroupId}.`);
    }
    const links = reservationLinks(world, property, m);
    // Check everything first: the call books all reservations or none.
    const plans = body.Reservations.map((r, i) => {
      const at = `Reservations[${i}]`;
      if (!state.customers.has(r.CustomerId)) throw invalidParameter(`${at}.CustomerId`, `no customer ${r.CustomerId}.`);
      if (r.BookerId && !state.customers.has(r.BookerId)) throw invalidParameter(`${at}.BookerId`, `no customer ${r.BookerId}.`);
      // Deleted rates and categories stay on the reservations that name them but take no new ones.
      const space = categoryCode(world, property, r.RequestedCategoryId, `${at}.RequestedCategoryId`);
      const rateCode = activeRateCode(world, property, r.RateId, `${at}.RateId`);
      const from = dateInZone(Date.parse(r.StartUtc), tz);
      const to = dateInZone(Date.parse(r.EndUtc), tz);
      checkStay(`${at}.EndUtc`, from, to);
      const guestCounts = r.PersonCounts.map((p, j) => {
        const code = ageOf.get(p.AgeCategoryId);
        if (!code) throw invalidParameter(`${at}.PersonCounts[${j}].AgeCategoryId`, `no age category ${p.AgeCategoryId}.`);
        return { code, count: p.Count };
      });
      if (body.CheckRateApplicability !== false && inv.rate(rateCode)!.rateType === 0 && !r.VoucherCode) {
        throw new ConnectorError(403, `The rate ${inv.rate(rateCode)!.name} is private and cannot be booked without a voucher (${at}).`);
      }
      const details: ReservationDetails = { ...(r.ChannelNumber && { channelNumber: r.ChannelNumber }), ...(r.BookerId && { bookerId: r.BookerId }), ...(r.ReleasedUtc && { releasedUtc: r.ReleasedUtc }) };
      for (const [param, key] of LINKS) {
        const id = r[param];
        if (!id) continue;
        const why = links(key, id, { space, ownerId: r.CustomerId, bookerId: r.BookerId });
        if (why) throw invalidParameter(`${at}.${param}`, why);
        details[key] = id;
      }
      if (r.AssignedResourceLocked) {
        if (!r.AssignedResourceId) throw invalidParameter(`${at}.AssignedResourceLocked`, 'a reservation without an assigned resource cannot be locked.');
        details.assignedResourceLocked = true;
      }
      const nights = dayOf(to) - dayOf(from);
      (r.TimeUnitPrices ?? []).forEach((p, j) => {
        const where = `${at}.TimeUnitPrices[${j}]`;
        if (p.Index >= nights) throw invalidParameter(`${where}.Index`, `the reservation has ${nights} night(s); the index must be below that.`);
        if (p.Amount && p.Amount.Currency !== property.currencyCode) throw invalidParameter(`${where}.Amount.Currency`, `the enterprise prices in ${property.currencyCode}.`);
      });
      // The products are checked against the stay now and posted once the reservation exists.
      const stay = { id: '', customerId: r.CustomerId, from, to, guestCounts } as Reservation;
      const products = (r.ProductOrders ?? []).flatMap((o, j) => productOrderItems(world, property, stay, o, `${at}.ProductOrders[${j}].`));
      return { r, space, rateCode, from, to, guestCounts, details, products };
    });
    if (body.CheckOverbooking !== false) {
      const wanted = new Map<number, Map<string, number>>();
      for (const p of plans) {
        for (let d = dayOf(p.from); d < dayOf(p.to); d++) {
          const day = wanted.get(d) ?? wanted.set(d, new Map()).get(d)!;
          day.set(p.space, (day.get(p.space) ?? 0) + 1);
        }
      }
      // The service's overbooking limit for a day counts every booking beyond availability on it, already made or new.
      for (const [day, bySpace] of wanted) {
        const excess = [...bySpace].reduce((n, [space, count]) => n + Math.max(0, count - inv.availability(space, day)), 0);
        if (!excess) continue;
        const already = property.spaceCategories.reduce((n, s) => n + Math.max(0, inv.bookedCount(s.code, day) - (inv.space(s.code)?.spaceCount ?? 0)), 0);
        if (excess + already > overbookingLimitOn(world, property, day)) {
          const space = [...bySpace].find(([code, count]) => count > inv.availability(code, day))![0];
          throw new ConnectorError(403, `Not enough ${inv.space(space)!.name} available for the requested dates (overbooking is checked).`);
        }
      }
    }
    const now = world.clock.now().toISOString();
    if (!group) {
      group = { id: state.uuid(), propertyId: property.id, ...(body.GroupName && { name: body.GroupName }), currencyCode: property.currencyCode, reservationIds: [], createdUtc: now, updatedUtc: now };
      state.addGroup(group);
    }
    const added = plans.map(({ r, space, rateCode, from, to, guestCounts, details, products }) => {
      const guests = guestCounts.reduce((n, g) => n + g.count, 0);
      const nights = dayOf(to) - dayOf(from);
      const prices = new Map((r.TimeUnitPrices ?? []).map((p) => [p.Index, p.Amount]));
      const amounts = Array.from({ length: nights }, (_, i) => {
        const given = prices.get(i) ?? r.TimeUnitAmount;
        const value = given ? (property.pricingMode === 0 ? given.GrossValue : given.NetValue) : undefined;
        const price = value ?? inv.price(rateCode, space, dayOf(from) + i, Math.min(guests, inv.pricer(rateCode, space)!.maxGuests)) ?? 0;
        return property.pricingMode === 0 ? { gross: round2(price) } : { net: round2(price) };
      });
      const reservation: Reservation = {
        id: state.uuid(),
        groupId: group!.id,
        propertyId: property.id,
        confirmationNumber: state.newConfirmationNumber(),
        customerId: r.CustomerId,
        state: r.State ?? 'Confirmed',
        spaceTypeCode: space,
        ratePlanCode: rateCode,
        from,
        to,
        guestCounts,
        amounts,
        extras: [],
        guests: [],
        createdUtc: now,
        updatedUtc: now,
        origin: 'Connector',
        details,
      };
      state.reservations.set(reservation.id, reservation);
      group!.reservationIds.push(reservation.id);
      inv.book(space, dayOf(from), dayOf(to), 1);
      state.changed({ type: 'availability', propertyId: property.id, spaceTypeCode: space, from, to });
      if (products.length) {
        postOrderItems(world, property, products.map((i) => ({ ...i, OrderId: reservation.id })));
        state.changed({ type: 'order', propertyId: property.id, orderIds: [reservation.id] });
      }
      return { r, reservation };
    });
    state.changed({ type: 'reservation', propertyId: property.id, reservationIds: added.map((a) => a.reservation.id) });
    return { Reservations: added.map(({ r, reservation }) => ({ Identifier: r.Identifier ?? null, Reservation: reservationView2017(world, property, m, reservation) })) };
  },
});
