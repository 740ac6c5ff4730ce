import type { JournalEntry } from '../journal/entry.js';
import type { Journal } from '../journal/journal.js';
import { summarize } from './calls.js';

/**
 * Server-sent events of a journal for the dashboard: an `entry` event with the one-line summary of
 * each call recorded after `sinceSeq` (bodies stay on the server), and a comment every
 * `heartbeatMs` so proxies keep the connection open. Ends when the consumer stops or after `timeoutMs`.
 */
export function liveCalls(journal: Journal, options: { sinceSeq?: number; heartbeatMs?: number; timeoutMs?: number } = {}): AsyncIterable<string> {
  const queue: string[] = [`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ lastSeq: journal.lastSeq })}\n\n`];
  let wake: (() => void) | undefined;
  let done = false;
  const push = (e: JournalEntry) => {
    if (done) return;
    queue.push(`id: ${e.seq}\nevent: entry\ndata: ${JSON.stringify(summarize(e))}\n\n`);
    wake?.();
  };
  if (options.sinceSeq !== undefined) for (const e of journal.find({ since: options.sinceSeq })) push(e);
  const unsubscribe = journal.subscribe(push);
  const heartbeat = setInterval(() => {
    queue.push(': ping\n\n');
    wake?.();
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref?.();
  const finish = () => {
    done = true;
    unsubscribe();
    clearInterval(heartbeat);
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
          if (queue.length) return { value: queue.splice(0).join(''), done: false };
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
