import type { CustomerRecord } from '../../world/state.js';
import type { Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { billIdOf, modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';
import { companyRecords } from './lists.js';
import { orderItems } from './orders.js';

/**
 * Merging accounts: what hangs off a source account (addresses, notes, memberships, documents, cards,
 * files, payments and order items, reservations) moves to the target, the target keeps its own data
 * and takes what it lacks from the source, and the source is gone from every read.
 */

/** Stored kinds that name their account, and the fields that do. */
const BY_ACCOUNT: Record<string, string[]> = {
  addresses: ['AccountId'],
  accountNotes: ['AccountId'],
  loyaltyMemberships: ['AccountId'],
  payments: ['AccountId'],
  paymentRequests: ['AccountId', 'CustomerId'],
  paymentMethodRequests: ['AccountId'],
  accountFiles: ['AccountId'],
  identityDocuments: ['CustomerId'],
  creditCards: ['CustomerId'],
  preauthorizations: ['CustomerId'],
  companyContracts: ['CompanyId'],
  vouchers: ['CompanyId', 'TravelAgencyId'],
};

/** Customer or Company accounts to merge; 400 naming the parameter for an unknown, repeated or mismatched one. */
export function checkMerge(ctx: Ctx, type: 'Customer' | 'Company', sources: string[], target: string, at: { sources: (i: number) => string; target: string }): void {
  const exists = (id: string) => (type === 'Customer' ? ctx.world.state.customers.has(id) : companyRecords(ctx.world).some((c) => c.Id === id && c.IsActive));
  const noun = type === 'Customer' ? 'customer' : 'company';
  if (!exists(target)) throw invalidParameter(at.target, `no ${noun} ${target}.`);
  sources.forEach((id, i) => {
    if (!exists(id)) throw invalidParameter(at.sources(i), `no ${noun} ${id}.`);
    if (id === target) throw invalidParameter(at.sources(i), 'an account cannot be merged into itself.');
    if (sources.indexOf(id) !== i) throw invalidParameter(at.sources(i), `${id} is given twice.`);
  });
}

const filled = <T extends object>(base: T, fallback: T): T => {
  const out = { ...fallback } as Record<string, unknown>;
  for (const [k, v] of Object.entries(base)) if (v != null && v !== '') out[k] = v;
  return out as T;
};

/** Merges checked source accounts into the target. */
export function mergeAccounts(ctx: Ctx, type: 'Customer' | 'Company', sources: string[], target: string): void {
  const { world } = ctx;
  const state = world.state;
  const store = entities(world);
  const from = new Set(sources);
  const movedPayments: string[] = [];
  for (const [kind, fields] of Object.entries(BY_ACCOUNT)) {
    for (const e of store.list(kind)) {
      if (!fields.some((f) => from.has(e[f] as string))) continue;
      const moved: Entity = { ...e, ...Object.fromEntries(fields.filter((f) => from.has(e[f] as string)).map((f) => [f, target])) };
      if (kind === 'payments') {
        const property = [...state.properties.values()].find((p) => modelOf(world, p).enterprise.Id === e.EnterpriseId) ?? ctx.property;
        moved.BillId = billIdOf(world, property, target);
        moved.UpdatedUtc = ctx.now;
        movedPayments.push(e.Id);
      }
      store.put(kind, moved);
    }
  }
  for (const property of state.properties.values()) for (const item of orderItems(world, property)) if (from.has(item.AccountId)) item.AccountId = target;
  const movedReservations: { id: string; propertyId: string }[] = [];
  for (const r of state.reservations.values()) {
    const d = r.details ?? {};
    const touches = type === 'Customer' ? from.has(r.customerId ?? '') || from.has(d.bookerId ?? '') : from.has(d.companyId ?? '') || from.has(d.travelAgencyId ?? '');
    if (!touches) continue;
    const swap = (id: string | undefined) => (id && from.has(id) ? target : id);
    state.reservations.set(r.id, { ...r, customerId: swap(r.customerId), details: r.details && { ...d, bookerId: swap(d.bookerId), companyId: swap(d.companyId), travelAgencyId: swap(d.travelAgencyId) }, updatedUtc: world.clock.now().toISOString() });
    movedReservations.push({ id: r.id, propertyId: r.propertyId });
  }
  const extras = [target, ...sources].map((id) => store.get('accountExtras', id)).filter((e): e is Entity => e !== undefined);
  if (extras.length) store.put('accountExtras', { ...extras.reduce((a, b) => filled(a, b)), Id: target });
  if (type === 'Customer') mergeCustomers(ctx, sources, target);
  else mergeCompanies(ctx, sources, target);
  for (const [propertyId, ids] of groupBy(movedReservations)) state.changed({ type: 'reservation', propertyId, reservationIds: ids });
  if (movedPayments.length) state.changed({ type: 'payment', propertyId: ctx.property.id, paymentIds: movedPayments });
}

function mergeCustomers(ctx: Ctx, sources: string[], target: string): void {
  const state = ctx.world.state;
  let record = state.customers.get(target)!;
  for (const id of sources) {
    const source = state.customers.get(id)!;
    const { id: _id, number: _n, createdUtc: _c, updatedUtc: _u, ...rest } = source;
    const mine = filled(record, { ...record, ...rest } as CustomerRecord);
    record = {
      ...mine,
      extras: filled(record.extras ?? {}, source.extras ?? {}),
      address: record.address ?? source.address,
      classifications: [...new Set([...record.classifications, ...source.classifications])],
      options: [...new Set([...record.options, ...source.options])],
    };
    state.customers.delete(id);
  }
  state.upsertCustomer(target, record, ctx.world.clock.now().toISOString());
  state.changed({ type: 'customer', propertyId: ctx.property.id, customerIds: [target], added: false });
}

function mergeCompanies(ctx: Ctx, sources: string[], target: string): void {
  const store = entities(ctx.world);
  const all = companyRecords(ctx.world);
  let company = all.find((c) => c.Id === target)!;
  for (const id of sources) {
    const source = all.find((c) => c.Id === id)!;
    company = { ...filled(company, { ...source, Id: company.Id, Number: company.Number, CreatedUtc: company.CreatedUtc, IsActive: true }), UpdatedUtc: ctx.now };
    store.put('companies', { ...source, IsActive: false, MergeTargetId: target, UpdatedUtc: ctx.now });
  }
  store.put('companies', company);
  for (const c of ctx.world.state.customers.values()) if (c.companyId && sources.includes(c.companyId)) ctx.world.state.customers.set(c.id, { ...c, companyId: target });
}

function groupBy(items: { id: string; propertyId: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of items) out.set(i.propertyId, [...(out.get(i.propertyId) ?? []), i.id]);
  return out;
}
