import { add, getAll, operation, remove, stored, update, applyUpdateValues, type Body, type Ctx } from '../builder.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { enabledCurrencies, modelOf } from '../model.js';
import type { Entity } from '../store.js';
import { allOrderItems } from './orders.js';
import { accountType } from './account-type.js';
import { amountOf, billIdOf } from '../model.js';
import { dateInZone, dayOf } from '../../engine/dates.js';
import { entities } from '../store.js';
import { localToUtc } from '../time.js';
import { stableId } from '../../world/ids.js';
import { textPdf } from '../pdf.js';
import { billBook, billedItem, openBillOf } from './bill-state.js';
import { routedBills } from './routing.js';
import { companyRecords } from './lists.js';
import { devicesOf } from './device-list.js';
import { billCounterIdOf, billCounters, convert, nextNumber } from './finance.js';

/**
 * Bills and payments, and availability blocks. An account's open bill is what its order items add up
 * to (the nights of its reservations and what orders/add posted), so a charge on a reservation shows
 * in its owner's bill. bills/add opens further bills, bills/close numbers and closes one (its items
 * become Closed), and accountingItems/update moves items between open bills.
 */

export type Item = Entity & { AccountId: string; BillId: string; AccountingState: string; Amount: { Currency: string; GrossValue: number; NetValue: number } };

/** The order items of the enterprise, each on its bill. */
export const orderItemViews = (ctx: Ctx): Item[] => allOrderItems(ctx.world, ctx.property) as unknown as Item[];

/** The payments of the enterprise (any kind stored as 'payments'), each on its bill, newest first. */
export const paymentViews = (ctx: Ctx): Item[] => stored('payments')(ctx).map((p) => billedItem(ctx.world, ctx.property, p as Item));

const counts = (i: Item) => i.AccountingState === 'Open' || i.AccountingState === 'Closed';
const own = (ctx: Ctx, a: { Currency: string; GrossValue: number }) => convert(a.GrossValue, a.Currency, ctx.property.currencyCode);

/** What an order item adds to its account's balance, in the enterprise's currency. */
export const itemValue = (ctx: Ctx, i: Item): number => (counts(i) ? own(ctx, i.Amount) : 0);

/** What a payment takes off its account's balance (a refund adds to it), whatever sign it was stored with. */
export const paymentValue = (ctx: Ctx, p: Item): number => (counts(p) ? (p.Kind === 'Refund' ? 1 : -1) * Math.abs(own(ctx, p.Amount)) : 0);

const round2 = (v: number) => Math.round(v * 100) / 100;
const isCompany = (ctx: Ctx, accountId: string) => companyRecords(ctx.world).some((c) => c.Id === accountId);

export interface BillView extends Entity {
  AccountId: string;
  State: string;
  items: Item[];
  payments: Item[];
  balance: number;
}

/** Every bill of the enterprise with its items: stored ones (added, closed, changed) and each account's open bill that has items. */
export function bills(ctx: Ctx): BillView[] {
  const book = billBook(ctx.world, ctx.property);
  const orderItems = orderItemViews(ctx);
  const payments = paymentViews(ctx);
  const grouped = new Map<string, { items: Item[]; payments: Item[] }>();
  const groupOf = (id: string) => grouped.get(id) ?? grouped.set(id, { items: [], payments: [] }).get(id)!;
  for (const i of orderItems) if (i.AccountId) groupOf(i.BillId).items.push(i);
  for (const p of [...payments].reverse()) groupOf(p.BillId).payments.push(p);
  // An open bill nobody stored belongs to the account whose open bill it is.
  const ownerOf = new Map<string, string>();
  for (const i of [...orderItems, ...payments]) ownerOf.set(billIdOf(ctx.world, ctx.property, i.AccountId), i.AccountId);
  for (const [account, bill] of book.open) ownerOf.set(bill, account);
  const records = new Map(stored('bills')(ctx).map((b) => [b.Id, b]));
  const companies = new Set(companyRecords(ctx.world).map((c) => c.Id));
  const ids = new Set([...records.keys(), ...grouped.keys()]);
  const views: BillView[] = [];
  for (const id of ids) {
    const record = records.get(id);
    if (record?.IsActive === false) continue;
    const { items, payments: paid } = grouped.get(id) ?? { items: [], payments: [] };
    const all = [...items, ...paid];
    const accountId = (record?.AccountId as string | undefined) ?? ownerOf.get(id) ?? all[0].AccountId;
    const balance = round2(items.reduce((s, i) => s + itemValue(ctx, i), 0) + paid.reduce((s, p) => s + paymentValue(ctx, p), 0));
    const route = routedBills(ctx.world, ctx.property).get(id);
    const base = record ?? openBill(ctx, id, accountId, companies.has(accountId), all.map((i) => String(i.CreatedUtc ?? ctx.now)).sort()[0], null, route?.associated ?? []);
    const updated = [base.UpdatedUtc as string, ...all.map((i) => String(i.UpdatedUtc ?? i.CreatedUtc ?? ctx.now))].sort().at(-1)!;
    views.push({ ...base, AccountId: accountId, UpdatedUtc: updated, items, payments: paid, balance } as unknown as BillView);
  }
  return views.sort((a, b) => String(b.CreatedUtc).localeCompare(String(a.CreatedUtc)) || b.Id.localeCompare(a.Id));
}

