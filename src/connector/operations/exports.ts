import { dateInZone, isIsoDate } from '../../engine/dates.js';
import { stableId } from '../../world/ids.js';
import { operation, stored, type Body, type Ctx } from '../builder.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { modelOf, reservationView } from '../model.js';
import { entities, type Entity } from '../store.js';
import { apiTime, checkInterval, inInterval } from '../time.js';
import { customerView } from './customers.js';
import { companyRecords } from './lists.js';
import { bills, itemValue, orderItemViews, paymentValue, paymentViews, type Item } from './billing.js';

/**
 * Exports: an export job moves from Pending to Processing to Success as the client polls it with
 * exports/getAll, and its files are then the entities as they stood, in JSON Lines. A file's Url is
 * a data: URL carrying the file itself, so downloading it needs no other host; an export expires
 * seven days after it succeeded and then lists no files.
 */

const EXPIRY_MS = 7 * 86_400_000;
const LINES_PER_FILE = 1000;
const MAX_UPDATED_DAYS = 180;

const strip = ({ key: _key, ...e }: Entity) => e;

function ledgerEntries(ctx: Ctx, posting: { start: string; end: string }): Entity[] {
  const seed = ctx.world.state.fixture.seed;
  const tz = ctx.property.timeZoneIdentifier;
  const entry = (item: Item, type: 'OrderItem' | 'Payment', ledger: string, side: 'Debit' | 'Credit', value: number, date: string, tax?: { base: number; code: string }) => ({
    Id: stableId(seed, 'ledger-entry', item.Id, ledger),
    EnterpriseId: ctx.enterpriseId,
    TransactionId: null,
    AccountId: item.AccountId,
    BillId: item.BillId,
    AccountingCategoryId: item.AccountingCategoryId ?? null,
    AccountingItemId: item.Id,
    AccountingItemType: type,
    LedgerType: ledger,
    LedgerEntryType: side,
    PostingDate: date,
    Value: Math.round(Math.abs(value) * 100) / 100,
    NetBaseValue: tax?.base ?? null,
    TaxRateCode: tax?.code ?? null,
    CreatedUtc: item.CreatedUtc,
  });
  const inRange = (date: string) => date >= posting.start && date <= posting.end;
  const out: Entity[] = [];
  for (const i of orderItemViews(ctx)) {
    const gross = itemValue(ctx, i);
    if (!gross || !i.ConsumedUtc) continue;
    const date = dateInZone(Date.parse(i.ConsumedUtc as string), tz);
    if (!inRange(date)) continue;
    const net = (gross * i.Amount.NetValue) / i.Amount.GrossValue;
    out.push(entry(i, 'OrderItem', 'Revenue', 'Credit', net, date), entry(i, 'OrderItem', 'Tax', 'Credit', gross - net, date, { base: Math.round(net * 100) / 100, code: ctx.property.taxCode }), entry(i, 'OrderItem', 'Guest', 'Debit', gross, date));
  }
  for (const p of paymentViews(ctx)) {
    const value = paymentValue(ctx, p);
    if (!value) continue;
    const date = dateInZone(Date.parse(String(p.ChargedUtc ?? p.CreatedUtc)), tz);
    if (!inRange(date)) continue;
    const refund = value > 0;
    out.push(entry(p, 'Payment', 'Payment', refund ? 'Credit' : 'Debit', value, date), entry(p, 'Payment', 'Guest', refund ? 'Debit' : 'Credit', value, date));
  }
  return out;
}

/** The entities an export of a type holds, as the matching getAll operations show them. */
function exported(ctx: Ctx, e: Entity): Entity[] {
  const world = ctx.world;
  const filters = (e.Filters ?? {}) as Body;
  switch (e.EntityType) {
    case 'OrderItem':
      return orderItemViews(ctx);
    case 'Payment':
      return paymentViews(ctx);
    case 'Reservation': {
      const m = modelOf(world, ctx.property);
      return [...world.state.reservations.values()].filter((r) => r.propertyId === ctx.property.id).map((r) => reservationView(world, ctx.property, m, r));
    }
    case 'Customer':
      return [...world.state.customers.values()].map((c) => customerView(world, c));
    case 'Company':
      return companyRecords(world);
    case 'Bill':
      return bills(ctx).map(({ items: _i, payments: _p, balance: _b, IsActive: _a, ...b }) => ({ ...b, OrderItems: null, PaymentItems: null }));
    case 'AvailabilityAdjustment':
      return stored('availabilityAdjustments')(ctx).map(strip);
    case 'AvailabilityBlock':
      return stored('availabilityBlocks')(ctx);
    case 'ResourceBlock':
      // The blocks resourceBlocks/add keeps for the enterprise.
      return world.apiStateOf(`connector:resource-blocks:${ctx.property.id}`, () => [] as Entity[]);
    default:
      return ledgerEntries(ctx, { start: filters.LedgerEntryFilters.Posting.Start, end: filters.LedgerEntryFilters.Posting.End });
  }
}

