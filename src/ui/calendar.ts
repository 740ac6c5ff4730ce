import { dayOf, toIsoDate, type DayNumber } from '../engine/dates.js';
import { CommandError } from '../engine/errors.js';
import type { World } from '../engine/world.js';
import type { JournalEntry } from '../journal/entry.js';
import { serializeEntry } from '../journal/journal.js';
import { availabilityItems, priceItems, restrictionItems, syncedPairs, syncedSpaceTypes } from '../channel-manager/push/ari.js';
import { pushEngine } from '../channel-manager/push/engine.js';
import { KIND_INFO, PUSH_KINDS, type PushKind } from '../channel-manager/push/kinds.js';
import { cmState } from '../channel-manager/state.js';
import { failed } from './calls.js';

/** When a cell was last pushed, by which call, and whether the partner accepted it. */
export interface PushedMark {
  at: string;
  seq: number;
  accepted: boolean;
}

export interface CalendarRow {
  /** Space type code (availability) or `rate/space` (prices, restrictions). */
  scope: string;
  ratePlanCode?: string;
  spaceTypeCode: string;
  /** Whether the connection receives pushes for it (mapped and synchronized). */
  synchronized: boolean;
  /** One value per date: availability count, price for one guest in the property's pricing mode, or restriction text. */
  values: (number | string | null)[];
  /** Per date, the last push that covered it (null: never pushed, per the journal). */
  pushed: (PushedMark | null)[];
}

export const MAX_CALENDAR_DAYS = 93;
const PUSH_SCAN_LIMIT = 2000;

/**
 * The inventory calendar of one connection: for each date, the values Mews would push now
 * (availability per space type, prices and restrictions per rate × space type), which cells the
 * journal shows were pushed and when, the changes waiting for their delta push, and pushes waiting
 * for the partner's asynchronous confirmation.
 */
export function connectionCalendar(world: World, token: string, from: string | undefined, days: number) {
  const connection = world.state.connections.get(token);
  if (!connection) throw new CommandError(404, `No connection with token '${token}'.`, 'connection');
  const start = from ? parseDay(from) : dayOf(world.clock.now().toISOString().slice(0, 10));
  if (!Number.isInteger(days) || days < 1 || days > MAX_CALENDAR_DAYS) throw new CommandError(400, `days must be 1 to ${MAX_CALENDAR_DAYS}; got ${days}.`, 'days');
  const end = start + days - 1;
  const dates = Array.from({ length: days }, (_, i) => toIsoDate(start + i));
  const pushed = pushedCells(world, token, start, end);
  const synced = new Set(syncedSpaceTypes(connection));
  const syncedPair = new Set(syncedPairs(connection).map((p) => `${p.ratePlanCode}/${p.spaceTypeCode}`));
  const expand = <T extends { from: string; to: string }>(items: Iterable<T>, keyOf: (i: T) => string, valueOf: (i: T) => number | string | null) => {
    const out = new Map<string, (number | string | null)[]>();
    for (const item of items) {
      const key = keyOf(item);
      let row = out.get(key);
      if (!row) out.set(key, (row = new Array(days).fill(null)));
      for (let d = Math.max(start, dayOf(item.from)); d <= Math.min(end, dayOf(item.to)); d++) row[d - start] = valueOf(item);
    }
    return out;
  };
  const pairs = connection.inventoryMappings;
  const property = world.state.propertyOf(connection);
  const amount = property.pricingMode === 0 ? 'grossAmount' : 'netAmount';
  const availability = expand(availabilityItems(world, connection, start, end, connection.spaceTypeCodes), (i) => i.spaceTypeCode, (i) => i.availability);
  const prices = expand(priceItems(world, connection, start, end, pairs), (i) => `${i.ratePlanCode}/${i.spaceTypeCode}`, (i) => i.prices[0]?.[amount] ?? null);
  const restrictions = expand(restrictionItems(world, connection, start, end, pairs), (i) => `${i.ratePlanCode}/${i.spaceTypeCode}`, (i) => restrictionText(i.state, i.minLos, i.maxLos));
  const rows = (kind: PushKind, values: Map<string, (number | string | null)[]>): CalendarRow[] =>
    [...values].map(([scope, vals]) => {
      const [rate, space] = scope.includes('/') ? scope.split('/') : [undefined, scope];
      return {
        scope,
        ...(rate !== undefined && { ratePlanCode: rate }),
        spaceTypeCode: space,
        synchronized: rate === undefined ? synced.has(space) : syncedPair.has(scope),
        values: vals,
        pushed: dates.map((_, i) => pushed.get(`${kind}\u0000${scope}`)?.[i] ?? null),
      };
    });
  return {
    connection: token,
    property: {
      id: property.id,
      name: property.name,
      currencyCode: property.currencyCode,
      pricingMode: property.pricingMode === 0 ? 'gross' : 'net',
      ratePlanCodes: property.ratePlans.map((r) => r.code),
      spaceTypeCodes: property.spaceCategories.map((s) => s.code),
    },
    from: dates[0],
    to: dates[dates.length - 1],
    dates,
    availability: rows('availability', availability),
    prices: rows('prices', prices),
    restrictions: rows('restrictions', restrictions),
    pendingDeltas: pushEngine(world).pendingDeltas(token),
    awaitingConfirmation: [...cmState(world).pending.values()].filter((p) => p.connectionToken === token && !p.confirmedAt),
  };
}