/** The stored shape of an open bill. */
function openBill(ctx: Ctx, id: string, accountId: string, company: boolean, createdUtc: string, name: string | null = null, associated: string[] = []): Entity {
  return {
    Id: id,
    Name: name,
    EnterpriseId: ctx.enterpriseId,
    AccountId: accountId,
    AccountType: company ? 'Company' : 'Customer',
    AssociatedAccountIds: associated,
    CounterId: null,
    State: 'Open',
    Type: 'Receipt',
    Number: null,
    VariableSymbol: null,
    CreatedUtc: createdUtc,
    IssuedUtc: null,
    TaxedUtc: null,
    PaidUtc: null,
    DueUtc: null,
    LastReminderDateUtc: null,
    UpdatedUtc: createdUtc,
    PurchaseOrderNumber: null,
    Notes: null,
    Options: { DisplayCustomer: true, DisplayTaxation: true, TrackReceivable: false, DisplayCid: false, Rebated: false },
    OwnerData: null,
    AssociatedAccountData: [],
    EnterpriseData: null,
    CorrectionState: 'Bill',
    CorrectionType: null,
    CorrectedBillId: null,
    CustomerId: company ? null : accountId,
    CompanyId: company ? accountId : null,
    IsActive: true,
  };
}

/** A bill as the API answers it: the documented fields, and its items only when asked for. */
function billAnswer(b: BillView, withItems: boolean): Entity {
  const { items, payments, balance: _balance, IsActive: _active, ...bill } = b;
  return {
    ...bill,
    CustomerId: bill.AccountType === 'Customer' ? bill.AccountId : null,
    CompanyId: bill.AccountType === 'Company' ? bill.AccountId : (((bill.AssociatedAccountIds as string[]) ?? [])[0] ?? null),
    // A bill's items are accounting items (accountingitems.md), not orderItems/getAll's.
    OrderItems: withItems ? items.map(accountingOrderItem) : null,
    PaymentItems: withItems ? payments.map(accountingPaymentItem) : null,
  };
}

/** An order item in the accounting-item shape (accountingitems.md#order-item). */
export function accountingOrderItem(i: Item): Entity {
  return {
    Id: i.Id,
    AccountId: i.AccountId,
    OrderId: i.ServiceOrderId,
    BillId: i.BillId,
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
  };
}

const PAYMENT_DATA: Record<string, string> = { Cash: 'Cash', WireTransfer: 'WireTransfer', BadDebts: 'BadDebts', BankCharges: 'BankCharges', Cheque: 'Cheque', ExchangeRateDifference: 'ExchangeRateDifference', ExchangeRoundingDifference: 'ExchangeRoundingDifference' };

type Amount = { NetValue: number; GrossValue: number; TaxValues: { Value: number }[]; Breakdown?: { Items: { NetValue: number; TaxValue: number }[] } };

