import { addDays, isIsoDate } from '../../engine/dates.js';
import { stableId } from '../../world/ids.js';
import { operation, type Body, type Ctx } from '../builder.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { paginate } from '../pagination.js';
import { checkInterval, inInterval, localToUtc } from '../time.js';
import { accountType } from './account-type.js';
import { billBook } from './bill-state.js';
import { accountingOrderItem, accountingPaymentItem, bills, itemsChanged, itemValue, orderItemViews, paymentValue, paymentViews, type Item } from './billing.js';
import { amountIn, convert, type Amount } from './finance.js';

/**
 * Accounting items (the world's order items and payments, in the accounting-item shape) and the
 * ledger balances they add up to.
 */

export const getAllAccountingItems = operation('accountingItems/getAll', {
  handle(ctx) {
    const b = ctx.body;
    const ranges = (['ClosedUtc', 'UpdatedUtc', 'ConsumedUtc'] as const).map((name) => [name, checkInterval(name, b[name], 3)] as const);
    if (!b.ItemIds && !b.RebatedItemIds && ranges.every(([, r]) => !r)) throw invalidParameter('ItemIds', 'ItemIds, RebatedItemIds, ClosedUtc, UpdatedUtc or ConsumedUtc is required.');
    if (b.Currency && !/^[A-Z]{3}$/.test(b.Currency)) throw invalidParameter('Currency', 'it must be an ISO 4217 code.');
    const states = new Set<string>(b.States?.length ? b.States : ['Open', 'Closed']);
    const ids = b.ItemIds ? new Set<string>(b.ItemIds) : undefined;
    // Nothing in the simulation is a rebate, so no item answers RebatedItemIds.
    const wanted = (i: Item, consumed: unknown) =>
      !b.RebatedItemIds &&
      (!ids || ids.has(i.Id)) &&
      states.has(i.AccountingState) &&
      ranges.every(([name, r]) => inInterval((name === 'ConsumedUtc' ? consumed : i[name]) as string | null, r));
    const convertAll = <T extends Record<string, unknown>>(x: T): T =>
      b.Currency ? { ...x, Amount: amountIn(x.Amount as Amount, b.Currency), ...(x.UnitAmount ? { UnitAmount: amountIn(x.UnitAmount as Amount, b.Currency) } : {}) } : x;
    const e = b.Extent;
    return {
      OrderItems: e.OrderItems ? orderItemViews(ctx).filter((i) => wanted(i, i.ConsumedUtc)).map((i) => convertAll(accountingOrderItem(i))) : null,
      PaymentItems: e.PaymentItems ? paymentViews(ctx).filter((p) => wanted(p, p.ConsumedUtc ?? p.CreatedUtc)).map((p) => convertAll(accountingPaymentItem(p))) : null,
      // Card payments made in the simulation carry no transaction of their own.
      CreditCardTransactions: e.CreditCardTransactions ? [] : null,
    };
  },
});

export const updateAccountingItems = operation('accountingItems/update', {
  handle(ctx) {
    const orderItems = new Map(orderItemViews(ctx).map((i) => [i.Id, i]));
    const payments = new Map(paymentViews(ctx).map((p) => [p.Id, p]));
    const open = new Map(bills(ctx).map((bill) => [bill.Id, bill]));
    const moves = (ctx.body.AccountingItemUpdates as Body[]).map((u, i) => {
      const at = `AccountingItemUpdates[${i}]`;
      const item = orderItems.get(u.AccountingItemId) ?? payments.get(u.AccountingItemId);
      if (!item) throw invalidParameter(`${at}.AccountingItemId`, `no accounting item ${u.AccountingItemId}.`);
      const isOrderItem = orderItems.has(item.Id);
      if (isOrderItem ? item.AccountingState !== 'Open' : item.State !== 'Pending') {
        throw invalidParameter(`${at}.AccountingItemId`, isOrderItem ? `only Open order items can be moved; ${item.Id} is ${item.AccountingState}.` : `only Pending payments can be moved; ${item.Id} is ${item.State}.`);
      }
      const billId = u.BillId?.Value as string | null | undefined;
      if (!billId) throw invalidParameter(`${at}.BillId`, 'it is required.');
      const bill = open.get(billId);
      if (!bill) throw invalidParameter(`${at}.BillId`, `no bill ${billId}.`);
      if (bill.State !== 'Open') throw new ConnectorError(403, `Bill ${billId} is closed; items can be moved only to open bills.`);
      const accountId = u.AccountId?.Value as string | null | undefined;
      if (accountId) accountType(ctx, accountId, `${at}.AccountId`);
      // An item is on a bill of its own account: AccountId names the account of the bill it moves to.
      if ((accountId ?? item.AccountId) !== bill.AccountId) throw invalidParameter(`${at}.AccountId`, accountId ? `bill ${billId} is not a bill of ${accountId}.` : `bill ${billId} belongs to another account; AccountId is required to move the item there.`);
      return { item, isOrderItem, billId, accountId };
    });
    const book = billBook(ctx.world, ctx.property);
    for (const m of moves) {
      book.pinned.set(m.item.Id, m.billId);
      if (m.accountId) book.account.set(m.item.Id, m.accountId);
      book.updated.set(m.item.Id, ctx.now);
    }
    itemsChanged(ctx, moves.map((m) => m.item));
    const moved = new Set(moves.map((m) => m.item.Id));
    return {
      OrderItems: orderItemViews(ctx).filter((i) => moved.has(i.Id)).map(accountingOrderItem),
      PaymentItems: paymentViews(ctx).filter((p) => moved.has(p.Id)).map(accountingPaymentItem),
    };
  },
});

