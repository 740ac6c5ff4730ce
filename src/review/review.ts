import type { JournalEntry } from '../journal/entry.js';
import { Reviewer, type ReviewOptions } from './analyze.js';
import type { ReviewDeclaration } from './declaration.js';
import { FACTS } from './facts.generated.js';
import type { ReviewResult } from './types.js';

/** Reviews a journal (any iterable of entries, streamed or in memory) against a declaration. */
export async function review(entries: AsyncIterable<JournalEntry> | Iterable<JournalEntry>, declaration: ReviewDeclaration, options: ReviewOptions = {}): Promise<ReviewResult> {
  const reviewer = new Reviewer(declaration, options);
  for await (const entry of entries) reviewer.add(entry);
  return reviewer.finish();
}

/**
 * A starting declaration drawn from a journal: the operations called (with the extents they asked
 * for), the webhook events delivered, the use case whose operations overlap most, and the load seen.
 * The purposes are left for the integration to state.
 */
export async function initDeclaration(entries: AsyncIterable<JournalEntry> | Iterable<JournalEntry>, options: { name?: string; schema?: string } = {}): Promise<Record<string, unknown>> {
  const ops = new Map<string, Set<string>>();
  const events = new Set<string>();
  const tokens = new Set<string>();
  let first = Infinity;
  let last = -Infinity;
  let calls = 0;
  for await (const e of entries) {
    if (e.api !== 'connector') continue;
    const body = (e.request?.body ?? {}) as Record<string, unknown>;
    if (e.direction === 'outbound') {
      if (e.operation === 'generalWebhook' && Array.isArray(body.Events)) for (const ev of body.Events as { Discriminator?: string }[]) if (ev?.Discriminator) events.add(ev.Discriminator);
      continue;
    }
    calls++;
    const t = Date.parse(e.time);
    first = Math.min(first, t);
    last = Math.max(last, t);
    if (typeof body.AccessToken === 'string') tokens.add(body.AccessToken);
    let extents = ops.get(e.operation);
    if (!extents) ops.set(e.operation, (extents = new Set()));
    if (body.Extent && typeof body.Extent === 'object') for (const [k, v] of Object.entries(body.Extent)) if (v === true) extents.add(k);
  }
  const used = [...ops.keys()];
  const best = Object.entries(FACTS.useCases)
    .map(([id, u]) => ({ id, score: u.operations.filter((op) => used.includes(op)).length }))
    .filter((u) => u.score > 0)
    .sort((a, b) => b.score - a.score)[0];
  const hours = Math.max((last - first) / 3_600_000, 1);
  return {
    ...(options.schema && { $schema: options.schema }),
    integration: { name: options.name ?? 'My integration', version: '1.0.0' },
    useCases: best ? [best.id] : [],
    operations: used.sort().map((operation) => ({ operation, purpose: `(say what ${operation} is used for)`, extents: [...ops.get(operation)!].sort(), trigger: 'schedule' })),
    webhooks: { general: [...events].sort(), integration: false },
    expectedLoad: { requestsPerHour: Math.max(1, Math.ceil(calls / hours / Math.max(tokens.size, 1))), enterprises: Math.max(tokens.size, 1) },
  };
}