/** A payment's amount as accounting items show it: negative for a payment, positive for a refund. */
function signed(p: Item, amount: unknown): unknown {
  const a = amount as Amount;
  const sign = (p.Kind === 'Refund' ? 1 : -1) * Math.sign(a.GrossValue || 1);
  if (sign === 1) return a;
  return {
    ...a,
    NetValue: -a.NetValue,
    GrossValue: -a.GrossValue,
    TaxValues: a.TaxValues.map((t) => ({ ...t, Value: -t.Value })),
    ...(a.Breakdown && { Breakdown: { Items: a.Breakdown.Items.map((i) => ({ ...i, NetValue: -i.NetValue, TaxValue: -i.TaxValue })) } }),
  };
}

/** A payment in the accounting-item shape (accountingitems.md#payment-item). */
export function accountingPaymentItem(p: Item): Entity {
  const kind = p.Type === 'CreditCardPayment' ? 'CreditCard' : (PAYMENT_DATA[String(p.ExternalType)] ?? 'Unspecified');
  return {
    Id: p.Id,
    AccountId: p.AccountId,
    BillId: p.BillId,
    AccountingCategoryId: p.AccountingCategoryId ?? null,
    Amount: signed(p, p.Amount),
    OriginalAmount: signed(p, p.OriginalAmount ?? p.Amount),
    Notes: p.Notes ?? null,
    SettlementId: p.SettlementId ?? null,
    ConsumedUtc: p.ConsumedUtc ?? p.CreatedUtc,
    ClosedUtc: p.ClosedUtc ?? null,
    AccountingState: p.AccountingState,
    State: p.State,
    Identifier: p.Identifier ?? null,
    Data: { Discriminator: kind, Value: null },
    AmountDefault: signed(p, p.Amount),
  };
}

export const getAllBills = getAll('bills/getAll', {
  collection: 'Bills',
  items: (ctx) => bills(ctx).map((b) => billAnswer(b, !!ctx.body.Extent?.Items)),
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
    // Deprecated for IssuedUtc: a bill is issued when it is closed.
    ClosedUtc: 'IssuedUtc',
  },
  oneOf: [['BillIds', 'CustomerIds', 'CreatedUtc', 'UpdatedUtc', 'IssuedUtc', 'PaidUtc', 'DueUtc', 'ClosedUtc']],
});

export const getAllPayments = getAll('payments/getAll', {
  collection: 'Payments',
  items: paymentViews,
  filters: { PaymentIds: 'Id', AccountIds: 'AccountId', BillIds: 'BillId', ReservationIds: 'ReservationId', EnterpriseIds: 'EnterpriseId', States: 'State', AccountingStates: 'AccountingState', Type: 'Type' },
  times: { CreatedUtc: 'CreatedUtc', UpdatedUtc: 'UpdatedUtc', ChargedUtc: 'ChargedUtc', ClosedUtc: 'ClosedUtc', SettlementUtc: 'SettlementUtc' },
  oneOf: [['PaymentIds', 'AccountIds', 'BillIds', 'ReservationIds', 'CreatedUtc', 'UpdatedUtc', 'ChargedUtc', 'ClosedUtc', 'SettlementUtc']],
});

/** A bill of the enterprise by id (400 naming the parameter otherwise). */
export function billOf(ctx: Ctx, id: string, at: string): BillView {
  const bill = bills(ctx).find((b) => b.Id === id);
  if (!bill) throw invalidParameter(at, `no bill ${id}.`);
  return bill;
}

/** Stores a bill as it now stands (an account's open bill is stored once something changes it). */
function keep(ctx: Ctx, bill: BillView, changes: Record<string, unknown>): Entity {
  const { items: _i, payments: _p, balance: _b, ...fields } = bill;
  return entities(ctx.world).put('bills', { ...fields, ...changes, UpdatedUtc: ctx.now, Id: bill.Id });
}

/** Keeps a bill's items on it, and gives its account a new open bill when this was that one. */
function settle(ctx: Ctx, bill: BillView): void {
  const book = billBook(ctx.world, ctx.property);
  for (const i of [...bill.items, ...bill.payments]) book.pinned.set(i.Id, bill.Id);
  book.retired.add(bill.Id);
  if (openBillOf(ctx.world, ctx.property, bill.AccountId) === bill.Id) book.open.set(bill.AccountId, ctx.world.state.uuid());
}

