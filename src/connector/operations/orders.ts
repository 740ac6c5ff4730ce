import { z } from 'zod';
import { addDays, dateInZone } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import type { Reservation } from '../../world/state.js';
import { stableId } from '../../world/ids.js';
import { round2 } from '../../world/inventory.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { withinDecimalRange } from '../messages.js';
import { maxMonths, operation } from '../builder.js';
import { amountOf, billIdOf, enabledCurrencies, modelOf, reservationOwner, type ConnectorModel } from '../model.js';
import { paginate } from '../pagination.js';
import { amountTaxedAt, ratesNamed } from '../tax-codes.js';
import { entities } from '../store.js';
import { apiTime, checkInterval, inInterval, localToUtc } from '../time.js';
import { chainCompanyIds } from './lists.js';
import { productPrice, productsOf } from './products.js';
import { ids, interval, limitation, RequestBase } from './common.js';
import { billBook, billedItem, openBillOf } from './bill-state.js';
import { itemCostsIn } from './finance.js';

/** Enterprises may edit this far into the past (configuration/get EditableHistoryInterval). */
const EDITABLE_HISTORY_MS = 3 * 86_400_000;

/** An item ordered through orders/add or reservations/addProduct, in the property's pricing mode. */
export interface StoredItem {
  Id: string;
  OrderId: string;
  ServiceId: string;
  AccountId: string;
  AccountType: 'Customer' | 'Company';
  Type: 'ProductOrder' | 'CustomItem';
  ProductId?: string;
  Name: string;
  UnitCount: number;
  unitValue: number;
  AccountingCategoryId: string | null;
  ExternalIdentifier: string | null;
  Notes: string | null;
  CreatedUtc: string;
  ConsumedUtc: string;
  /** The currency the item was posted in (one of the enterprise's enabled ones); its own when absent. */
  currency?: string;
  /** The tax rates its amount's TaxCodes named; the enterprise's rate when absent (a product at its price). */
  taxes?: { code: string; value: number }[];
  /** orders/add LinkedReservationId. */
  linkedReservationId?: string;
  /** orders/add BillId: the open bill the item was posted to; the account's open bill when absent. */
  billId?: string;
  /** Set by orderItems/cancel. */
  canceledUtc?: string;
}

/** The items orders/add posted, per enterprise (kept mutable: a merge moves them to another account). */
export const orderItems = (world: World, property: Property) => world.apiStateOf(`connector:order-items:${property.id}`, () => [] as StoredItem[]);

/** Posts items (reservations/addProduct): they show in orderItems/getAll and on the account's bill. */
export function postOrderItems(world: World, property: Property, items: StoredItem[]): void {
  orderItems(world, property).push(...items);
}

/** The items orders/add and reservations/addProduct posted, oldest first (productServiceOrders/getAll groups them by order). */
export const storedOrderItems = (world: World, property: Property): readonly StoredItem[] => orderItems(world, property);

export const getAllProducts = operation('products/getAll', {
  summary: 'Products of the services (extras such as breakfast), with their price.',
  request: RequestBase.extend({
    EnterpriseIds: ids(),
    ProductIds: ids(),
    ServiceIds: z.array(z.string()).max(1000, 'at most 1000 items'),
    UpdatedUtc: interval,
    IncludeDefault: z.boolean().nullish(),
    Limitation: limitation,
  }).meta({ id: 'ProductsGetAllRequest' }),
  collection: 'Products',
  handle({ world, property, body }) {
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('products/getAll', 'UpdatedUtc'));
    const m = modelOf(world, property);
    const items = productsOf(world, property, m).filter(
      (p) => body.ServiceIds.includes(p.ServiceId as string) && (!body.ProductIds || body.ProductIds.includes(p.Id)) && inInterval(p.UpdatedUtc as string, updated),
    );
    const { page, cursor } = paginate(items, body.Limitation);
    // Offered to customers: the products guests are offered before or during their stay.
    const offered = page.filter((p) => p.IsActive && ((p.Promotions as Record<string, boolean>).BeforeCheckIn || (p.Promotions as Record<string, boolean>).DuringStay));
    return { Products: page, CustomerProducts: offered, Cursor: cursor };
  },
});