// ---- ledger balances ----


/** Ledger balances at an instant: what was consumed, charged and still owed on open bills by then. */
function ledgersAt(ctx: Ctx, items: Item[], payments: Item[], closedBy: (billId: string, t: number) => boolean, t: number): Record<string, { net: number; tax: number }> {
  const own = ctx.property.currencyCode;
  let revenue = 0;
  let tax = 0;
  let paid = 0;
  let guest = 0;
  for (const i of items) {
    if (!i.ConsumedUtc || Date.parse(i.ConsumedUtc as string) >= t || itemValue(ctx, i) === 0) continue;
    const net = convert(i.Amount.NetValue, i.Amount.Currency, own);
    const gross = itemValue(ctx, i);
    revenue += net;
    tax += gross - net;
    if (!closedBy(i.BillId, t)) guest += gross;
  }
  for (const p of payments) {
    if (Date.parse(String(p.ChargedUtc ?? p.CreatedUtc)) >= t) continue;
    paid -= paymentValue(ctx, p);
    if (!closedBy(p.BillId, t)) guest += paymentValue(ctx, p);
  }
  const zero = { net: 0, tax: 0 };
  return { Revenue: { net: revenue, tax }, Tax: { net: tax, tax: 0 }, Payment: { net: paid, tax: 0 }, Guest: { net: guest, tax: 0 }, Deposit: zero, City: zero, NonRevenue: zero };
}

export const getAllLedgerBalances = operation('ledgerBalances/getAll', {
  handle(ctx) {
    const { Start, End } = ctx.body.Date as { Start: string; End: string };
    if (!isIsoDate(Start)) throw invalidParameter('Date', 'Start must be a date (YYYY-MM-DD).');
    if (!isIsoDate(End)) throw invalidParameter('Date', 'End must be a date (YYYY-MM-DD).');
    if (End < Start) throw invalidParameter('Date', 'End is before Start.');
    const limit = new Date(`${Start}T00:00:00Z`);
    limit.setUTCMonth(limit.getUTCMonth() + 1);
    if (Date.parse(`${End}T00:00:00Z`) > limit.getTime()) throw invalidParameter('Date', 'the interval is longer than the maximum of 1 month.');
    const tz = ctx.property.timeZoneIdentifier;
    const items = orderItemViews(ctx);
    const payments = paymentViews(ctx);
    const closed = billBook(ctx.world, ctx.property).closed;
    const closedBy = (billId: string, t: number) => closed.has(billId) && Date.parse(closed.get(billId)!) < t;
    const code = ctx.property.taxCode;
    const amount = (type: string, v: { net: number; tax: number }) => {
      const net = Math.round(v.net * 100) / 100;
      const tax = Math.round(v.tax * 100) / 100;
      const taxed = type === 'Revenue';
      return {
        Currency: ctx.property.currencyCode,
        NetValue: net,
        GrossValue: Math.round((net + tax) * 100) / 100,
        TaxValues: taxed ? [{ Code: code, Value: tax }] : [],
        Breakdown: { Items: [{ TaxRateCode: taxed ? code : null, NetValue: net, TaxValue: taxed ? tax : 0 }] },
      };
    };
    const rows: { Id: string; balance: Record<string, unknown> }[] = [];
    for (let date = End; date >= Start; date = addDays(date, -1)) {
      const opening = ledgersAt(ctx, items, payments, closedBy, Date.parse(localToUtc(date, '00:00', tz)));
      const closing = ledgersAt(ctx, items, payments, closedBy, Date.parse(localToUtc(addDays(date, 1), '00:00', tz)));
      for (const type of ctx.body.LedgerTypes as string[]) {
        rows.push({
          Id: stableId(ctx.world.state.fixture.seed, ctx.property.id, 'ledger-balance', date, type),
          balance: { EnterpriseId: ctx.enterpriseId, Date: date, LedgerType: type, OpeningBalance: amount(type, opening[type]), ClosingBalance: amount(type, closing[type]) },
        });
      }
    }
    const enterprises = ctx.body.EnterpriseIds as string[] | null | undefined;
    const { page, cursor } = paginate(enterprises?.length && !enterprises.includes(ctx.enterpriseId) ? [] : rows, ctx.body.Limitation);
    return { LedgerBalances: page.map((r) => r.balance), Cursor: cursor };
  },
});
