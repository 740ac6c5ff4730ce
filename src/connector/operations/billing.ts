import { add, getAll, operation, remove, stored, update, applyUpdateValues, type Body, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import type { Entity } from '../store.js';
import { allOrderItems } from './orders.js';
import { accountType } from './accounts.js';
import { amountOf, billIdOf as billId } from '../model.js';
import { dateInZone, dayOf } from '../../engine/dates.js';
import { entities } from '../store.js';

/**
 * Bills and payments, and availability blocks. An account's open bill is what its order items add up
 * to (the nights of its reservations and what orders/add posted), so a charge on a reservation shows
 * in its owner's bill.
 */

const billIdOf = (ctx: Ctx, accountId: string) => billId(ctx.world, ctx.property, accountId);

/** Every account's open bill: its order items and payments. */
export function bills(ctx: Ctx): Entity[] {
  const byAccount = new Map<string, Entity[]>();
  const paymentsOf = new Map<string, Entity[]>();
  for (const item of allOrderItems(ctx.world, ctx.property) as (Entity & { Type: string; AccountId: string })[]) {
    if (!item.AccountId) continue;
    const list = byAccount.get(item.AccountId) ?? [];
    list.push(item);
    byAccount.set(item.AccountId, list);
  }
  for (const p of stored('payments')(ctx).reverse()) {
    paymentsOf.set(p.AccountId as string, [...(paymentsOf.get(p.AccountId as string) ?? []), p]);
    if (!byAccount.has(p.AccountId as string)) byAccount.set(p.AccountId as string, []);
  }
  return [...byAccount].map(([accountId, orderItems]) => {
    const payments = paymentsOf.get(accountId) ?? [];
    const items = [...orderItems, ...payments];
    const created = items.map((i) => String(i.CreatedUtc ?? ctx.now)).sort()[0];
    const updated = items.map((i) => String(i.UpdatedUtc ?? i.CreatedUtc ?? ctx.now)).sort().at(-1)!;
    const isCustomer = ctx.world.state.customers.has(accountId);
    const id = billIdOf(ctx, accountId);
    return {
      Id: id,
      Name: null,
      EnterpriseId: ctx.enterpriseId,
      AccountId: accountId,
      AccountType: isCustomer ? 'Customer' : 'Company',
      AssociatedAccountIds: [],
      CounterId: null,
      State: 'Open',
      Type: 'Receipt',
      Number: null,
      VariableSymbol: null,
      CreatedUtc: created,
      IssuedUtc: null,
      TaxedUtc: null,
      PaidUtc: null,
      DueUtc: null,
      LastReminderDateUtc: null,
      UpdatedUtc: updated,
      PurchaseOrderNumber: null,
      Notes: null,
      Options: { DisplayCustomer: true, DisplayTaxation: true, TrackReceivable: true, DisplayCid: false, Rebated: false },
      OwnerData: null,
      AssociatedAccountData: [],
      EnterpriseData: null,
      CorrectionState: 'Bill',
      CorrectionType: null,
      CorrectedBillId: null,
      CustomerId: isCustomer ? accountId : null,
      CompanyId: isCustomer ? null : accountId,
      // A bill's items are accounting items (accountingitems.md), not orderItems/getAll's.
      OrderItems: orderItems.map((i) => ({
        Id: i.Id,
        AccountId: i.AccountId,
        OrderId: i.ServiceOrderId,
        BillId: id,
        AccountingCategoryId: i.AccountingCategoryId ?? null,
        UnitCount: i.UnitCount,
        UnitAmount: i.UnitAmount,
        Amount: i.Amount,
        OriginalAmount: i.OriginalAmount,
        RevenueType: i.RevenueType,
        CreatorProfileId: i.CreatorProfileId,
        UpdaterProfileId: i.UpdaterProfileId,
        CreatedUtc: i.CreatedUtc,
        UpdatedUtc: i.UpdatedUtc,
        ConsumedUtc: i.ConsumedUtc ?? null,
        CanceledUtc: i.CanceledUtc ?? null,
        ClosedUtc: i.ClosedUtc ?? null,
        StartUtc: i.StartUtc ?? null,
        AccountingState: i.AccountingState,
        Data: { Discriminator: ['SpaceOrder', 'ProductOrder', 'CustomItem', 'CancellationFee', 'Deposit', 'Surcharge'].includes(String(i.Type)) ? i.Type : 'Other', Value: null },
        BillingName: i.BillingName,
      })),
      PaymentItems: payments.map((p) => ({
        Id: p.Id,
        AccountId: p.AccountId,
        BillId: id,
        AccountingCategoryId: p.AccountingCategoryId,
        Amount: p.Amount,
        OriginalAmount: p.OriginalAmount,
        Notes: p.Notes,
        SettlementId: null,
        ConsumedUtc: p.CreatedUtc,
        ClosedUtc: null,
        AccountingState: p.AccountingState,
        State: p.State,
        Identifier: p.Identifier,
        Data: { Discriminator: p.Type === 'CreditCardPayment' ? 'CreditCard' : p.ExternalType === 'Cash' ? 'Cash' : p.ExternalType === 'WireTransfer' ? 'WireTransfer' : 'Unspecified', Value: null },
        AmountDefault: p.Amount,
      })),
    } as Entity;
  });
}

export const getAllBills = getAll('bills/getAll', {
  collection: 'Bills',
  items: (ctx) => bills(ctx).reverse(),
  filters: {
    BillIds: 'Id',
    CustomerIds: 'AccountId',
    EnterpriseIds: 'EnterpriseId',
    State: 'State',
    Type: 'Type',
    CorrectionState: 'CorrectionState',
  },
  times: {
    CreatedUtc: 'CreatedUtc',
    UpdatedUtc: 'UpdatedUtc',
    IssuedUtc: 'IssuedUtc',
    PaidUtc: 'PaidUtc',
    DueUtc: 'DueUtc',
    ClosedUtc: (b) => b.State === 'Closed',
  },
  oneOf: [['BillIds', 'CustomerIds', 'CreatedUtc', 'UpdatedUtc', 'IssuedUtc', 'PaidUtc', 'DueUtc', 'ClosedUtc']],
  extra(ctx, page) {
    // Items only with Extent.Items.
    if (!ctx.body.Extent?.Items) page.forEach((b, i) => (page[i] = { ...b, OrderItems: null, PaymentItems: null }));
    return {};
  },
});

export const getAllPayments = getAll('payments/getAll', {
  collection: 'Payments',
  items: stored('payments'),
  filters: { PaymentIds: 'Id', AccountIds: 'AccountId', BillIds: 'BillId', ReservationIds: 'ReservationId', EnterpriseIds: 'EnterpriseId', States: 'State', AccountingStates: 'AccountingState' },
  times: { CreatedUtc: 'CreatedUtc', UpdatedUtc: 'UpdatedUtc', ChargedUtc: 'ChargedUtc', ClosedUtc: 'ClosedUtc', SettlementUtc: 'SettlementUtc' },
  oneOf: [['PaymentIds', 'AccountIds', 'BillIds', 'ReservationIds', 'CreatedUtc', 'UpdatedUtc', 'ChargedUtc', 'ClosedUtc', 'SettlementUtc']],
});

// ---- availability blocks ----

export const getAllAvailabilityBlocks = getAll('availabilityBlocks/getAll', {
  collection: 'AvailabilityBlocks',
  items: stored('availabilityBlocks'),
  filters: { AvailabilityBlockIds: 'Id', ServiceIds: 'ServiceId', ExternalIdentifiers: 'ExternalIdentifier', States: 'State' },
  times: {
    CreatedUtc: 'CreatedUtc',
    UpdatedUtc: 'UpdatedUtc',
    ReleasedUtc: 'ReleasedUtc',
    CollidingUtc: (b, r) => Date.parse(b.FirstTimeUnitStartUtc as string) < r.end && Date.parse(b.LastTimeUnitStartUtc as string) >= r.start,
  },
  activity: 'Active',
  oneOf: [['AvailabilityBlockIds', 'CreatedUtc', 'UpdatedUtc', 'CollidingUtc', 'ReleasedUtc', 'ExternalIdentifiers']],
  extra(ctx, page) {
    const e = ctx.body.Extent ?? {};
    const ids = new Set(page.map((b) => b.Id));
    return {
      ...(!e.AvailabilityBlocks && { AvailabilityBlocks: null }),
      Adjustments: e.Adjustments ? stored('availabilityAdjustments')(ctx).filter((a) => ids.has(a.AvailabilityBlockId as string)) : null,
      ServiceOrders: e.ServiceOrders ? [] : null,
      Rates: null,
    };
  },
});

export const addAvailabilityBlocks = add('availabilityBlocks/add', {
  kind: 'availabilityBlocks',
  collection: 'AvailabilityBlocks',
  input: (b) => b.AvailabilityBlocks,
  build(ctx, b, i) {
    const at = `AvailabilityBlocks[${i}]`;
    const m = modelOf(ctx.world, ctx.property);
    if (b.ServiceId !== m.stayServiceId) throw invalidParameter(`${at}.ServiceId`, `no bookable service ${b.ServiceId}.`);
    const rateId = b.RateId ?? b.TemplateRateId;
    if (!m.rates.some((r) => r.Id === rateId)) throw invalidParameter(`${at}.${b.RateId ? 'RateId' : 'TemplateRateId'}`, `no rate ${rateId}.`);
    const first = Date.parse(b.FirstTimeUnitStartUtc);
    const last = Date.parse(b.LastTimeUnitStartUtc);
    if (Number.isNaN(first)) throw invalidParameter(`${at}.FirstTimeUnitStartUtc`, 'it must be an ISO 8601 date-time.');
    if (Number.isNaN(last) || last < first) throw invalidParameter(`${at}.LastTimeUnitStartUtc`, 'it must be an ISO 8601 date-time not before FirstTimeUnitStartUtc.');
    const count = stored('availabilityBlocks')(ctx).length;
    return {
      Id: ctx.world.state.uuid(),
      EnterpriseId: ctx.enterpriseId,
      ServiceId: b.ServiceId,
      RateId: rateId,
      VoucherId: null,
      BookerId: b.BookerId ?? null,
      CompanyId: b.CompanyId ?? null,
      TravelAgencyId: b.TravelAgencyId ?? null,
      Budget: b.Budget ?? null,
      State: b.State,
      ReservationPurpose: b.ReservationPurpose ?? null,
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
      FirstTimeUnitStartUtc: b.FirstTimeUnitStartUtc,
      LastTimeUnitStartUtc: b.LastTimeUnitStartUtc,
      ReleasedUtc: b.ReleasedUtc ?? null,
      RollingReleaseOffset: b.RollingReleaseOffset ?? null,
      ExternalIdentifier: b.ExternalIdentifier ?? null,
      Name: b.Name ?? null,
      Notes: b.Notes ?? null,
      PickupDistribution: b.PickupDistribution ?? 'AllInOneGroup',
      IsActive: true,
      QuoteId: b.QuoteId ?? null,
      AvailabilityBlockNumber: String(count + 1),
      ReleaseStrategy: b.RollingReleaseOffset ? 'RollingRelease' : b.ReleasedUtc ? 'FixedRelease' : 'None',
      PurchaseOrderNumber: b.PurchaseOrderNumber ?? null,
      BusinessSegmentId: b.BusinessSegmentId ?? null,
      CanceledUtc: null,
      CancellationReason: null,
      CancellationReasonDetail: null,
    };
  },
});

export const updateAvailabilityBlocks = update('availabilityBlocks/update', {
  kind: 'availabilityBlocks',
  collection: 'AvailabilityBlocks',
  input: (b) => b.AvailabilityBlocks,
  id: (u, i) => [u.AvailabilityBlockId, `AvailabilityBlocks[${i}].AvailabilityBlockId`],
  apply(ctx, e, u) {
    applyUpdateValues(e, u, ['Name', 'Notes', 'State', 'ExternalIdentifier', 'FirstTimeUnitStartUtc', 'LastTimeUnitStartUtc', 'ReleasedUtc', 'RollingReleaseOffset', 'PurchaseOrderNumber', 'BusinessSegmentId', 'QuoteId', 'BookerId', 'CompanyId', 'TravelAgencyId', 'ReservationPurpose']);
    if (e.State === 'Canceled' && !e.CanceledUtc) e.CanceledUtc = ctx.now;
  },
});

export const deleteAvailabilityBlocks = remove('availabilityBlocks/delete', { kind: 'availabilityBlocks', ids: (b) => b.AvailabilityBlockIds, param: 'AvailabilityBlockIds' });

export const getAllAvailabilityAdjustments = getAll('availabilityAdjustments/getAll', {
  collection: 'AvailabilityAdjustments',
  items: stored('availabilityAdjustments'),
  filters: { AvailabilityAdjustmentIds: 'Id' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
  oneOf: [['AvailabilityAdjustmentIds', 'UpdatedUtc']],
});

/** The value of a payment's Amount parameters, in the enterprise's currency; 400 naming the parameter otherwise. */
export function paymentValue(ctx: Ctx, a: Body, at = 'Amount'): number {
  if (a.Currency !== ctx.property.currencyCode) throw invalidParameter(`${at}.Currency`, `the enterprise accepts payments in ${ctx.property.currencyCode}.`);
  const value = a.GrossValue ?? (a.NetValue != null ? a.NetValue * (1 + ctx.property.taxRate) : undefined);
  if (value == null || !Number.isFinite(value)) throw invalidParameter(`${at}.GrossValue`, 'GrossValue or NetValue is required.');
  return value;
}

/** A payment's Amount: a payment carries no tax. */
export function paymentAmount(ctx: Ctx, value: number): Record<string, unknown> {
  return { ...amountOf({ ...ctx.property, pricingMode: 0, taxRate: 0 }, value), TaxValues: [], Breakdown: { Items: [{ TaxRateCode: null, NetValue: value, TaxValue: 0 }] } };
}

/** A payment made outside Mews (cash, bank transfer): it shows in payments/getAll and in the account's bill. */
export const addExternalPayment = add('payments/addExternal', {
  kind: 'payments',
  input: (b) => [b],
  build(ctx, b) {
    const accountId = b.AccountId;
    const type = accountType(ctx, accountId, 'AccountId');
    if (b.ReservationId) {
      const r = ctx.world.state.reservations.get(b.ReservationId);
      if (!r || r.propertyId !== ctx.property.id) throw invalidParameter('ReservationId', `no reservation ${b.ReservationId}.`);
    }
    if (b.BillId && b.BillId !== billIdOf(ctx, accountId)) throw invalidParameter('BillId', `no open bill ${b.BillId} of the account.`);
    const amount = paymentAmount(ctx, paymentValue(ctx, b.Amount));
    const m = modelOf(ctx.world, ctx.property);
    return {
      Id: ctx.world.state.uuid(),
      EnterpriseId: ctx.enterpriseId,
      AccountId: accountId,
      AccountType: type,
      PaymentRequestId: null,
      BillId: billIdOf(ctx, accountId),
      ReservationId: b.ReservationId ?? null,
      AccountingCategoryId: b.AccountingCategoryId ?? m.accountingCategoryIdByCode.get('PAY') ?? null,
      Amount: amount,
      OriginalAmount: amount,
      Notes: b.Notes ?? null,
      SettlementId: null,
      ConsumedUtc: ctx.now,
      ClosedUtc: null,
      ChargedUtc: ctx.now,
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
      SettlementUtc: ctx.now,
      AccountingState: 'Open',
      State: 'Charged',
      Identifier: b.ExternalIdentifier ?? null,
      Type: 'ExternalPayment',
      Kind: 'Payment',
      Data: { Discriminator: 'External', External: { Type: b.Type ?? 'Unspecified', ExternalIdentifier: b.ExternalIdentifier ?? null } },
      PaymentOrigin: 'Api',
      ExternalType: b.Type ?? 'Unspecified',
    };
  },
  answer: (added) => ({ ExternalPaymentId: added[0].Id }),
  after: (ctx, added) => ctx.world.state.changed({ type: 'payment', propertyId: ctx.property.id, paymentIds: added.map((p) => p.Id) }),
});

/**
 * Availability adjustments: a change of a resource category's unit count for time units (days); each
 * is stored (availabilityAdjustments/getAll) and changes availability, which channel managers get
 * as a delta push.
 */
export const updateServiceAvailability = operation('services/updateAvailability', {
  handle(ctx) {
    const m = modelOf(ctx.world, ctx.property);
    if (ctx.body.ServiceId !== m.stayServiceId) throw invalidParameter('ServiceId', `no bookable service ${ctx.body.ServiceId}.`);
    const tz = ctx.property.timeZoneIdentifier;
    const codeOf = new Map([...m.categoryIdByCode].map(([code, id]) => [id, code]));
    const changes = (ctx.body.AvailabilityUpdates as Body[]).map((u, i) => {
      const at = `AvailabilityUpdates[${i}]`;
      const code = codeOf.get(u.ResourceCategoryId);
      if (!code) throw invalidParameter(`${at}.ResourceCategoryId`, `no resource category ${u.ResourceCategoryId}.`);
      const first = Date.parse(u.FirstTimeUnitStartUtc);
      const last = Date.parse(u.LastTimeUnitStartUtc);
      if (Number.isNaN(first)) throw invalidParameter(`${at}.FirstTimeUnitStartUtc`, 'it must be an ISO 8601 date-time.');
      if (Number.isNaN(last) || last < first) throw invalidParameter(`${at}.LastTimeUnitStartUtc`, 'it must be an ISO 8601 date-time not before FirstTimeUnitStartUtc.');
      if (u.AvailabilityBlockId && !entities(ctx.world).get('availabilityBlocks', u.AvailabilityBlockId)?.IsActive) throw invalidParameter(`${at}.AvailabilityBlockId`, `no availability block ${u.AvailabilityBlockId}.`);
      const count = u.UnitCountAdjustment?.Value;
      if (count != null && !Number.isInteger(count)) throw invalidParameter(`${at}.UnitCountAdjustment.Value`, 'it must be a whole number.');
      return { u, code, from: dateInZone(first, tz), to: dateInZone(last, tz), count: (count as number | null) ?? null };
    });
    const store = entities(ctx.world);
    const inventory = ctx.world.state.inventory(ctx.property.id);
    for (const c of changes) {
      const key = `${c.u.ResourceCategoryId}|${c.from}|${c.to}|${c.u.AvailabilityBlockId ?? ''}`;
      const existing = stored('availabilityAdjustments')(ctx).find((a) => a.key === key && a.IsActive);
      // Undo what the adjustment it replaces did, then apply the new count (null clears it).
      // Units given to an availability block leave general availability; others add to it.
      const before = (existing?.UnitCount as number | undefined) ?? 0;
      const after = c.count ?? 0;
      const sign = c.u.AvailabilityBlockId ? 1 : -1;
      if (after !== before) inventory.book(c.code, dayOf(c.from), dayOf(c.to) + 1, sign * (after - before));
      store.put('availabilityAdjustments', {
        ...(existing ?? { Id: ctx.world.state.uuid() }),
        key,
        AvailabilityBlockId: c.u.AvailabilityBlockId ?? null,
        ResourceCategoryId: c.u.ResourceCategoryId,
        FirstTimeUnitStartUtc: c.u.FirstTimeUnitStartUtc,
        LastTimeUnitStartUtc: c.u.LastTimeUnitStartUtc,
        UnitCount: after,
        ReleaseOverrideUtc: null,
        UpdatedUtc: ctx.now,
        IsActive: c.count !== null,
        ActivityState: c.count !== null ? 'Active' : 'Deleted',
        PaxCounts: c.u.PaxCounts ?? null,
        FirstTimeUnitReleaseUtc: null,
        StartUtc: c.u.StartUtc ?? null,
        EndUtc: c.u.EndUtc ?? null,
      });
      ctx.world.state.changed({ type: 'availability', propertyId: ctx.property.id, spaceTypeCode: c.code, from: c.from, to: addDay(c.to) });
    }
    return {};
  },
});

const addDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