const AmountParameters = z.object({
  GrossValue: z.number().nullish(),
  NetValue: z.number().nullish(),
  Currency: z.string(),
  TaxCodes: z.array(z.string()),
});

export const addOrder = operation('orders/add', {
  summary: 'Orders products or custom items for a customer or company, optionally linked to a reservation.',
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    ServiceId: z.string().min(1),
    AccountId: z.string().nullish(),
    CustomerId: z.string().nullish(),
    Options: z.object({ DisableItemGrouping: z.boolean().nullish() }).nullish(),
    ProductOrders: z
      .array(
        z.object({
          ProductId: z.string().min(1),
          Count: z.number().int().positive('only positive counts are accepted').nullish(),
          UnitAmount: AmountParameters.nullish(),
          StartUtc: z.iso.datetime({ offset: true }).nullish(),
          EndUtc: z.iso.datetime({ offset: true }).nullish(),
          ExternalIdentifier: z.string().max(255).nullish(),
        }),
      )
      .nullish(),
    Items: z
      .array(
        z.object({
          Name: z.string().min(1, 'it is required'),
          UnitCount: z.number().int().positive('only positive counts are accepted'),
          UnitAmount: AmountParameters,
          AccountingCategoryId: z.string().nullish(),
          ExternalIdentifier: z.string().max(255).nullish(),
        }),
      )
      .nullish(),
    ConsumptionUtc: z.iso.datetime({ offset: true }).nullish(),
    Notes: z.string().nullish(),
    BusinessSegmentId: z.string().nullish(),
    BillId: z.string().nullish(),
    LinkedReservationId: z.string().nullish(),
  }).meta({ id: 'OrdersAddRequest' }),
  handle({ world, property, body }) {
    const m = modelOf(world, property);
    const state = world.state;
    if (!m.services.some((s) => s.Id === body.ServiceId)) throw invalidParameter('ServiceId', `no service ${body.ServiceId} in this enterprise.`);
    const accountId = body.AccountId ?? body.CustomerId;
    if (!accountId) throw invalidParameter('AccountId', 'it is required.');
    const accountType = state.customers.has(accountId) ? 'Customer' : chainCompanyIds(world).has(accountId) ? 'Company' : undefined;
    if (!accountType) throw invalidParameter('AccountId', `no customer or company ${accountId}.`);
    if (!body.ProductOrders?.length && !body.Items?.length) throw invalidParameter('ProductOrders', 'an order needs at least one product order or item.');
    if (body.BillId && !openBillsOf(world, property, accountId).has(body.BillId)) throw invalidParameter('BillId', `no open bill ${body.BillId} of the account.`);
    if (body.BusinessSegmentId && !m.businessSegments.some((s) => s.Id === body.BusinessSegmentId)) throw invalidParameter('BusinessSegmentId', `no business segment ${body.BusinessSegmentId}.`);
    if (body.LinkedReservationId) {
      const r = state.reservations.get(body.LinkedReservationId);
      if (!r || r.propertyId !== property.id) throw invalidParameter('LinkedReservationId', `no reservation ${body.LinkedReservationId} in this enterprise.`);
    }
    const now = world.clock.now();
    const consumed = body.ConsumptionUtc ? Date.parse(body.ConsumptionUtc) : now.getTime();
    if (consumed < now.getTime() - EDITABLE_HISTORY_MS) {
      throw new ConnectorError(403, 'ConsumptionUtc is further in the past than the enterprise\'s editable history interval (3 days).');
    }
    const base = {
      OrderId: state.uuid(),
      ServiceId: body.ServiceId,
      AccountId: accountId,
      AccountType: accountType,
      Notes: body.Notes ?? null,
      CreatedUtc: apiTime(now),
      ConsumedUtc: apiTime(consumed),
      ...(body.BillId && { billId: body.BillId }),
    } as const;
    const items: StoredItem[] = [];
    body.ProductOrders?.forEach((o, i) => {
      const product = productsOf(world, property, m).find((p) => p.IsActive && (p.Id === o.ProductId || (o.ProductId.startsWith('eid:') && p.ExternalIdentifier === o.ProductId.slice(4))));
      if (!product || product.ServiceId !== body.ServiceId) throw invalidParameter(`ProductOrders[${i}].ProductId`, `no product ${o.ProductId} of service ${body.ServiceId}.`);
      // The day's price (products/updatePrice), gross as the world keeps it.
      const price = productPrice(world, property, product, dateInZone(consumed, property.timeZoneIdentifier));
      const taxes = o.UnitAmount ? ratesNamed(world, property, o.UnitAmount.TaxCodes) : undefined;
      const unitValue = o.UnitAmount ? valueOf(property, o.UnitAmount, `ProductOrders[${i}].UnitAmount`, taxes!) : property.pricingMode === 0 ? price : round2(price / (1 + property.taxRate));
      items.push({
        currency: o.UnitAmount?.Currency,
        ...(taxes && { taxes }),
        ...base,
        Id: state.uuid(),
        Type: 'ProductOrder',
        ProductId: product.Id,
        Name: (Object.values(product.Names as Record<string, string>)[0] ?? product.ExternalIdentifier) as string,
        UnitCount: o.Count ?? 1,
        unitValue,
        AccountingCategoryId: product.AccountingCategoryId as string,
        ExternalIdentifier: o.ExternalIdentifier ?? null,
        ...(body.LinkedReservationId && { linkedReservationId: body.LinkedReservationId }),
      });
    });
    const categories = new Set(m.accountingCategoryIdByCode.values());
    body.Items?.forEach((item, i) => {
      if (item.AccountingCategoryId && !categories.has(item.AccountingCategoryId)) {
        throw invalidParameter(`Items[${i}].AccountingCategoryId`, `no accounting category ${item.AccountingCategoryId}.`);
      }
      const taxes = ratesNamed(world, property, item.UnitAmount.TaxCodes);
      items.push({
        ...base,
        Id: state.uuid(),
        Type: 'CustomItem',
        Name: item.Name,
        UnitCount: item.UnitCount,
        unitValue: valueOf(property, item.UnitAmount, `Items[${i}].UnitAmount`, taxes),
        currency: item.UnitAmount.Currency,
        taxes,
        AccountingCategoryId: item.AccountingCategoryId ?? null,
        ExternalIdentifier: item.ExternalIdentifier ?? null,
        ...(body.LinkedReservationId && { linkedReservationId: body.LinkedReservationId }),
      });
    });
    items.forEach((item, i) => {
      if (!withinDecimalRange(item.unitValue * item.UnitCount)) throw invalidParameter(i < (body.ProductOrders?.length ?? 0) ? `ProductOrders[${i}]` : `Items[${i - (body.ProductOrders?.length ?? 0)}]`, 'the total amount is too large.');
    });
    orderItems(world, property).push(...items);
    state.changed({ type: 'order', propertyId: property.id, orderIds: [base.OrderId] });
    return { OrderId: base.OrderId };
  },
});

