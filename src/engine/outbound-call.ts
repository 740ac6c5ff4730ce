import type { ApiName, NewJournalEntry } from '../journal/entry.js';
import type { Clock } from './clock.js';

// Kept apart from outbound.ts (which needs the world) so the world can journal unsent calls without an import cycle.

export interface OutboundCall {
  api: ApiName;
  operation: string;
  /** Undefined when the partner has no endpoint for this operation: the call is journaled as unsent. */
  url: string | undefined;
  body: Record<string, unknown>;
  /** The body already serialized (large pushes); `body` then only describes it for shutdown records. */
  payload?: string;
  connection?: string;
  messageId?: string;
  relatedMessageId?: string;
  timeoutMs?: number;
}

/** A journal entry for an outbound call that never went out (shutdown, a delta not yet sent). */
export function unsentEntry(world: { clock: Clock }, call: Pick<OutboundCall, 'api' | 'operation' | 'url' | 'connection' | 'messageId'>, body: unknown, failure: string, findings: NewJournalEntry['findings'] = []): NewJournalEntry {
  return {
    time: world.clock.now().toISOString(),
    direction: 'outbound',
    api: call.api,
    operation: call.operation,
    method: 'POST',
    url: call.url ?? '',
    connection: call.connection,
    status: 0,
    messageId: call.messageId,
    request: { body },
    durationMs: 0,
    findings,
    failure,
  };
}
