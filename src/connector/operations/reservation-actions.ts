import { z } from 'zod';
import { addDays, dateInZone, dayOf } from '../../engine/dates.js';
import type { Reservation } from '../../world/state.js';
import { stableId } from '../../world/ids.js';
import { round2 } from '../../world/inventory.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { withinDecimalRange } from '../messages.js';
import { operation, stored, type Ctx } from '../builder.js';
import { amountOf, modelOf, reservationOwner } from '../model.js';
import { checkStay, checkUtc, RequestBase } from './common.js';
import { allOrderItems, postOrderItems } from './orders.js';
import { findProduct, productPrice } from './products.js';
import { productOrderItems, type ProductOrder } from './product-orders.js';
import { applyReservationUpdates } from './update.js';
import { bills, closeBill } from './billing.js';
import { convert } from './finance.js';

/** A reservation of the caller's enterprise; 400 naming `at` otherwise. */
function reservationAt(ctx: Ctx, id: string, at: string): Reservation {
  const r = ctx.world.state.reservations.get(id);
  if (!r || r.propertyId !== ctx.property.id) throw invalidParameter(at, `no reservation ${id} in this enterprise.`);
  return r;
}

const customerAt = (ctx: Ctx, id: string, at: string) => {
  if (!ctx.world.state.customers.has(id)) throw invalidParameter(at, `no customer ${id}.`);
  return id;
};

/** A state change of one reservation the API shows: stamps it and tells webhook subscribers. */
function touched(ctx: Ctx, ...rs: Reservation[]): void {
  const now = ctx.world.clock.now().toISOString();
  for (const r of rs) r.updatedUtc = now;
  ctx.world.state.changed({ type: 'reservation', propertyId: ctx.property.id, reservationIds: rs.map((r) => r.id) });
}

const today = (ctx: Ctx) => dateInZone(ctx.world.clock.now().getTime(), ctx.property.timeZoneIdentifier);
const persons = (r: Reservation) => r.guestCounts.reduce((n, g) => n + g.count, 0);


/**
 * reservations/addProduct: a product order on the reservation. Products posted per time unit give one
 * order item per night (Count of them each); others one item. They show in orderItems/getAll under
 * the reservation (ServiceOrderId) and on its owner's bill.
 */
export const addReservationProduct = operation('reservations/addProduct', {
  summary: 'Orders a product with a reservation: order items on the reservation and its owner\'s bill.',
  handle(ctx) {
    const { world, property, body } = ctx;
    const r = reservationAt(ctx, body.ReservationId, 'ReservationId');
    if (r.state === 'Canceled' || r.state === 'Processed') throw new ConnectorError(403, `Reservation ${r.confirmationNumber} is ${r.state.toLowerCase()}; no product can be added.`);
    if (!Number.isInteger(body.Count) || body.Count < 1) throw invalidParameter('Count', 'a positive whole number is required.');
    const items = productOrderItems(world, property, r, body as ProductOrder);
    postOrderItems(world, property, items);
    world.state.changed({ type: 'order', propertyId: property.id, orderIds: [r.id] });
    return { ItemIds: items.map((i) => i.Id) };
  },
});

export const addReservationCompanion = operation('reservations/addCompanion', {
  summary: 'Adds a customer as a companion of a reservation, while the reservation has room for one.',
  handle(ctx) {
    const r = reservationAt(ctx, ctx.body.ReservationId, 'ReservationId');
    const customerId = customerAt(ctx, ctx.body.CustomerId, 'CustomerId');
    const companions = r.details?.companionIds ?? [];
    if (companions.includes(customerId)) throw new ConnectorError(403, `Customer ${customerId} is already a companion of reservation ${r.confirmationNumber}.`);
    if (companions.length >= persons(r)) throw new ConnectorError(403, `Reservation ${r.confirmationNumber} is for ${persons(r)} person(s) and has no room for another companion.`);
    r.details = { ...r.details, companionIds: [...companions, customerId] };
    touched(ctx, r);
    return { CompanionshipId: stableId(ctx.world.state.fixture.seed, 'companionship', r.id, customerId) };
  },
});

