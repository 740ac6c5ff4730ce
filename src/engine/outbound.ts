import type { ApiName, Finding, JournalEntry, NewJournalEntry } from '../journal/entry.js';
import { maskCardData, mayContainCardData } from '../journal/mask.js';
import { lazyRequest } from '../journal/journal.js';
import type { World } from './world.js';

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

export interface OutboundResult {
  status: number;
  /** Parsed JSON answer, or undefined when the answer was not JSON (see `text`). */
  body: unknown;
  text: string;
  failure?: string;
  entry: JournalEntry;
}

/**
 * Calls a partner endpoint with the platform fetch (undici): one POST of JSON, a per-call timeout,
 * and the call and its answer in the journal. Never throws; a failure is part of the result.
 * `judge` turns the answer into findings and the API-level outcome before the entry is written.
 */
export async function callPartner(
  world: World,
  call: OutboundCall,
  judge?: (result: { status: number; body: unknown; text: string; failure?: string }) => {
    findings: Finding[];
    success?: boolean;
    errorCodes?: number[];
  },
): Promise<OutboundResult> {
  const time = world.clock.now().toISOString();
  const started = performance.now();
  const payload = call.payload ?? JSON.stringify(call.body);
  // Large bodies are journaled as their text (parsed when read); card data is always masked first.
  const request = mayContainCardData(payload)
    ? { body: maskCardData(call.payload === undefined ? call.body : JSON.parse(payload)) }
    : payload.length > 16_384 || call.payload !== undefined
      ? lazyRequest(payload)
      : { body: call.body };
  let status = 0;
  let text = '';
  let body: unknown;
  let failure: string | undefined;
  const release = world.trackOutbound(call);
  try {
    if (!call.url) {
      failure = `not sent: no partner endpoint is configured for ${call.operation}`;
    } else {
      const res = await fetch(call.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'mews-sim' },
        body: payload,
        signal: AbortSignal.timeout(call.timeoutMs ?? world.options.outboundTimeoutMs),
      });
      status = res.status;
      text = await res.text();
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
  } catch (err) {
    failure = describeFetchError(err, call.timeoutMs ?? world.options.outboundTimeoutMs);
  } finally {
    release();
  }
  const verdict = judge?.({ status, body, text, failure }) ?? { findings: [] };
  const entry = world.journal.record({
    time,
    direction: 'outbound',
    api: call.api,
    operation: call.operation,
    method: 'POST',
    url: call.url ?? '',
    connection: call.connection,
    status,
    success: verdict.success,
    errorCodes: verdict.errorCodes,
    messageId: call.messageId,
    relatedMessageId: call.relatedMessageId,
    request,
    response: failure && status === 0 ? undefined : { body: body ?? text },
    durationMs: round(performance.now() - started),
    findings: verdict.findings,
    failure,
    ...world.currentContext(),
  }, payload.length + text.length);
  return { status, body, text, failure, entry };
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused: nothing listens at the partner URL';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the partner reset the connection';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the partner host name does not resolve';
  return `request failed: ${e.cause?.message ?? e.message}`;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** A journal entry for an outbound call that never went out (shutdown, a delta not yet sent). */
export function unsentEntry(world: World, call: Pick<OutboundCall, 'api' | 'operation' | 'url' | 'connection' | 'messageId'>, body: unknown, failure: string, findings: NewJournalEntry['findings'] = []): NewJournalEntry {
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
