import { addDays, dateInZone, dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import type { Reservation } from '../../world/state.js';
import { round2 } from '../../world/inventory.js';
import { invalidParameter } from '../errors.js';
import { withinDecimalRange } from '../messages.js';
import { reservationOwner } from '../model.js';
import { apiTime, localToUtc } from '../time.js';
import { checkUtc } from './common.js';
import { ratesNamed } from '../tax-codes.js';
import type { StoredItem } from './orders.js';
import { findProduct, productPrice } from './products.js';

/** A product ordered with a reservation (reservations/addProduct, or reservations/add's ProductOrders). */
export interface ProductOrder {
  ProductId: string;
  Count?: number | null;
  UnitAmount?: { GrossValue?: number | null; NetValue?: number | null; Currency: string; TaxCodes?: string[] | null } | null;
  StartUtc?: string | null;
  EndUtc?: string | null;
  ExternalIdentifier?: string | null;
}

const persons = (r: Reservation) => r.guestCounts.reduce((n, g) => n + g.count, 0);

/** A gross or net unit amount parameter as a gross value (products are priced gross in the world), taxed at `rate`. */
function grossOf(property: Property, a: NonNullable<ProductOrder['UnitAmount']>, at: string, rate: number): number {
  if (a.Currency !== property.currencyCode) throw invalidParameter(`${at}.Currency`, `the enterprise prices in ${property.currencyCode}.`);
  if (a.GrossValue != null) return a.GrossValue;
  if (a.NetValue != null) return round2(a.NetValue * (1 + rate));
  throw invalidParameter(`${at}.GrossValue`, 'GrossValue or NetValue is required.');
}

/**
 * The order items of a product on a reservation, checked first (400 naming `at` + the parameter):
 * products posted per time unit give one item per night (Count of them each, per person where
 * charged so), others one item. `at` is the parameters' prefix (`Reservations[0].ProductOrders[1].`).
 */
export function productOrderItems(world: World, property: Property, r: Reservation, o: ProductOrder, at = ''): StoredItem[] {
  const product = findProduct(world, property, o.ProductId, `${at}ProductId`);
  const count = o.Count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw invalidParameter(`${at}Count`, 'a positive whole number is required.');
  const perNight = product.PostingMode === 'PerTimeUnit';
  const tz = property.timeZoneIdentifier;
  let from = r.from;
  let to = r.to;
  checkUtc(`${at}StartUtc`, o.StartUtc);
  checkUtc(`${at}EndUtc`, o.EndUtc);
  if (o.StartUtc || o.EndUtc) {
    if (!o.StartUtc || !o.EndUtc) throw invalidParameter(`${at}${o.StartUtc ? 'EndUtc' : 'StartUtc'}`, 'StartUtc and EndUtc are given together.');
    if (!perNight && o.StartUtc !== o.EndUtc) throw invalidParameter(`${at}EndUtc`, `product ${product.Id} is charged once: EndUtc must equal StartUtc.`);
    from = dateInZone(Date.parse(o.StartUtc), tz);
    to = perNight ? dateInZone(Date.parse(o.EndUtc), tz) : addDays(from, 1);
    // A once-charged product may fall on any day from arrival to departure (a late check-out); nightly ones on the nights.
    const last = perNight ? dayOf(r.to) : dayOf(r.to) + 1;
    if (dayOf(from) < dayOf(r.from) || dayOf(to) > last || dayOf(to) <= dayOf(from)) {
      throw invalidParameter(`${at}StartUtc`, `the product must lie within the reservation's stay (${r.from} to ${r.to}).`);
    }
  }
  // An amount given with the order is taxed at the rates its TaxCodes name; the product's price at the enterprise's.
  const taxes = o.UnitAmount ? ratesNamed(world, property, o.UnitAmount.TaxCodes ?? []) : undefined;
  const rate = taxes ? taxes.reduce((sum, t) => sum + t.value, 0) : property.taxRate;
  const override = o.UnitAmount ? grossOf(property, o.UnitAmount, `${at}UnitAmount`, rate) : undefined;
  const perPerson = product.ChargingMode === 'PerPerson' || product.ChargingMode === 'PerPersonPerTimeUnit';
  const units = count * (perPerson ? persons(r) : 1);
  const dates = perNight ? Array.from({ length: dayOf(to) - dayOf(from) }, (_, i) => addDays(from, i)) : [from];
  const now = apiTime(world.clock.now());
  const gross = property.pricingMode === 0;
  const items: StoredItem[] = dates.map((date) => {
    const value = override ?? productPrice(world, property, product, date);
    return {
      Id: world.state.uuid(),
      OrderId: r.id,
      ServiceId: product.ServiceId as string,
      AccountId: reservationOwner(world, r),
      AccountType: 'Customer',
      Type: 'ProductOrder',
      ProductId: product.Id,
      Name: (Object.values(product.Names as Record<string, string>)[0] ?? product.ExternalIdentifier) as string,
      UnitCount: units,
      // Stored items are in the enterprise's pricing mode.
      unitValue: gross ? value : round2(value / (1 + (override === undefined ? property.taxRate : rate))),
      ...(taxes && { taxes }),
      AccountingCategoryId: product.AccountingCategoryId as string,
      ExternalIdentifier: o.ExternalIdentifier ?? null,
      Notes: null,
      CreatedUtc: now,
      ConsumedUtc: localToUtc(date, '00:00', tz),
    };
  });
  if (items.some((i) => !withinDecimalRange(i.unitValue * i.UnitCount))) throw invalidParameter(`${at}Count`, 'the total amount is too large.');
  return items;
}
