import { stableId } from '../../world/ids.js';
import { round2 } from '../../world/inventory.js';
import { getAll, interval, operation, stored, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { enabledCurrencies, modelOf } from '../model.js';
import { paginate } from '../pagination.js';
import { devicesOf } from './device-list.js';
import type { Entity } from '../store.js';
import type { Property } from '../../world/schema.js';

/**
 * The enterprise's cash desk and numbering: its cashier (cash payments are its transactions), the
 * counters closed bills are numbered by, exchange rates between its enabled currencies, and its
 * fiscal machine commands (it has no fiscal machine, so none).
 */

const created = (ctx: Ctx) => modelOf(ctx.world, ctx.property).enterprise.CreatedUtc as string;

/** Units of each currency one euro buys: the fixed rates the simulation converts with. */
const PER_EURO: Record<string, number> = { EUR: 1, GBP: 0.85, USD: 1.08, CHF: 0.95, CZK: 25, PLN: 4.3, SEK: 11.5, NOK: 11.6, DKK: 7.46, HUF: 395, JPY: 162, AUD: 1.65, CAD: 1.47 };

/** Value of an amount in another currency at the simulation's rates (unchanged when either is unknown). */
export function convert(value: number, from: string, to: string): number {
  if (from === to || !PER_EURO[from] || !PER_EURO[to]) return value;
  return round2((value / PER_EURO[from]) * PER_EURO[to]);
}

export type Amount = { Currency: string; NetValue: number; GrossValue: number; TaxValues: { Code?: string | null; Value: number }[]; Breakdown?: { Items: { TaxRateCode?: string | null; NetValue: number; TaxValue: number }[] } };

/** An amount in another currency at the simulation's exchange rates. */
export function amountIn(a: Amount, to: string): Amount {
  const c = (v: number) => convert(v, a.Currency, to);
  return {
    Currency: to,
    NetValue: c(a.NetValue),
    GrossValue: c(a.GrossValue),
    TaxValues: a.TaxValues.map((t) => ({ ...t, Value: c(t.Value) })),
    ...(a.Breakdown && { Breakdown: { Items: a.Breakdown.Items.map((i) => ({ ...i, NetValue: c(i.NetValue), TaxValue: c(i.TaxValue) })) } }),
  };
}

/** An item's costs (Amount, UnitAmount, OriginalAmount) in the Currency a read asks for; 400 for a currency without an exchange rate. */
export function itemCostsIn<T extends Record<string, unknown>>(property: Property, item: T, currency: string | null | undefined): T {
  if (!currency) return item;
  if (currency !== property.currencyCode && !(PER_EURO[currency] && PER_EURO[property.currencyCode] && enabledCurrencies(property).includes(currency))) {
    throw invalidParameter('Currency', `no exchange rate to ${currency}; the enterprise converts between ${enabledCurrencies(property).join(', ')}.`);
  }
  const out: Record<string, unknown> = { ...item };
  for (const k of ['Amount', 'UnitAmount', 'OriginalAmount']) if (item[k]) out[k] = amountIn(item[k] as Amount, currency);
  return out as T;
}

function exchangeRates(ctx: Ctx): Entity[] {
  const own = ctx.property.currencyCode;
  return enabledCurrencies(ctx.property)
    .filter((c) => c !== own && PER_EURO[c] && PER_EURO[own])
    .map((source) => ({
      Id: stableId(ctx.world.state.fixture.seed, ctx.property.id, 'exchange-rate', source, own),
      EnterpriseId: ctx.enterpriseId,
      SourceCurrency: source,
      TargetCurrency: own,
      Value: Number((PER_EURO[own] / PER_EURO[source]).toFixed(6)),
    }));
}

/** Not paged: the docs give exchangeRates/getAll no Limitation. */
export const getAllExchangeRates = operation('exchangeRates/getAll', {
  handle(ctx) {
    const ids = ctx.body.Ids as string[] | null | undefined;
    const enterprises = ctx.body.EnterpriseIds as string[] | null | undefined;
    return { ExchangeRates: exchangeRates(ctx).filter((r) => (!ids || ids.includes(r.Id)) && (!enterprises || enterprises.includes(r.EnterpriseId as string))) };
  },
});

// ---- cashiers ----

const cashierIdOf = (ctx: Ctx): string => stableId(ctx.world.state.fixture.seed, ctx.property.id, 'cashier', 'reception');

export const getAllCashiers = getAll('cashiers/getAll', {
  collection: 'Cashiers',
  items: (ctx) => [{ Id: cashierIdOf(ctx), EnterpriseId: ctx.enterpriseId, IsActive: true, Name: 'Reception', CreatedUtc: created(ctx), UpdatedUtc: created(ctx) }],
  filters: { Ids: 'Id', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
});

const isCash = (p: Entity) => p.ExternalType === 'Cash' || (p.Data as { External?: { Type?: string } } | undefined)?.External?.Type === 'Cash';

/** Each cash payment is a transaction of the reception cashier: money in, or out for a refund. */
function cashierTransactions(ctx: Ctx): Entity[] {
  const cash = stored('payments')(ctx).reverse().filter(isCash);
  return cash
    .map((p, i) => {
      const value = Math.abs((p.Amount as { GrossValue: number }).GrossValue);
      const refund = p.Kind === 'Refund';
      return {
        Id: stableId(ctx.world.state.fixture.seed, 'cashier-transaction', p.Id),
        EnterpriseId: ctx.enterpriseId,
        CashierId: cashierIdOf(ctx),
        PaymentId: p.Id,
        CreatedUtc: p.CreatedUtc,
        Number: String(i + 1),
        Notes: p.Notes ?? null,
        Amount: { Currency: (p.Amount as { Currency: string }).Currency, Value: refund ? -value : value, Net: null, Tax: null, TaxRate: null },
        Type: refund ? 'CashOut' : 'CashIn',
      } as Entity;
    })
    .reverse();
}

export const getAllCashierTransactions = getAll('cashierTransactions/getAll', {
  collection: 'CashierTransactions',
  items: cashierTransactions,
  filters: { CashierTransactionIds: 'Id', EnterpriseIds: 'EnterpriseId' },
  times: { CreatedUtc: 'CreatedUtc' },
});

// ---- counters ----

export const billCounterIdOf = (ctx: Ctx): string => stableId(ctx.world.state.fixture.seed, ctx.property.id, 'counter', 'BillCounter');

/** Closed bills numbered by a counter, oldest first. */
const closedOn = (ctx: Ctx, counterId: string): Entity[] => stored('bills')(ctx).filter((b) => b.State === 'Closed' && b.CounterId === counterId);

function counters(ctx: Ctx): Entity[] {
  const seed = ctx.world.state.fixture.seed;
  const closed = closedOn(ctx, billCounterIdOf(ctx));
  const reservations = [...ctx.world.state.reservations.values()].filter((r) => r.propertyId === ctx.property.id);
  const counter = (type: string, name: string, value: number, updated: string) => ({
    Id: stableId(seed, ctx.property.id, 'counter', type),
    EnterpriseId: ctx.enterpriseId,
    Name: name,
    IsDefault: true,
    Value: value,
    Format: '{0}',
    Type: type,
    CreatedUtc: created(ctx),
    UpdatedUtc: updated,
  });
  const latest = closed.map((b) => b.IssuedUtc as string).sort().at(-1);
  return [
    counter('BillCounter', 'Bills', closed.length, latest ?? created(ctx)),
    counter('ProformaCounter', 'Pro forma invoices', 0, created(ctx)),
    counter('ServiceOrderCounter', 'Reservations', reservations.length, created(ctx)),
  ];
}

/** The next number of a counter, as its Format shows it. */
export function nextNumber(ctx: Ctx, counterId: string): string {
  const counter = counters(ctx).find((c) => c.Id === counterId)!;
  return String(counter.Format).replace('{0}', String(Number(counter.Value) + 1));
}

export const billCounters = (ctx: Ctx): Entity[] => counters(ctx).filter((c) => c.Type === 'BillCounter');

export const getAllCounters = getAll('counters/getAll', {
  collection: 'Counters',
  items: counters,
  filters: { CounterIds: 'Id', EnterpriseIds: 'EnterpriseId', Type: (c, wanted) => wanted.has('Counter') || wanted.has(c.Type as string) },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

// ---- fiscal machine commands ----

/** Nothing here issues fiscal commands, so the enterprise's fiscal machine has none; the filters are still checked. */
export const getAllFiscalMachineCommands = operation('fiscalMachineCommands/getAll', {
  handle(ctx) {
    const b = ctx.body;
    if (!b.CommandIds && !b.DeviceIds) throw invalidParameter('CommandIds', 'CommandIds, or DeviceIds with States and UpdatedUtc, are required.');
    if (b.CommandIds && b.DeviceIds) throw invalidParameter('DeviceIds', 'it cannot be combined with CommandIds.');
    if (b.DeviceIds) {
      if (!b.States) throw invalidParameter('States', 'it is required with DeviceIds.');
      if (!b.UpdatedUtc) throw invalidParameter('UpdatedUtc', 'it is required with DeviceIds.');
      interval('fiscalMachineCommands/getAll', ctx, 'UpdatedUtc');
      const machines = new Set(devicesOf(ctx).filter((d) => d.Type === 'FiscalMachine').map((d) => d.Id));
      (b.DeviceIds as string[]).forEach((id, i) => {
        if (!machines.has(id)) throw invalidParameter(`DeviceIds[${i}]`, `no fiscal machine ${id} in this enterprise.`);
      });
    }
    const { page, cursor } = paginate([] as Entity[], b.Limitation);
    return { Commands: page, Cursor: cursor };
  },
});