function parseDay(value: string): DayNumber {
  try {
    return dayOf(value);
  } catch (err) {
    throw new CommandError(400, (err as Error).message, 'from');
  }
}

/** Restrictions as a person reads them: open, closed, closed to arrival/departure, and stay limits. */
function restrictionText(state: number[], minLos: number | null, maxLos: number | null): string {
  const parts: string[] = [];
  if (state.includes(6)) parts.push('closed');
  if (state.includes(7)) parts.push('no arrival');
  if (state.includes(8)) parts.push('no departure');
  if (!parts.length) parts.push('open');
  if (minLos != null) parts.push(`min ${minLos}`);
  if (maxLos != null) parts.push(`max ${maxLos}`);
  return parts.join(', ');
}

interface PushedRange {
  key: string;
  from: DayNumber;
  to: DayNumber;
}

/** The ranges a push message covered, read once per journal entry (bodies can be large). */
const coverage = new WeakMap<JournalEntry, PushedRange[]>();
const OPERATION_KIND = new Map(PUSH_KINDS.map((k) => [KIND_INFO[k].operation as string, k]));

function rangesOf(e: JournalEntry, kind: PushKind): PushedRange[] {
  const hit = coverage.get(e);
  if (hit) return hit;
  let out: PushedRange[] = [];
  try {
    // Parsed from the serialized text, so a lazily kept body is not kept parsed as well.
    const body = (JSON.parse(serializeEntry(e)) as { request?: { body?: Record<string, unknown> } }).request?.body;
    const items = body?.[KIND_INFO[kind].field];
    if (Array.isArray(items)) {
      out = items.flatMap((item: { spaceTypeCode?: string; ratePlanCode?: string; from?: string; to?: string }) => {
        if (typeof item?.spaceTypeCode !== 'string' || typeof item.from !== 'string' || typeof item.to !== 'string') return [];
        const key = kind === 'availability' ? item.spaceTypeCode : `${item.ratePlanCode}/${item.spaceTypeCode}`;
        try {
          return [{ key, from: dayOf(item.from), to: dayOf(item.to) }];
        } catch {
          return [];
        }
      });
    }
  } catch {
    out = [];
  }
  coverage.set(e, out);
  return out;
}

/** Cells of the window covered by the newest push of each, per the journal (newest entries first). */
function pushedCells(world: World, token: string, start: DayNumber, end: DayNumber): Map<string, (PushedMark | null)[]> {
  const cells = new Map<string, (PushedMark | null)[]>();
  const entries = world.journal.all();
  let scanned = 0;
  for (let i = entries.length - 1; i >= 0 && scanned < PUSH_SCAN_LIMIT; i--) {
    const e = entries[i];
    if (e.direction !== 'outbound' || e.connection !== token || !e.url) continue;
    const kind = OPERATION_KIND.get(e.operation);
    if (!kind) continue;
    scanned++;
    const mark: PushedMark = { at: e.time, seq: e.seq, accepted: !failed(e) };
    for (const r of rangesOf(e, kind)) {
      if (r.to < start || r.from > end) continue;
      const key = `${kind}\u0000${r.key}`;
      let row = cells.get(key);
      if (!row) cells.set(key, (row = new Array(end - start + 1).fill(null)));
      for (let d = Math.max(start, r.from); d <= Math.min(end, r.to); d++) row[d - start] ??= mark;
    }
  }
  return cells;
}