export const deleteReservationCompanion = operation('reservations/deleteCompanion', {
  summary: 'Removes a companion from a reservation; the customer profile stays.',
  handle(ctx) {
    const r = reservationAt(ctx, ctx.body.ReservationId, 'ReservationId');
    const customerId = customerAt(ctx, ctx.body.CustomerId, 'CustomerId');
    const companions = r.details?.companionIds ?? [];
    if (!companions.includes(customerId)) throw invalidParameter('CustomerId', `customer ${customerId} is not a companion of reservation ${r.confirmationNumber}.`);
    r.details = { ...r.details, companionIds: companions.filter((c) => c !== customerId) };
    touched(ctx, r);
    return {};
  },
});

export const updateReservationInterval = operation('reservations/updateInterval', {
  summary: 'Moves a reservation\'s start or end, with the availability check and channel manager pushes of reservations/update.',
  handle(ctx) {
    const { body } = ctx;
    if (!body.StartUtc && !body.EndUtc) throw invalidParameter('StartUtc', 'StartUtc or EndUtc is required.');
    checkUtc('StartUtc', body.StartUtc);
    checkUtc('EndUtc', body.EndUtc);
    const update = { ReservationId: body.ReservationId, ...(body.StartUtc && { StartUtc: { Value: body.StartUtc } }), ...(body.EndUtc && { EndUtc: { Value: body.EndUtc } }) };
    applyReservationUpdates(ctx.world, ctx.property, [update], () => '', { Reprice: true });
    return {};
  },
});

export const updateReservationCustomer = operation('reservations/updateCustomer', {
  summary: 'Makes another customer the owner of a reservation.',
  handle(ctx) {
    const r = reservationAt(ctx, ctx.body.ReservationId, 'ReservationId');
    const customerId = customerAt(ctx, ctx.body.CustomerId, 'CustomerId');
    if (r.state === 'Canceled' || r.state === 'Processed') throw new ConnectorError(403, `Reservation ${r.confirmationNumber} is ${r.state.toLowerCase()}; its customer cannot change.`);
    r.customerId = customerId;
    touched(ctx, r);
    return {};
  },
});

/**
 * reservations/start (check-in): only a Confirmed reservation, from its arrival day on (not after its
 * departure), with a resource assigned.
 */
export const startReservation = operation('reservations/start', {
  summary: 'Checks a reservation in: Confirmed → Started.',
  handle(ctx) {
    const r = reservationAt(ctx, ctx.body.ReservationId, 'ReservationId');
    if (r.state !== 'Confirmed') throw new ConnectorError(403, `Reservation ${r.confirmationNumber} is ${r.state === 'Enquired' ? 'Inquired' : r.state}; only a Confirmed reservation can be started.`);
    const day = today(ctx);
    if (dayOf(day) < dayOf(r.from)) throw new ConnectorError(403, `Reservation ${r.confirmationNumber} starts on ${r.from}; it cannot be started before then.`);
    if (dayOf(day) >= dayOf(r.to)) throw new ConnectorError(403, `Reservation ${r.confirmationNumber} ended on ${r.to}; it can no longer be started.`);
    if (!r.details?.assignedResourceId) throw new ConnectorError(403, `Reservation ${r.confirmationNumber} has no resource assigned; assign one (reservations/update AssignedResourceId) first.`);
    r.state = 'Started';
    r.details = { ...r.details, actualStartUtc: ctx.world.clock.now().toISOString(), ownerCheckedIn: true };
    touched(ctx, r);
    return {};
  },
});

/** What the reservation owner's bill still owes, in the enterprise's currency: open order items less payments. */
function balanceOf(ctx: Ctx, accountId: string): number {
  const own = (a: { Currency?: string; GrossValue?: number } | undefined) => convert(a?.GrossValue ?? 0, a?.Currency ?? ctx.property.currencyCode, ctx.property.currencyCode);
  const charges = allOrderItems(ctx.world, ctx.property)
    .filter((i) => i.AccountId === accountId && i.AccountingState === 'Open')
    .reduce((n, i) => n + own(i.Amount as { Currency: string; GrossValue: number }), 0);
  const paid = stored('payments')(ctx)
    .filter((p) => p.AccountId === accountId)
    .reduce((n, p) => n + own(p.Amount as { Currency?: string; GrossValue?: number } | undefined), 0);
  return round2(charges - paid);
}