function files(ctx: Ctx, e: Entity): { Url: string; SizeInBytes: number }[] {
  const updated = (e.Filters as Body | null)?.UpdatedUtc;
  const range = updated ? { start: Date.parse(updated.StartUtc), end: Date.parse(updated.EndUtc) } : undefined;
  const lines = exported(ctx, e)
    .filter((x) => !range || inInterval((x.UpdatedUtc ?? x.CreatedUtc) as string | null, range))
    .map((x) => JSON.stringify(x));
  const out = [];
  for (let i = 0; i < lines.length; i += LINES_PER_FILE) {
    const data = Buffer.from(lines.slice(i, i + LINES_PER_FILE).join('\n') + '\n', 'utf8');
    out.push({ Url: `data:application/jsonl;base64,${data.toString('base64')}`, SizeInBytes: data.length });
  }
  return out;
}

/** An export as the client sees it now; polling moves it on. */
function advance(ctx: Ctx, e: Entity): Entity {
  const now = ctx.world.clock.now().getTime();
  let next = e;
  if (e.Status === 'Pending') next = { ...e, Status: 'Processing' };
  else if (e.Status === 'Processing') next = { ...e, Status: 'Success', Files: files(ctx, e), ExpiresUtc: apiTime(now + EXPIRY_MS) };
  else if (e.Status === 'Success' && Date.parse(e.ExpiresUtc as string) <= now) next = { ...e, Status: 'Expired', Files: [] };
  if (next !== e) entities(ctx.world).put('exports', next);
  return next;
}

const answer = ({ Id, Status, EntityType, Scope, Files, ExpiresUtc, Filters }: Entity) => ({ Id, Status, EntityType, Scope, Files, ExpiresUtc, Filters });

export const getAllExports = operation('exports/getAll', {
  handle(ctx) {
    const wanted = new Set<string>(ctx.body.ExportIds);
    return { Exports: stored('exports')(ctx).filter((e) => wanted.has(e.Id)).map((e) => answer(advance(ctx, e))) };
  },
});

export const addExport = operation('exports/add', {
  handle(ctx) {
    const b = ctx.body;
    const scope = (b.Scope ?? {}) as Body;
    (scope.EnterpriseIds ?? []).forEach((id: string, i: number) => {
      if (id !== ctx.enterpriseId) throw invalidParameter(`Scope.EnterpriseIds[${i}]`, `no enterprise ${id} in the token's scope.`);
    });
    const chainId = modelOf(ctx.world, ctx.property).enterprise.ChainId as string;
    (scope.ChainIds ?? []).forEach((id: string, i: number) => {
      if (id !== chainId) throw invalidParameter(`Scope.ChainIds[${i}]`, `no chain ${id} in the token's scope.`);
    });
    const filters = (b.Filters ?? null) as Body | null;
    if (filters?.UpdatedUtc) {
      const range = checkInterval('Filters.UpdatedUtc', filters.UpdatedUtc, undefined)!;
      if (range.end - range.start > MAX_UPDATED_DAYS * 86_400_000) throw invalidParameter('Filters.UpdatedUtc', `the interval is longer than the maximum of ${MAX_UPDATED_DAYS} days.`);
      if (range.end > ctx.world.clock.now().getTime() - 5 * 60_000) throw invalidParameter('Filters.UpdatedUtc', 'EndUtc must be at least 5 minutes in the past.');
    }
    if (b.EntityType === 'LedgerEntry') {
      const posting = filters?.LedgerEntryFilters?.Posting;
      if (!posting) throw invalidParameter('Filters.LedgerEntryFilters', 'it is required for EntityType LedgerEntry.');
      if (!isIsoDate(posting.Start) || !isIsoDate(posting.End) || posting.End < posting.Start) throw invalidParameter('Filters.LedgerEntryFilters.Posting', 'Start and End must be dates (YYYY-MM-DD), End not before Start.');
    }
    if (stored('exports')(ctx).some((e) => e.EntityType === b.EntityType && (e.Status === 'Pending' || e.Status === 'Processing'))) {
      throw new ConnectorError(403, `An export of ${b.EntityType} is already pending or processing.`);
    }
    const chainScoped = b.EntityType === 'Customer' || b.EntityType === 'Company';
    const created: Entity = {
      Id: ctx.world.state.uuid(),
      EnterpriseId: ctx.enterpriseId,
      Status: 'Pending',
      EntityType: b.EntityType,
      Scope: chainScoped ? { EnterpriseIds: null, ChainIds: scope.ChainIds ?? [chainId] } : { EnterpriseIds: scope.EnterpriseIds ?? [ctx.enterpriseId], ChainIds: null },
      Files: [],
      ExpiresUtc: null,
      Filters: filters,
      CreatedUtc: ctx.now,
    };
    entities(ctx.world).put('exports', created);
    return { Export: answer(created) };
  },
});
