import type { Finding, JournalEntry } from '../journal/entry.js';
import { maskBody, maskCardData, maskCardText, mayContainCardData } from '../journal/mask.js';
import { lazyRequest } from '../journal/journal.js';
import type { World } from './world.js';
import type { OutboundCall } from './outbound-call.js';

export interface OutboundResult {
  status: number;
  /** Parsed JSON answer, or undefined when the answer was not JSON (see `text`). */
  body: unknown;
  text: string;
  failure?: string;
  /** The reply was longer than `maxReplyBytes`: only its start was read (a bad reply, retried like others). */
  oversized?: boolean;
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
  judge?: (result: { status: number; body: unknown; text: string; failure?: string; oversized?: boolean }) => {
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
  let oversized = false;
  const release = world.trackOutbound(call);
  let slot: (() => void) | undefined;
  try {
    if (!call.url) {
      failure = `not sent: no partner endpoint is configured for ${call.operation}`;
    } else {
      slot = await hostSlot(call.url, world.options.outboundPerHost);
      if (world.tasks.isClosed) throw new ShutDown();
      const stop = new AbortController();
      const res = await fetch(call.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'mews-sim' },
        body: payload,
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(call.timeoutMs ?? world.options.outboundTimeoutMs)]),
      });
      status = res.status;
      const read = await readBounded(res, world.options.maxReplyBytes, stop);
      text = read.text;
      if (read.truncated) {
        oversized = true;
        failure = `the reply is larger than ${world.options.maxReplyBytes} bytes (the reply limit); only its start was read`;
      } else {
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
      }
    }
  } catch (err) {
    failure = err instanceof ShutDown ? 'unsent: the simulator shut down before the call was sent' : describeFetchError(err, call.timeoutMs ?? world.options.outboundTimeoutMs);
  } finally {
    slot?.();
    release();
  }
  const verdict = judge?.({ status, body, text, failure, oversized }) ?? { findings: [] };
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
    // The partner's reply is masked too: a card number in it is stored no more than one sent to it.
    response: failure && status === 0 ? undefined : { body: body !== undefined ? maskBody(body, text) : maskCardText(oversized ? `${text}…` : text) },
    durationMs: round(performance.now() - started),
    findings: verdict.findings,
    failure,
    ...world.currentContext(),
  }, payload.length + text.length);
  return { status, body, text, failure, ...(oversized && { oversized }), entry };
}

class ShutDown extends Error {}

/** Reads at most `max` bytes of a reply; past that the rest is not read and the connection is released. */
async function readBounded(res: Response, max: number, stop: AbortController): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const declared = Number(res.headers.get('content-length'));
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = Number.isFinite(declared) && declared > max;
  while (!truncated) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = max - bytes;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      bytes = max;
      truncated = true;
    } else {
      chunks.push(value);
      bytes += value.byteLength;
    }
  }
  // Aborting (not awaiting a cancel) drops the connection at once, whatever wraps the stream.
  if (truncated) {
    stop.abort();
    void reader.cancel().catch(() => undefined);
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated };
}

/**
 * At most `limit` calls in flight per partner host; the rest wait their turn in order. A hanging
 * partner then holds a bounded number of sockets, and the process keeps file descriptors for clients.
 */
const hosts = new Map<string, { active: number; queue: (() => void)[] }>();

async function hostSlot(url: string, limit: number): Promise<() => void> {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    host = url;
  }
  let h = hosts.get(host);
  if (!h) hosts.set(host, (h = { active: 0, queue: [] }));
  const entry = h;
  if (entry.active >= Math.max(1, limit)) await new Promise<void>((resolve) => entry.queue.push(resolve));
  else entry.active++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = entry.queue.shift();
    if (next) next();
    else if (--entry.active === 0) hosts.delete(host);
  };
}

/** Calls waiting for a slot toward a host, and calls in flight to it (for tests and the hostile-partner suite). */
export function outboundLoad(host: string): { active: number; queued: number } {
  const h = hosts.get(host);
  return { active: h?.active ?? 0, queued: h?.queue.length ?? 0 };
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