/**
 * reservations/process (check-out): only a Started reservation, from its departure day on;
 * the owner's balance must be zero unless AllowOpenBalance (then with Notes); CloseBills closes
 * the owner's closable bills.
 */
export const processReservation = operation('reservations/process', {
  summary: 'Checks a reservation out: Started → Processed.',
  handle(ctx) {
    const { body } = ctx;
    const r = reservationAt(ctx, body.ReservationId, 'ReservationId');
    if (r.state !== 'Started') throw new ConnectorError(403, `Reservation ${r.confirmationNumber} is ${r.state === 'Enquired' ? 'Inquired' : r.state}; only a Started reservation can be processed.`);
    if (dayOf(today(ctx)) < dayOf(r.to)) throw new ConnectorError(403, `Reservation ${r.confirmationNumber} cannot be processed before the last day of its stay (${r.to}).`);
    if (body.AllowOpenBalance === true && !body.Notes) throw invalidParameter('Notes', 'it is required when AllowOpenBalance is true.');
    const balance = balanceOf(ctx, reservationOwner(ctx.world, r));
    if (body.AllowOpenBalance !== true && balance !== 0) {
      throw new ConnectorError(403, `The balance of reservation ${r.confirmationNumber}'s owner is ${balance} ${ctx.property.currencyCode}, not zero; pay it or allow an open balance.`);
    }
    // Closable bills are those bills/close takes as a Receipt: open, not empty, with a zero balance.
    if (body.CloseBills === true) {
      const owner = reservationOwner(ctx.world, r);
      const closable = bills(ctx).filter((b) => b.AccountId === owner && b.State === 'Open' && b.IsActive !== false && b.balance === 0 && b.items.length + b.payments.length > 0);
      for (const b of closable) closeBill.handle({ ...ctx, body: { BillId: b.Id, Type: 'Receipt' } });
    }
    r.state = 'Processed';
    r.details = { ...r.details, actualEndUtc: ctx.world.clock.now().toISOString() };
    touched(ctx, r);
    return {};
  },
});

export const confirmReservations = operation('reservations/confirm', {
  summary: 'Confirms Optional reservations (all or none): Optional → Confirmed.',
  handle(ctx) {
    const ids = ctx.body.ReservationIds as string[];
    if (!ids.length) throw invalidParameter('ReservationIds', 'at least one reservation id is required.');
    const rs = ids.map((id, i) => reservationAt(ctx, id, `ReservationIds[${i}]`));
    const wrong = rs.find((r) => r.state !== 'Optional');
    if (wrong) throw new ConnectorError(403, `Reservation ${wrong.confirmationNumber} is ${wrong.state === 'Enquired' ? 'Inquired' : wrong.state}; only Optional reservations can be confirmed.`);
    for (const r of rs) r.state = 'Confirmed';
    touched(ctx, ...rs);
    return { ReservationIds: rs.map((r) => r.id) };
  },
});

/**
 * reservations/price: what reservations/add would charge, from the world's rates (person counts above
 * the category's capacity are priced at the capacity), plus the products ordered with it.
 */