/** The account's open bills: the one new items go on and those bills/add opened for it. */
function openBillsOf(world: World, property: Property, accountId: string): Set<string> {
  const retired = billBook(world, property).retired;
  const added = entities(world)
    .list('bills')
    .filter((b) => b.AccountId === accountId && b.State === 'Open' && b.IsActive !== false && !retired.has(b.Id))
    .map((b) => b.Id);
  return new Set([openBillOf(world, property, accountId), ...added]);
}

/** A unit amount parameter as a value in the property's pricing mode (Gross or Net environments), taxed at the rates its TaxCodes name. */
function valueOf(property: Property, a: z.infer<typeof AmountParameters>, at: string, taxes: readonly { value: number }[]): number {
  if (!enabledCurrencies(property).includes(a.Currency)) throw invalidParameter(`${at}.Currency`, `the enterprise accepts ${enabledCurrencies(property).join(', ')}.`);
  const rate = taxes.reduce((sum, t) => sum + t.value, 0);
  if (property.pricingMode === 0) {
    if (a.GrossValue != null) return a.GrossValue;
    if (a.NetValue != null) return round2(a.NetValue * (1 + rate));
    throw invalidParameter(`${at}.GrossValue`, 'it is required in a Gross pricing environment.');
  }
  if (a.NetValue != null) return a.NetValue;
  if (a.GrossValue != null) return round2(a.GrossValue / (1 + rate));
  throw invalidParameter(`${at}.NetValue`, 'it is required in a Net pricing environment.');
}

