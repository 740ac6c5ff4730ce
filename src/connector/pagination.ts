import { z } from 'zod';
import { ConnectorError } from './errors.js';

export const LimitationSchema = z
  .object({
    Cursor: z.string().nullish(),
    Count: z.number().int().min(1, 'Count must be at least 1').max(1000, 'Count must be at most 1000'),
  })
  .meta({ id: 'Limitation' });

export type Limitation = z.output<typeof LimitationSchema>;

/**
 * Cursor pagination: items come newest first; the answer's Cursor is the id of the last (oldest)
 * item returned, and a request with that cursor continues after it. A cursor that names no item is
 * an invalid parameter.
 */
const positions = new WeakMap<readonly { Id: string }[], Map<string, number>>();

export function paginate<T extends { Id: string }>(items: readonly T[], limitation: Limitation | undefined): { page: T[]; cursor: string | null } {
  if (!limitation) return { page: [...items], cursor: items.length ? items[items.length - 1].Id : null };
  let start = 0;
  if (limitation.Cursor) {
    // Large cached lists (reservations) get an id → position index, built once per list.
    let index = items.length > 1000 ? positions.get(items) : undefined;
    if (!index && items.length > 1000) positions.set(items, (index = new Map(items.map((item, i) => [item.Id, i]))));
    const at = index ? (index.get(limitation.Cursor) ?? -1) : items.findIndex((i) => i.Id === limitation.Cursor);
    if (at < 0) throw new ConnectorError(400, `Invalid Limitation.Cursor: no item with id ${limitation.Cursor}.`);
    start = at + 1;
  }
  const page = items.slice(start, start + limitation.Count);
  return { page, cursor: page.length ? page[page.length - 1].Id : null };
}
