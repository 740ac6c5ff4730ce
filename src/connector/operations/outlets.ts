import { stableId } from '../../world/ids.js';
import { round2 } from '../../world/inventory.js';
import { getAll, interval, operation, stored, type Body, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { amountOf, enabledCurrencies, modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';
import { inInterval } from '../time.js';
import { accountType } from './account-type.js';
import { convert } from './finance.js';

/**
 * Outlets (the enterprise's restaurant and bar) and the bills their point-of-sale systems post:
 * outletBills/add keeps each bill with its items, which outletItems/getAll lists.
 */

const OUTLETS = ['Restaurant', 'Bar'];

function outlets(ctx: Ctx): Entity[] {
  const created = modelOf(ctx.world, ctx.property).enterprise.CreatedUtc as string;
  return OUTLETS.map((name) => ({ Id: stableId(ctx.world.state.fixture.seed, ctx.property.id, 'outlet', name), IsActive: true, Name: name, EnterpriseId: ctx.enterpriseId, CreatedUtc: created, UpdatedUtc: created })).reverse();
}

export const getAllOutlets = getAll('outlets/getAll', {
  collection: 'Outlets',
  items: outlets,
  filters: { OutletIds: 'Id', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function instant(value: string, at: string): string {
  if (!ISO.test(value) || Number.isNaN(Date.parse(value))) throw invalidParameter(at, 'it must be an ISO 8601 date-time.');
  return new Date(value).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A unit amount parameter in the enterprise's pricing mode, as an Amount in its currency. */
function unitAmount(ctx: Ctx, a: Body, at: string) {
  const p = ctx.property;
  if (!enabledCurrencies(p).includes(a.Currency)) throw invalidParameter(`${at}.Currency`, `the enterprise accepts ${enabledCurrencies(p).join(', ')}.`);
  const gross = p.pricingMode === 0;
  const value = gross ? (a.GrossValue ?? (a.NetValue != null ? round2(a.NetValue * (1 + p.taxRate)) : null)) : (a.NetValue ?? (a.GrossValue != null ? round2(a.GrossValue / (1 + p.taxRate)) : null));
  if (value == null || !Number.isFinite(value)) throw invalidParameter(`${at}.${gross ? 'GrossValue' : 'NetValue'}`, `it is required in a ${gross ? 'Gross' : 'Net'} pricing environment.`);
  return amountOf({ ...p, currencyCode: a.Currency }, value);
}

export const addOutletBills = operation('outletBills/add', {
  handle(ctx) {
    const outletIds = new Set(outlets(ctx).map((o) => o.Id));
    const categories = new Set(modelOf(ctx.world, ctx.property).accountingCategoryIdByCode.values());
    const built = (ctx.body.Bills as Body[]).map((b, i) => {
      const at = `Bills[${i}]`;
      if (!outletIds.has(b.OutletId)) throw invalidParameter(`${at}.OutletId`, `no outlet ${b.OutletId}.`);
      if (b.AccountId) accountType(ctx, b.AccountId, `${at}.AccountId`);
      const bill: Entity = {
        Id: ctx.world.state.uuid(),
        EnterpriseId: ctx.enterpriseId,
        OutletId: b.OutletId,
        Number: b.Number,
        ClosedUtc: instant(b.ClosedUtc, `${at}.ClosedUtc`),
        UpdatedUtc: ctx.now,
        Notes: b.Notes ?? null,
        AccountId: b.AccountId ?? null,
      };
      const items = (b.Items as Body[]).map((item, j) => {
        const where = `${at}.Items[${j}]`;
        if (!Number.isInteger(item.UnitCount) || item.UnitCount === 0) throw invalidParameter(`${where}.UnitCount`, 'it must be a non-zero whole number.');
        if (item.AccountingCategoryId && !categories.has(item.AccountingCategoryId)) throw invalidParameter(`${where}.AccountingCategoryId`, `no accounting category ${item.AccountingCategoryId}.`);
        return {
          Id: ctx.world.state.uuid(),
          EnterpriseId: ctx.enterpriseId,
          BillId: bill.Id,
          AccountingCategoryId: item.AccountingCategoryId ?? null,
          Type: item.Type,
          Name: item.Name,
          UnitCount: item.UnitCount,
          UnitAmount: unitAmount(ctx, item.UnitAmount, `${where}.UnitAmount`),
          CreatedUtc: ctx.now,
          UpdatedUtc: ctx.now,
          ConsumedUtc: instant(item.ConsumedUtc, `${where}.ConsumedUtc`),
          ExternalIdentifier: item.ExternalIdentifier ?? null,
          Notes: item.Notes ?? null,
          PaymentCardPaymentId: null,
        } as Entity;
      });
      return { bill, items };
    });
    const store = entities(ctx.world);
    for (const { bill, items } of built) {
      store.put('outletBills', bill);
      for (const item of items) store.put('outletItems', item);
    }
    return { OutletBillIds: built.map((b) => b.bill.Id) };
  },
});

const billView = ({ AccountId: _account, ...b }: Entity) => b;

/** Outlet items, newest first, of the bills updated and closed in the asked intervals. */
function outletItems(ctx: Ctx): Entity[] {
  const updated = interval('outletItems/getAll', ctx, 'UpdatedUtc');
  const closed = interval('outletItems/getAll', ctx, 'ClosedUtc');
  const bills = new Map(stored('outletBills')(ctx).map((b) => [b.Id, b]));
  return stored('outletItems')(ctx).filter((i) => {
    const bill = bills.get(i.BillId as string)!;
    return inInterval(bill.UpdatedUtc as string, updated) && inInterval(bill.ClosedUtc as string, closed);
  });
}

export const getAllOutletItems = getAll('outletItems/getAll', {
  collection: 'OutletItems',
  items: outletItems,
  filters: { Ids: 'Id', EnterpriseIds: 'EnterpriseId' },
  times: { ConsumedUtc: 'ConsumedUtc' },
  oneOf: [['ConsumedUtc', 'Ids', 'UpdatedUtc', 'ClosedUtc']],
  extra(ctx, page) {
    const to = ctx.body.Currency as string | null | undefined;
    if (to && !/^[A-Z]{3}$/.test(to)) throw invalidParameter('Currency', 'it must be an ISO 4217 code.');
    if (to) {
      page.forEach((item, i) => {
        const a = item.UnitAmount as { Currency: string; NetValue: number; GrossValue: number; TaxValues: { Code: string; Value: number }[]; Breakdown: { Items: { TaxRateCode: string; NetValue: number; TaxValue: number }[] } };
        const c = (v: number) => convert(v, a.Currency, to);
        page[i] = { ...item, UnitAmount: { Currency: to, NetValue: c(a.NetValue), GrossValue: c(a.GrossValue), TaxValues: a.TaxValues.map((t) => ({ ...t, Value: c(t.Value) })), Breakdown: { Items: a.Breakdown.Items.map((x) => ({ ...x, NetValue: c(x.NetValue), TaxValue: c(x.TaxValue) })) } } };
      });
    }
    const ids = new Set(page.map((i) => i.BillId));
    return { OutletBills: stored('outletBills')(ctx).filter((b) => ids.has(b.Id)).map(billView) };
  },
});