export const priceReservations = operation('reservations/price', {
  summary: 'Prices reservations not yet made, from the rates, with their product orders.',
  // The table marks CustomerId required in the reservation parameters; the operation's own text says pricing does not need it.
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    ServiceId: z.string(),
    Reservations: z
      .array(
        z.looseObject({
          Identifier: z.string().nullish(),
          StartUtc: z.iso.datetime({ offset: true }),
          EndUtc: z.iso.datetime({ offset: true }),
          PersonCounts: z.array(z.object({ AgeCategoryId: z.string(), Count: z.number().int() })),
          CustomerId: z.string().nullish(),
          RequestedCategoryId: z.string(),
          RateId: z.string(),
        }),
      )
      .min(1, 'at least one reservation is required')
      .max(1000, 'at most 1000 items'),
  }).meta({ id: 'ReservationsPriceRequest' }),
  handle(ctx) {
    const { world, property, body } = ctx;
    const m = modelOf(world, property);
    if (body.ServiceId !== m.stayServiceId) throw invalidParameter('ServiceId', 'it is not a bookable service of this enterprise.');
    const spaceOf = new Map([...m.categoryIdByCode].map(([code, id]) => [id, code]));
    const rateOf = new Map([...m.rateIdByCode].map(([code, id]) => [id, code]));
    const ages = new Set(m.ageCategoryIdByCode.values());
    const inv = world.state.inventory(property.id);
    const tz = property.timeZoneIdentifier;
    const gross = property.pricingMode === 0;
    const list = body.Reservations as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!list.length) throw invalidParameter('Reservations', 'at least one reservation is required.');
    return {
      ReservationPrices: list.map((r, i) => {
        const at = `Reservations[${i}]`;
        const space = spaceOf.get(r.RequestedCategoryId);
        if (!space) throw invalidParameter(`${at}.RequestedCategoryId`, `no resource category ${r.RequestedCategoryId}.`);
        const rateCode = rateOf.get(r.RateId);
        if (!rateCode) throw invalidParameter(`${at}.RateId`, `no rate ${r.RateId}.`);
        const from = dateInZone(Date.parse(r.StartUtc), tz);
        const to = dateInZone(Date.parse(r.EndUtc), tz);
        checkStay(`${at}.EndUtc`, from, to);
        const counts = (r.PersonCounts ?? []) as { AgeCategoryId: string; Count: number }[];
        counts.forEach((p, j) => {
          if (!ages.has(p.AgeCategoryId)) throw invalidParameter(`${at}.PersonCounts[${j}].AgeCategoryId`, `no age category ${p.AgeCategoryId}.`);
          if (!(p.Count > 0)) throw invalidParameter(`${at}.PersonCounts[${j}].Count`, 'only positive counts are accepted.');
        });
        const guests = counts.reduce((n, p) => n + p.Count, 0);
        if (guests < 1) throw invalidParameter(`${at}.PersonCounts`, 'at least one age category with a count is required.');
        const nights = dayOf(to) - dayOf(from);
        const fixed = r.TimeUnitAmount ? (gross ? r.TimeUnitAmount.GrossValue : r.TimeUnitAmount.NetValue) : undefined;
        const byIndex = new Map<number, number>();
        for (const [j, p] of ((r.TimeUnitPrices ?? []) as { Index: number; Amount?: { GrossValue?: number; NetValue?: number } }[]).entries()) {
          if (p.Index >= nights) throw invalidParameter(`${at}.TimeUnitPrices[${j}].Index`, `the stay has ${nights} night(s); the index must be below that.`);
          const v = gross ? p.Amount?.GrossValue : p.Amount?.NetValue;
          if (v != null) byIndex.set(p.Index, v);
        }
        const maxGuests = inv.pricer(rateCode, space)?.maxGuests ?? guests;
        let total = 0;
        for (let n = 0; n < nights; n++) total += byIndex.get(n) ?? fixed ?? inv.price(rateCode, space, dayOf(from) + n, Math.min(guests, maxGuests)) ?? 0;
        for (const [j, o] of ((r.ProductOrders ?? []) as { ProductId: string; Count?: number }[]).entries()) {
          const product = findProduct(world, property, o.ProductId, `${at}.ProductOrders[${j}].ProductId`);
          const perNight = product.PostingMode === 'PerTimeUnit';
          const perPerson = product.ChargingMode === 'PerPerson' || product.ChargingMode === 'PerPersonPerTimeUnit';
          const dates = perNight ? Array.from({ length: nights }, (_, k) => addDays(from, k)) : [from];
          const units = (o.Count ?? 1) * (perPerson ? guests : 1);
          const value = dates.reduce((sum, d) => sum + productPrice(world, property, product, d) * units, 0);
          total += gross ? value : value / (1 + property.taxRate);
        }
        if (!withinDecimalRange(total)) throw invalidParameter(at, 'the total amount is too large.');
        return { Identifier: r.Identifier ?? null, TotalAmount: amountOf(property, total) };
      }),
    };
  },
});
