import type { JournalEntry } from '../journal/entry.js';
import { serializeEntry, type Journal } from '../journal/journal.js';

/**
 * A live NDJSON feed of a journal: entries after `sinceSeq`, then each new one as it is recorded.
 * Ends after `limit` entries, after `timeoutMs`, or when the consumer stops (return()).
 */
export function followJournal(journal: Journal, options: { sinceSeq?: number; limit?: number; timeoutMs?: number }): AsyncIterable<string> {
  return followFeed(journal.find({ since: options.sinceSeq ?? journal.lastSeq }), (push) => journal.subscribe(push), serializeEntry, options);
}

/**
 * A live NDJSON feed: the `initial` items, then each item `subscribe` hands over, one JSON line each.
 * Ends after `limit` lines, after `timeoutMs`, or when the consumer stops (return()).
 */
export function followFeed<T>(
  initial: Iterable<T>,
  subscribe: (push: (item: T) => void) => () => void,
  serialize: (item: T) => string,
  options: { limit?: number; timeoutMs?: number },
): AsyncIterable<string> {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let sent = 0;
  const limit = options.limit ?? Infinity;
  const push = (item: T) => {
    if (done) return;
    queue.push(serialize(item) + '\n');
    wake?.();
  };
  for (const item of initial) push(item);
  const unsubscribe = subscribe(push);
  const finish = () => {
    done = true;
    unsubscribe();
    clearTimeout(timer);
    wake?.();
  };
  const timer = options.timeoutMs ? setTimeout(finish, options.timeoutMs) : undefined;
  return {
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<string>> {
          while (!queue.length && !done) await new Promise<void>((r) => (wake = r));
          wake = undefined;
          if (queue.length && sent < limit) {
            sent++;
            if (sent >= limit) finish();
            return { value: queue.shift()!, done: false };
          }
          finish();
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<string>> {
          finish();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/** The whole journal as NDJSON, in chunks; other requests are served between chunks. */
export async function* exportJournal(entries: JournalEntry[]): AsyncIterable<string> {
  for (let i = 0; i < entries.length; i += 200) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    yield entries
      .slice(i, i + 200)
      .map((e) => serializeEntry(e) + '\n')
      .join('');
  }
}
