import type { JournalEntry } from '../journal/entry.js';
import { serializeEntry, type Journal } from '../journal/journal.js';

/**
 * A live NDJSON feed of a journal: entries after `sinceSeq`, then each new one as it is recorded.
 * Ends after `limit` entries, after `timeoutMs`, or when the consumer stops (return()).
 */
export function followJournal(journal: Journal, options: { sinceSeq?: number; limit?: number; timeoutMs?: number }): AsyncIterable<string> {
  return followFeed(journal.find({ since: options.sinceSeq ?? journal.lastSeq }), (push) => journal.subscribe(push), (e) => serializeEntry(e) + '\n', options);
}

export interface FeedOptions {
  /** Ends after this many items. */
  limit?: number;
  timeoutMs?: number;
  /** Sent first (e.g. an SSE hello). */
  prelude?: string;
  /** Sent every `ms`, so proxies keep the connection open. */
  heartbeat?: { ms: number; text: string };
  /** Hand over everything queued in one chunk instead of one item per chunk. */
  batch?: boolean;
}

/**
 * A live feed: the `initial` items, then each item `subscribe` hands over, each formatted as one
 * chunk by `format` (an NDJSON line, an SSE event). Ends after `limit` items, after `timeoutMs`, or
 * when the consumer stops (return()).
 */
export function followFeed<T>(
  initial: Iterable<T>,
  subscribe: (push: (item: T) => void) => () => void,
  format: (item: T) => string,
  options: FeedOptions,
): AsyncIterable<string> {
  // Items are counted against the limit; the prelude and heartbeats are not.
  const queue: { text: string; item: boolean }[] = options.prelude ? [{ text: options.prelude, item: false }] : [];
  let wake: (() => void) | undefined;
  let done = false;
  let sent = 0;
  const limit = options.limit ?? Infinity;
  const push = (item: T) => {
    if (done) return;
    queue.push({ text: format(item), item: true });
    wake?.();
  };
  for (const item of initial) push(item);
  const unsubscribe = subscribe(push);
  const heartbeat = options.heartbeat
    ? setInterval(() => {
        queue.push({ text: options.heartbeat!.text, item: false });
        wake?.();
      }, options.heartbeat.ms)
    : undefined;
  heartbeat?.unref?.();
  const finish = () => {
    done = true;
    unsubscribe();
    clearInterval(heartbeat);
    clearTimeout(timer);
    wake?.();
  };
  const timer = options.timeoutMs ? setTimeout(finish, options.timeoutMs) : undefined;
  /** The next chunk: one queued piece, or (batch) all of them, stopping at the limit. */
  const take = (): string => {
    let out = '';
    while (queue.length && sent < limit) {
      const next = queue.shift()!;
      out += next.text;
      if (next.item && ++sent >= limit) finish();
      if (!options.batch) break;
    }
    return out;
  };
  return {
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<string>> {
          while (!queue.length && !done) await new Promise<void>((r) => (wake = r));
          wake = undefined;
          const chunk = sent < limit ? take() : '';
          if (chunk) return { value: chunk, done: false };
          finish();
          return { value: undefined, done: true };
        },
        async return(): Promise<IteratorResult<string>> {
          finish();
          queue.length = 0;
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