const ITEM_TYPES = ['CancellationFee', 'NightRebate', 'ProductOrderRebate', 'AdditionalExpenseRebate', 'Deposit', 'ExchangeRateDifference', 'CustomItem', 'ServiceCharge', 'CityTax', 'CityTaxDiscount', 'SpaceOrder', 'ProductOrder', 'Surcharge', 'TaxCorrection', 'ResourceUpgradeFee', 'InvoiceFee', 'MulticurrencyFee', 'AllowanceDiscount', 'AllowanceBreakage', 'AllowanceContraBreakage'] as const;
const ACCOUNTING_STATES = ['Open', 'Closed', 'Inactive', 'Canceled'] as const;

type OrderItem = Record<string, unknown> & { Id: string; AccountId: string; ServiceId: string; ServiceOrderId: string; AccountingState: string; Type: string };

export const getAllOrderItems = operation('orderItems/getAll', {
  summary: 'Order items: the nights of reservations and the items ordered through orders/add; at least one filter is required.',
  request: RequestBase.extend({
    EnterpriseIds: ids(),
    OrderItemIds: ids(),
    AccountIds: ids(100),
    ServiceOrderIds: ids(),
    ServiceIds: ids(),
    BillIds: ids(),
    CreatedUtc: interval,
    UpdatedUtc: interval,
    ConsumedUtc: interval,
    CanceledUtc: interval,
    ClosedUtc: interval,
    Currency: z.string().nullish(),
    AccountingStates: z.array(z.enum(ACCOUNTING_STATES)).max(1000).nullish(),
    Types: z.array(z.enum(ITEM_TYPES)).max(1000).nullish(),
    Limitation: limitation,
  }).meta({ id: 'OrderItemsGetAllRequest' }),
  collection: 'OrderItems',
  handle({ world, property, body }) {
    const ranges = {
      CreatedUtc: checkInterval('CreatedUtc', body.CreatedUtc, maxMonths('orderItems/getAll', 'CreatedUtc')),
      UpdatedUtc: checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('orderItems/getAll', 'UpdatedUtc')),
      ConsumedUtc: checkInterval('ConsumedUtc', body.ConsumedUtc, maxMonths('orderItems/getAll', 'ConsumedUtc')),
      CanceledUtc: checkInterval('CanceledUtc', body.CanceledUtc, maxMonths('orderItems/getAll', 'CanceledUtc')),
      ClosedUtc: checkInterval('ClosedUtc', body.ClosedUtc, maxMonths('orderItems/getAll', 'ClosedUtc')),
    };
    const lists: [keyof OrderItem, string[] | null | undefined][] = [
      ['Id', body.OrderItemIds],
      ['AccountId', body.AccountIds],
      ['ServiceOrderId', body.ServiceOrderIds],
      ['ServiceId', body.ServiceIds],
      ['AccountingState', body.AccountingStates],
      ['Type', body.Types],
      ['BillId', body.BillIds],
    ];
    const filtered = [body.OrderItemIds, body.AccountIds, body.ServiceOrderIds, body.ServiceIds, body.BillIds].some(Boolean) || Object.values(ranges).some(Boolean);
    if (!filtered) throw invalidParameter('OrderItemIds', 'it is required when no other filter (ServiceOrderIds, ServiceIds, AccountIds, BillIds or a time interval) is given.');
    itemCostsIn(property, {}, body.Currency);
    const m = modelOf(world, property);
    if (body.EnterpriseIds && !body.EnterpriseIds.includes(m.enterprise.Id as string)) return { OrderItems: [], Cursor: null };
    const wanted = lists.map(([field, list]) => [field, list && new Set<string>(list)] as const);
    const all = [...nightItems(world, property, m, body.ServiceOrderIds), ...orderItems(world, property).map((i) => storedItemView(world, property, m, i)).reverse()].map((i) => billedItem(world, property, i));
    const items = all.filter(
      (item) =>
        wanted.every(([field, set]) => !set || set.has(item[field] as string)) &&
        (Object.entries(ranges) as [string, { start: number; end: number } | undefined][]).every(([field, range]) => inInterval(item[field] as string | null, range)),
    );
    const { page, cursor } = paginate(items, body.Limitation);
    return { OrderItems: page.map((i) => itemCostsIn(property, i, body.Currency)), Cursor: cursor };
  },
});