/** Order and payment webhooks for the items of bills that changed. */
export function itemsChanged(ctx: Ctx, items: Item[]): void {
  const orders = [...new Set(items.filter((i) => i.ServiceOrderId).map((i) => i.ServiceOrderId as string))];
  const payments = items.filter((i) => !i.ServiceOrderId).map((i) => i.Id);
  if (orders.length) ctx.world.state.changed({ type: 'order', propertyId: ctx.property.id, orderIds: orders });
  if (payments.length) ctx.world.state.changed({ type: 'payment', propertyId: ctx.property.id, paymentIds: payments });
}

export const addBills = operation('bills/add', {
  handle(ctx) {
    const added = (ctx.body.Bills as Body[]).map((b, i) => {
      if (b.AssociatedAccountId) accountType(ctx, b.AssociatedAccountId, `Bills[${i}].AssociatedAccountId`);
      const type = accountType(ctx, b.AccountId, `Bills[${i}].AccountId`);
      return openBill(ctx, ctx.world.state.uuid(), b.AccountId, type === 'Company', ctx.now, b.Name ?? null, b.AssociatedAccountId ? [b.AssociatedAccountId] : []);
    });
    for (const b of added) entities(ctx.world).put('bills', b);
    const ids = new Set(added.map((b) => b.Id));
    return { Bills: bills(ctx).filter((b) => ids.has(b.Id)).map((b) => billAnswer(b, false)) };
  },
});

export const updateBills = operation('bills/update', {
  handle(ctx) {
    const changes = (ctx.body.BillsUpdates as Body[]).map((u, i) => {
      const at = `BillsUpdates[${i}]`;
      const bill = billOf(ctx, u.BillId, `${at}.BillId`);
      if (bill.State === 'Closed') throw new ConnectorError(403, `Bill ${bill.Id} is closed; closed bills cannot be updated.`);
      const accountId = u.AccountId?.Value as string | null | undefined;
      if (u.AccountId && !accountId) throw invalidParameter(`${at}.AccountId`, 'a bill must be issued to an account.');
      if (accountId) accountType(ctx, accountId, `${at}.AccountId`);
      const associated = u.AssociatedAccountIds ? ((u.AssociatedAccountIds.Value as string[] | null) ?? []) : undefined;
      associated?.forEach((id, j) => accountType(ctx, id, `${at}.AssociatedAccountIds.Value[${j}]`));
      return { bill, accountId, associated };
    });
    for (const { bill, accountId, associated } of changes) {
      if (accountId && accountId !== bill.AccountId) settle(ctx, bill);
      const owner = accountId ?? bill.AccountId;
      const company = isCompany(ctx, owner);
      keep(ctx, bill, {
        AccountId: owner,
        AccountType: company ? 'Company' : 'Customer',
        ...(associated && { AssociatedAccountIds: associated }),
      });
    }
    const ids = new Set(changes.map((c) => c.bill.Id));
    return { Bills: bills(ctx).filter((b) => ids.has(b.Id)).map((b) => billAnswer(b, false)) };
  },
});

