import { isIsoDate } from '../../engine/dates.js';
import { add, applyUpdateValues, getAll, operation, stored, type Body, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { entities, type Entity } from '../store.js';
import { customerOf } from './credit-cards.js';

/**
 * Identity documents of customers (passports, identity cards, ...). A deleted document is gone: the
 * document table has no activity state to show it by.
 */

const KIND = 'identityDocuments';
const FIELDS = ['Number', 'ExpirationDate', 'IssuanceDate', 'IssuingCountryCode', 'IssuingCountrySubdivisionCode', 'IssuingCity', 'IdentityDocumentSupportNumber'];
const DATES = ['ExpirationDate', 'IssuanceDate'];

const view = ({ IsActive: _active, ...d }: Entity): Entity => d as Entity;
const live = (ctx: Ctx) => stored(KIND)(ctx).filter((d) => d.IsActive !== false);

/** An ISO 8601 date, or a date-time (extended format, optional seconds, fraction and offset). */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?$/;

/**
 * A document's date as it is answered: the calendar date given (of a date-time, the date as written,
 * whatever its offset) at midnight UTC, the form the docs' answers show; undefined when it is no
 * ISO 8601 date or date-time.
 */
function documentDate(value: string): string | undefined {
  const day = DATE_TIME.exec(value)?.[1];
  return day && isIsoDate(day) ? `${day}T00:00:00Z` : undefined;
}

/** The dates of the values in the form they are kept and answered in; 400 naming a date that is neither an ISO 8601 date nor a date-time. */
function checkDates<T extends Record<string, unknown>>(values: T, at: string): T {
  const out: Record<string, unknown> = { ...values };
  for (const f of DATES) {
    const v = values[f];
    if (typeof v !== 'string') continue;
    const date = documentDate(v);
    if (!date) throw invalidParameter(`${at}.${f}`, 'an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ) is expected.');
    out[f] = date;
  }
  return out as T;
}

const documentsChanged = (ctx: Ctx, docs: Entity[]) =>
  docs.length && ctx.world.state.changed({ type: 'customer', propertyId: ctx.property.id, customerIds: [...new Set(docs.map((d) => d.CustomerId as string))], added: false });

export const getAllIdentityDocuments = getAll('identityDocuments/getAll', {
  collection: 'IdentityDocuments',
  items: (ctx) => {
    (ctx.body.CustomerIds as string[]).forEach((id, i) => customerOf(ctx, id, `CustomerIds[${i}]`));
    return live(ctx).map(view);
  },
  filters: { CustomerIds: 'CustomerId', IdentityDocumentIds: 'Id', Types: 'Type' },
});

export const addIdentityDocuments = add('identityDocuments/add', {
  kind: KIND,
  collection: 'IdentityDocuments',
  input: (b) => b.IdentityDocuments,
  build(ctx, d, i) {
    const at = `IdentityDocuments[${i}]`;
    customerOf(ctx, d.CustomerId, `${at}.CustomerId`);
    const given = checkDates(d, at);
    return { Id: ctx.world.state.uuid(), CustomerId: d.CustomerId, Type: d.Type, ...Object.fromEntries(FIELDS.map((f) => [f, given[f] ?? null])), Number: d.Number, IsVerified: d.IsVerified ?? false, IsActive: true };
  },
  answer: (added) => ({ IdentityDocuments: added.map(view) }),
  after: documentsChanged,
});

export const updateIdentityDocuments = operation('identityDocuments/update', {
  handle(ctx) {
    const mine = new Map(live(ctx).map((d) => [d.Id, d]));
    const changed = (ctx.body.IdentityDocuments as Body[]).map((u, i) => {
      const at = `IdentityDocuments[${i}]`;
      const found = mine.get(u.Id);
      if (!found) throw invalidParameter(`${at}.Id`, `no identity document ${u.Id}.`);
      if (u.Number && 'Value' in u.Number && u.Number.Value == null) throw invalidParameter(`${at}.Number`, 'a document keeps a number (an empty string where none is collected).');
      const dates = checkDates(Object.fromEntries(DATES.map((f) => [f, u[f]?.Value])), at);
      const e = structuredClone(found);
      applyUpdateValues(e, { ...u, ...Object.fromEntries(DATES.filter((f) => typeof dates[f] === 'string').map((f) => [f, { Value: dates[f] }])) }, [...FIELDS, 'Type', 'IsVerified']);
      e.IsVerified ??= false;
      return e;
    });
    for (const e of changed) entities(ctx.world).put(KIND, e);
    documentsChanged(ctx, changed);
    return { IdentityDocuments: changed.map(view) };
  },
});

function removeDocuments(ctx: Ctx, docs: Entity[]): void {
  for (const d of docs) entities(ctx.world).put(KIND, { ...d, IsActive: false });
  documentsChanged(ctx, docs);
}

export const deleteIdentityDocuments = operation('identityDocuments/delete', {
  handle(ctx) {
    const mine = new Map(live(ctx).map((d) => [d.Id, d]));
    const docs = (ctx.body.IdentityDocumentIds as string[]).map((id, i) => {
      const d = mine.get(id);
      if (!d) throw invalidParameter(`IdentityDocumentIds[${i}]`, `no identity document ${id}.`);
      return d;
    });
    removeDocuments(ctx, docs);
    return {};
  },
});

export const clearIdentityDocuments = operation('identityDocuments/clear', {
  handle(ctx) {
    const ids = (ctx.body.CustomerIds as string[]).map((id, i) => customerOf(ctx, id, `CustomerIds[${i}]`));
    removeDocuments(ctx, live(ctx).filter((d) => ids.includes(d.CustomerId as string)));
    return {};
  },
});