/** One SpaceOrder item per night of each reservation (of the listed ones, when given), newest reservation first. */
function nightItems(world: World, property: Property, m: ConnectorModel, only: string[] | null | undefined): OrderItem[] {
  const state = world.state;
  const source: Reservation[] = only
    ? only.map((id) => state.reservations.get(id)).filter((r): r is Reservation => r !== undefined && r.propertyId === property.id)
    : [...state.reservations.values()].filter((r) => r.propertyId === property.id).reverse();
  const profile = stableId(state.fixture.seed, 'profile', 'integration');
  return source.flatMap((r) =>
    r.amounts.map((a, i) => {
      const date = addDays(r.from, i);
      const value = (property.pricingMode === 0 ? a.gross : a.net) ?? 0;
      const amount = amountOf(property, value);
      const start = localToUtc(date, '00:00', property.timeZoneIdentifier);
      const canceled = r.state === 'Canceled';
      return {
        Id: stableId(state.fixture.seed, 'order-item', r.id, date),
        EnterpriseId: m.enterprise.Id as string,
        AccountId: reservationOwner(world, r),
        AccountType: 'Customer',
        ServiceId: m.stayServiceId,
        ServiceOrderId: r.id,
        Notes: null,
        BillId: billIdOf(world, property, reservationOwner(world, r)),
        AccountingCategoryId: m.accountingCategoryIdByCode.get('ACC')!,
        BillingName: null,
        ExternalIdentifier: null,
        UnitCount: 1,
        UnitAmount: amount,
        Amount: amount,
        OriginalAmount: amount,
        RevenueType: 'Service',
        CreatorProfileId: profile,
        UpdaterProfileId: profile,
        CreatedUtc: apiTime(r.createdUtc),
        UpdatedUtc: apiTime(r.updatedUtc),
        ConsumedUtc: start,
        CanceledUtc: canceled && r.canceledUtc ? apiTime(r.canceledUtc) : null,
        ClosedUtc: null,
        StartUtc: start,
        ClaimedUtc: null,
        AccountingState: canceled ? 'Canceled' : r.state === 'Confirmed' || r.state === 'Started' || r.state === 'Processed' ? 'Open' : 'Inactive',
        Type: 'SpaceOrder',
        Options: { CanceledWithReservation: canceled },
        Data: null,
        TaxExemptionReason: null,
        TaxExemptionLegalReference: null,
      };
    }),
  );
}