export const deleteBills = operation('bills/delete', {
  handle(ctx) {
    const found = (ctx.body.BillIds as string[]).map((id, i) => {
      const bill = billOf(ctx, id, `BillIds[${i}]`);
      if (bill.State === 'Closed') throw new ConnectorError(403, `Bill ${id} is closed; only empty open bills can be deleted.`);
      if (bill.items.length || bill.payments.length) throw new ConnectorError(403, `Bill ${id} is not empty; only empty bills can be deleted.`);
      return bill;
    });
    for (const bill of found) {
      keep(ctx, bill, { IsActive: false });
      billBook(ctx.world, ctx.property).retired.add(bill.Id);
    }
    return {};
  },
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function ownerData(ctx: Ctx, bill: string, accountId: string, taxIdentifier: string | null, address: Body | null | undefined) {
  const addressOf = (id: string) =>
    address ? { Id: stableId(ctx.world.state.fixture.seed, 'bill-address', bill, id), AccountId: id, ChainId: null, AccountType: isCompany(ctx, id) ? 'Company' : 'Customer', Line1: null, Line2: null, City: null, PostalCode: null, CountryCode: null, CountrySubdivisionCode: null, Latitude: null, Longitude: null, ...address, UpdatedUtc: ctx.now, IsActive: true } : null;
  const company = companyRecords(ctx.world).find((c) => c.Id === accountId);
  if (company) {
    const value = { Id: accountId, Address: addressOf(accountId), LegalIdentifiers: null, BillingCode: null, Name: company.Name, FiscalIdentifier: null, AdditionalTaxIdentifier: null, DUNS: null, Telephone: company.Telephone ?? null, TaxIdentifier: taxIdentifier ?? company.TaxIdentifier ?? null, InvoicingEmail: null, Department: null };
    return { Discriminator: 'BillCompanyData', value };
  }
  const c = ctx.world.state.customers.get(accountId);
  const value = { Id: accountId, Address: addressOf(accountId), LegalIdentifiers: null, BillingCode: null, LastName: c?.lastName ?? '', FirstName: c?.firstName ?? null, SecondLastName: c?.extras?.SecondLastName ?? null, TitlePrefix: null, TaxIdentifier: taxIdentifier };
  return { Discriminator: 'BillCustomerData', value };
}

export const closeBill = operation('bills/close', {
  handle(ctx) {
    const b = ctx.body;
    const bill = billOf(ctx, b.BillId, 'BillId');
    if (bill.State === 'Closed') throw new ConnectorError(403, `Bill ${bill.Id} is already closed.`);
    const invoice = b.Type === 'Invoice';
    for (const name of ['TaxedDate', 'DueDate', 'VariableSymbol']) {
      if (!invoice && b[name]?.Value != null) throw invalidParameter(name, 'it can be used only with Type Invoice.');
    }
    for (const name of ['TaxedDate', 'DueDate']) {
      if (b[name]?.Value != null && !DATE.test(b[name].Value)) throw invalidParameter(name, 'it must be a date (YYYY-MM-DD).');
    }
    if (!invoice && bill.balance !== 0) throw new ConnectorError(403, `Bill ${bill.Id} has a balance of ${bill.balance} ${ctx.property.currencyCode}; only a bill with a zero balance can be closed as a Receipt.`);
    const counterId = b.BillCounterId ?? billCounterIdOf(ctx);
    if (!billCounters(ctx).some((c) => c.Id === counterId)) throw invalidParameter('BillCounterId', `no bill counter ${counterId}.`);
    // The enterprise's fiscal machine takes the bill; it is closed here, and no fiscal command is kept.
    if (b.FiscalMachineId && !devicesOf(ctx).some((d) => d.Type === 'FiscalMachine' && d.Id === b.FiscalMachineId)) throw invalidParameter('FiscalMachineId', `no fiscal machine ${b.FiscalMachineId} in this enterprise.`);
    const associated = (b.AssociatedAccountData ?? []) as Body[];
    associated.forEach((a, i) => {
      if (!(bill.AssociatedAccountIds as string[]).includes(a.Id)) throw invalidParameter(`AssociatedAccountData[${i}].Id`, `${a.Id} is not associated with the bill.`);
    });
    const tz = ctx.property.timeZoneIdentifier;
    const taxId = (b.AccountTaxIdentifier ?? b.TaxIdentifier ?? b.CompanyTaxIdentifier)?.Value ?? null;
    const owner = ownerData(ctx, bill.Id, bill.AccountId, taxId, b.AccountAddress ?? b.Address);
    const m = modelOf(ctx.world, ctx.property);
    const number = nextNumber(ctx, counterId);
    settle(ctx, bill);
    billBook(ctx.world, ctx.property).closed.set(bill.Id, ctx.now);
    for (const i of [...bill.items, ...bill.payments]) billBook(ctx.world, ctx.property).updated.set(i.Id, ctx.now);
    keep(ctx, bill, {
      State: 'Closed',
      Type: b.Type,
      Number: number,
      CounterId: counterId,
      VariableSymbol: b.VariableSymbol?.Value ?? null,
      IssuedUtc: ctx.now,
      TaxedUtc: b.TaxedDate?.Value ? localToUtc(b.TaxedDate.Value, '00:00', tz) : ctx.now,
      PaidUtc: invoice ? null : ctx.now,
      DueUtc: invoice && b.DueDate?.Value ? localToUtc(b.DueDate.Value, '00:00', tz) : null,
      PurchaseOrderNumber: b.PurchaseOrderNumber?.Value ?? null,
      Notes: b.Notes?.Value ?? null,
      Options: {
        DisplayCustomer: b.Options?.DisplayCustomer?.Value ?? true,
        DisplayTaxation: b.Options?.DisplayTaxation?.Value ?? true,
        TrackReceivable: invoice,
        DisplayCid: false,
        Rebated: false,
      },
      OwnerData: { Discriminator: owner.Discriminator, Value: owner.value },
      AssociatedAccountData: (bill.AssociatedAccountIds as string[]).map((id) => {
        const given = associated.find((a) => a.Id === id);
        const data = ownerData(ctx, bill.Id, id, given?.TaxIdentifier?.Value ?? null, given?.Address);
        return { Discriminator: data.Discriminator, [data.Discriminator]: data.value };
      }),
      EnterpriseData: { AdditionalTaxIdentifier: null, CompanyName: m.enterprise.Name ?? null, BankAccount: null, BankName: null, Iban: null, Bic: null },
    });
    itemsChanged(ctx, [...bill.items, ...bill.payments]);
    return { Bills: bills(ctx).filter((x) => x.Id === bill.Id).map((x) => billAnswer(x, false)) };
  },
});

const PRINTS_PER_WEEK = 30;
const WEEK_MS = 7 * 86_400_000;

export const getBillPdf = operation('bills/getPdf', {
  handle(ctx) {
    const b = ctx.body;
    const bill = billOf(ctx, b.BillId, 'BillId');
    // Every PDF is made at once, so no print event is ever handed out to retry with.
    if (b.BillPrintEventId) throw invalidParameter('BillPrintEventId', `no bill print event ${b.BillPrintEventId}.`);
    const prints = ctx.world.apiStateOf(`connector:bill-prints:${ctx.property.id}`, () => new Map<string, number[]>());
    const now = ctx.world.clock.now().getTime();
    const recent = (prints.get(bill.Id) ?? []).filter((t) => t > now - WEEK_MS);
    if (recent.length >= PRINTS_PER_WEEK) throw new ConnectorError(403, `Bill ${bill.Id} was printed ${PRINTS_PER_WEEK} times in the last 7 days.`);
    prints.set(bill.Id, [...recent, now]);
    return { BillId: bill.Id, Result: { Discriminator: 'BillPdfFile', Value: { Base64Data: billPdf(ctx, bill, b.PdfTemplate ?? 'Detailed').toString('base64') } } };
  },
});

function billPdf(ctx: Ctx, bill: BillView, template: string): Buffer {
  const m = modelOf(ctx.world, ctx.property);
  const currency = ctx.property.currencyCode;
  const money = (v: number) => `${v.toFixed(2)} ${currency}`;
  const owner = ownerData(ctx, bill.Id, bill.AccountId, null, null).value as { Name?: string; FirstName?: string | null; LastName?: string };
  const ownerName = owner.Name ?? [owner.FirstName, owner.LastName].filter(Boolean).join(' ');
  const title = bill.State === 'Closed' ? `${bill.Type} ${bill.Number}` : `Bill (open)${bill.Name ? ` ${bill.Name}` : ''}`;
  const lines = [
    String(m.enterprise.Name ?? ''),
    `Bill ${bill.Id}`,
    `Account: ${ownerName || bill.AccountId}`,
    `Template: ${template}`,
    bill.IssuedUtc ? `Issued: ${bill.IssuedUtc}` : `Created: ${bill.CreatedUtc}`,
    '',
    ...bill.items.filter(counts).map((i) => `${String(i.ConsumedUtc ?? '').slice(0, 10)}  ${i.BillingName ?? (i.Type === 'SpaceOrder' ? 'Night' : i.Type)}  x${i.UnitCount}  ${money(itemValue(ctx, i))}`),
    ...bill.payments.filter(counts).map((p) => `${String(p.CreatedUtc ?? '').slice(0, 10)}  Payment ${p.ExternalType ?? p.Type ?? ''}  ${money(paymentValue(ctx, p))}`),
    '',
    `Total: ${money(round2(bill.items.reduce((s, i) => s + itemValue(ctx, i), 0)))}`,
    `Balance: ${money(bill.balance)}`,
  ];
  return textPdf(title, lines);
}

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
    // RateId is the deprecated synonym of TemplateRateId, ignored when TemplateRateId is given.
    const byTemplate = b.TemplateRateId != null;
    const rateId = byTemplate ? b.TemplateRateId : b.RateId;
    if (rateId == null) throw invalidParameter(`${at}.TemplateRateId`, 'it is required.');
    if (!byTemplate) ctx.findings.push({ severity: 'warning', kind: 'deprecated-field', path: `${at}.RateId`, message: `${at}.RateId is deprecated; use TemplateRateId.` });
    if (!m.rates.some((r) => r.Id === rateId)) throw invalidParameter(`${at}.${byTemplate ? 'TemplateRateId' : 'RateId'}`, `no rate ${rateId}.`);
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

/** A payment's currency: one the enterprise has enabled (configuration/get); 400 naming the parameter otherwise. */
export function paymentCurrency(ctx: Ctx, currency: string, at: string): string {
  const enabled = enabledCurrencies(ctx.property);
  if (!enabled.includes(currency)) throw invalidParameter(at, `the enterprise accepts payments in ${enabled.join(', ')}.`);
  return currency;
}

/** The value and currency of a payment's Amount parameters (any currency the enterprise has enabled); 400 naming the parameter otherwise. */
export function amountParameterValue(ctx: Ctx, a: Body, at = 'Amount'): { value: number; currency: string } {
  const currency = paymentCurrency(ctx, a.Currency, `${at}.Currency`);
  const value = a.GrossValue ?? (a.NetValue != null ? a.NetValue * (1 + ctx.property.taxRate) : undefined);
  if (value == null || !Number.isFinite(value)) throw invalidParameter(`${at}.GrossValue`, 'GrossValue or NetValue is required.');
  return { value, currency };
}

/** A payment's Amount, in the currency it was made in (the enterprise's unless given): a payment carries no tax. */
export function paymentAmount(ctx: Ctx, value: number, currency = ctx.property.currencyCode): Record<string, unknown> {
  return { ...amountOf({ ...ctx.property, pricingMode: 0, taxRate: 0 }, value), Currency: currency, TaxValues: [], Breakdown: { Items: [{ TaxRateCode: null, NetValue: value, TaxValue: 0 }] } };
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
    if (b.BillId && !bills(ctx).some((x) => x.Id === b.BillId && x.State === 'Open' && x.AccountId === accountId) && b.BillId !== openBillOf(ctx.world, ctx.property, accountId)) throw invalidParameter('BillId', `no open bill ${b.BillId} of the account.`);
    const { value, currency } = amountParameterValue(ctx, b.Amount);
    const amount = paymentAmount(ctx, value, currency);
    const m = modelOf(ctx.world, ctx.property);
    return {
      Id: ctx.world.state.uuid(),
      EnterpriseId: ctx.enterpriseId,
      AccountId: accountId,
      AccountType: type,
      PaymentRequestId: null,
      BillId: b.BillId ?? openBillOf(ctx.world, ctx.property, accountId),
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
  after(ctx, added) {
    // A bill named explicitly keeps the payment even if it is not where the account's new items go.
    if (ctx.body.BillId) billBook(ctx.world, ctx.property).pinned.set(added[0].Id, ctx.body.BillId);
    ctx.world.state.changed({ type: 'payment', propertyId: ctx.property.id, paymentIds: added.map((p) => p.Id) });
  },
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
