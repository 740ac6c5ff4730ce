import { followFeed } from '../admin/stream.js';
import type { Journal } from '../journal/journal.js';
import { summarize } from './calls.js';

/**
 * Server-sent events of a journal for the dashboard: an `entry` event with the one-line summary of
 * each call recorded after `sinceSeq` (bodies stay on the server), and a comment every
 * `heartbeatMs` so proxies keep the connection open. Ends when the consumer stops or after `timeoutMs`.
 */
export function liveCalls(journal: Journal, options: { sinceSeq?: number; heartbeatMs?: number; timeoutMs?: number } = {}): AsyncIterable<string> {
  return followFeed(
    options.sinceSeq !== undefined ? journal.find({ since: options.sinceSeq }) : [],
    (push) => journal.subscribe(push),
    (e) => `id: ${e.seq}\nevent: entry\ndata: ${JSON.stringify(summarize(e))}\n\n`,
    {
      prelude: `retry: 2000\nevent: hello\ndata: ${JSON.stringify({ lastSeq: journal.lastSeq })}\n\n`,
      heartbeat: { ms: options.heartbeatMs ?? 15_000, text: ': ping\n\n' },
      batch: true,
      timeoutMs: options.timeoutMs,
    },
  );
}