function storedItemView(world: World, enterprise: Property, m: ConnectorModel, i: StoredItem): OrderItem {
  const property = i.currency && i.currency !== enterprise.currencyCode ? { ...enterprise, currencyCode: i.currency } : enterprise;
  const amountFor = (value: number) => (i.taxes ? amountTaxedAt(property, value, i.taxes) : amountOf(property, value));
  const profile = stableId(world.state.fixture.seed, 'profile', 'integration');
  return {
    Id: i.Id,
    EnterpriseId: m.enterprise.Id as string,
    AccountId: i.AccountId,
    AccountType: i.AccountType,
    ServiceId: i.ServiceId,
    ServiceOrderId: i.OrderId,
    Notes: i.Notes,
    BillId: i.billId ?? billIdOf(world, enterprise, i.AccountId),
    AccountingCategoryId: i.AccountingCategoryId,
    BillingName: i.Name,
    ExternalIdentifier: i.ExternalIdentifier,
    UnitCount: i.UnitCount,
    UnitAmount: amountFor(i.unitValue),
    Amount: amountFor(i.unitValue * i.UnitCount),
    OriginalAmount: amountFor(i.unitValue * i.UnitCount),
    RevenueType: i.Type === 'ProductOrder' ? 'Product' : 'Additional',
    CreatorProfileId: profile,
    UpdaterProfileId: profile,
    CreatedUtc: i.CreatedUtc,
    UpdatedUtc: i.canceledUtc ?? i.CreatedUtc,
    ConsumedUtc: i.ConsumedUtc,
    CanceledUtc: i.canceledUtc ?? null,
    ClosedUtc: null,
    StartUtc: i.ConsumedUtc,
    ClaimedUtc: null,
    AccountingState: i.canceledUtc ? 'Canceled' : i.unitValue === 0 ? 'Inactive' : 'Open',
    Type: i.Type,
    Options: { CanceledWithReservation: false },
    Data: i.ProductId ? { Discriminator: 'Product', Rebate: null, Product: { ProductId: i.ProductId, AgeCategoryId: null, ProductType: 'Product' } } : null,
    TaxExemptionReason: null,
    TaxExemptionLegalReference: null,
  };
}

/** Every order item of the enterprise (reservation nights, then what orders/add posted), as orderItems/getAll shows them. */
export function allOrderItems(world: World, property: Property): OrderItem[] {
  const m = modelOf(world, property);
  return [...nightItems(world, property, m, undefined), ...orderItems(world, property).map((i) => storedItemView(world, property, m, i)).reverse()].map((i) => billedItem(world, property, i));
}

/**
 * orderItems/cancel: cancels items posted through orders/add or reservations/addProduct; they stay in
 * orderItems/getAll as Canceled and no longer count on the bill. A reservation's nights go with the
 * reservation (reservations/cancel), not one by one.
 */
export const cancelOrderItems = operation('orderItems/cancel', {
  summary: 'Cancels order items (all or none); they show as Canceled in orderItems/getAll.',
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    OrderItemIds: z.array(z.string()).min(1, 'at least one order item id is required').max(10, 'at most 10 items'),
  }).meta({ id: 'OrderItemsCancelRequest' }),
  handle({ world, property, body }) {
    const stored = orderItems(world, property);
    const nights = new Set<string>();
    const found = body.OrderItemIds.map((id, i) => {
      const item = stored.find((s) => s.Id === id);
      if (item) return item;
      if (nights.size === 0) for (const n of nightItems(world, property, modelOf(world, property), undefined)) nights.add(n.Id);
      if (nights.has(id)) throw new ConnectorError(403, `Order item ${id} is a night of a reservation; cancel the reservation instead.`);
      throw invalidParameter(`OrderItemIds[${i}]`, `no order item ${id}.`);
    });
    const done = found.find((item) => item.canceledUtc);
    if (done) throw new ConnectorError(403, `Order item ${done.Id} is already canceled.`);
    const now = apiTime(world.clock.now());
    for (const item of found) item.canceledUtc = now;
    world.state.changed({ type: 'order', propertyId: property.id, orderIds: [...new Set(found.map((i) => i.OrderId))] });
    return {};
  },
});

const ORDER_STATES = ['Inquired', 'Confirmed', 'Started', 'Processed', 'Canceled', 'Optional', 'Requested'] as const;

/** productServiceOrders/getAll: the orders orders/add made (reservation products are on the reservation), Canceled once every item is. */
export const getAllProductServiceOrders = operation('productServiceOrders/getAll', {
  summary: 'The product service orders orders/add made, with their state.',
  request: RequestBase.extend({
    EnterpriseIds: ids(),
    ProductServiceOrderIds: ids(),
    ServiceIds: z.array(z.string()).max(1000, 'at most 1000 items'),
    AccountIds: ids(),
    LinkedReservationIds: ids(),
    UpdatedUtc: interval,
    States: z.array(z.enum(ORDER_STATES)).nullish(),
    Limitation: limitation,
  }).meta({ id: 'ProductServiceOrdersGetAllRequest' }),
  collection: 'ProductServiceOrders',
  handle({ world, property, body }) {
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('productServiceOrders/getAll', 'UpdatedUtc'));
    const m = modelOf(world, property);
    if (body.EnterpriseIds && !body.EnterpriseIds.includes(m.enterprise.Id as string)) return { ProductServiceOrders: [], Cursor: null };
    const byOrder = new Map<string, StoredItem[]>();
    for (const item of orderItems(world, property)) {
      if (world.state.reservations.has(item.OrderId)) continue;
      byOrder.set(item.OrderId, [...(byOrder.get(item.OrderId) ?? []), item]);
    }
    const profile = stableId(world.state.fixture.seed, 'profile', 'integration');
    const orders = [...byOrder.values()].map((items, n) => {
      const first = items[0];
      const canceled = items.every((i) => i.canceledUtc);
      const last = canceled ? items.map((i) => i.canceledUtc!).sort().at(-1)! : first.CreatedUtc;
      return {
        Id: first.OrderId,
        ServiceId: first.ServiceId,
        AccountId: first.AccountId,
        AccountType: first.AccountType,
        CreatorProfileId: profile,
        UpdaterProfileId: profile,
        BookerId: null,
        // Numbered in the order they were made.
        Number: String(n + 1),
        State: canceled ? 'Canceled' : 'Confirmed',
        Origin: 'Connector',
        CommanderOrigin: null,
        OriginDetails: null,
        CreatedUtc: first.CreatedUtc,
        UpdatedUtc: last,
        CancelledUtc: canceled ? last : null,
        VoucherId: null,
        BusinessSegmentId: null,
        LinkedReservationId: first.linkedReservationId ?? null,
        Options: { OwnerCheckedIn: false, AllCompanionsCheckedIn: false, AnyCompanionCheckedIn: false, ConnectorCheckIn: false },
      };
    });
    const lists: [string, string[] | null | undefined][] = [
      ['Id', body.ProductServiceOrderIds],
      ['ServiceId', body.ServiceIds],
      ['AccountId', body.AccountIds],
      ['LinkedReservationId', body.LinkedReservationIds],
      ['State', body.States],
    ];
    const wanted = lists.flatMap(([field, list]) => (list ? [[field, new Set<string>(list)] as const] : []));
    const matching = orders
      .filter((o) => wanted.every(([field, set]) => set.has((o as Record<string, unknown>)[field] as string)) && inInterval(o.UpdatedUtc, updated))
      .reverse();
    const { page, cursor } = paginate(matching, body.Limitation);
    return { ProductServiceOrders: page, Cursor: cursor };
  },
});
