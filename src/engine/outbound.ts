import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
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
 * Calls a partner endpoint over node:http(s): one POST of JSON, a per-call timeout,
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
      const reply = await post(call.url, payload, call.timeoutMs ?? world.options.outboundTimeoutMs, world.options.maxReplyBytes);
      status = reply.status;
      text = reply.text;
      if (reply.truncated) {
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
    failure = err instanceof ShutDown ? 'unsent: the simulator shut down before the call was sent' : describeCallError(err, call.timeoutMs ?? world.options.outboundTimeoutMs);
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

// node:http rather than fetch: a partner call is a plain POST, and fetch's web streams, Request
// objects and abort signals cost several times the CPU and garbage of the call itself under load.
const agents = { 'http:': new HttpAgent({ keepAlive: true, timeout: 4000 }), 'https:': new HttpsAgent({ keepAlive: true, timeout: 4000 }) };
const decoder = new TextDecoder();

class TimedOut extends Error {}

/**
 * POSTs JSON and reads at most `max` bytes of the reply; past that the rest is not read and the
 * connection is dropped. The whole exchange, reply included, must finish within `timeoutMs`.
 */
function post(url: string, payload: string, timeoutMs: number, max: number): Promise<{ status: number; text: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const target = targetOf(url);
    const agent = target.protocol === 'http:' || target.protocol === 'https:' ? agents[target.protocol] : undefined;
    if (!agent) return reject(new Error(`unsupported protocol ${target.protocol}`));
    const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
    // A text body: node:http puts the headers in front of it and both leave in one write.
    const req = send({ ...target.options, method: 'POST', agent, headers: { 'content-type': 'application/json', 'user-agent': 'mews-sim', 'content-length': Buffer.byteLength(payload) } });
    let settled = false;
    const fail = (err: Error) => {
      settled = true;
      clearTimeout(timer);
      reject(err);
    };
    const timer = setTimeout(() => {
      fail(new TimedOut());
      req.destroy();
    }, timeoutMs);
    req.on('error', fail);
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length']);
      const chunks: Buffer[] = [];
      let bytes = 0;
      const finish = (truncated: boolean) => {
        settled = true;
        clearTimeout(timer);
        if (truncated) res.destroy();
        resolve({ status: res.statusCode ?? 0, text: decoder.decode(Buffer.concat(chunks)), truncated });
      };
      if (Number.isFinite(declared) && declared > max) return finish(true);
      res.on('data', (chunk: Buffer) => {
        const room = max - bytes;
        if (chunk.byteLength > room) {
          chunks.push(chunk.subarray(0, room));
          bytes = max;
          res.removeAllListeners('data');
          finish(true);
        } else {
          chunks.push(chunk);
          bytes += chunk.byteLength;
        }
      });
      res.on('end', () => finish(false));
      res.on('error', fail);
      // Closed before its end: the partner cut the connection mid-reply. (Every reply closes; only an unfinished one fails.)
      res.on('close', () => {
        if (!settled) fail(Object.assign(new Error('the connection closed before the reply ended'), { code: 'ECONNRESET' }));
      });
    });
    req.end(payload);
  });
}

/** A partner URL parsed once: its request options and host. Partner URLs are few; the cache is bounded anyway. */
interface Target {
  protocol: string;
  host: string;
  options: ReturnType<typeof urlToHttpOptions>;
}
const targets = new Map<string, Target>();

/** Throws as `new URL` does for a URL that does not parse. */
function targetOf(url: string): Target {
  let target = targets.get(url);
  if (!target) {
    const parsed = new URL(url);
    target = { protocol: parsed.protocol, host: parsed.host, options: urlToHttpOptions(parsed) };
    if (targets.size >= 256) targets.clear();
    targets.set(url, target);
  }
  return target;
}

/**
 * At most `limit` calls in flight per partner host; the rest wait their turn in order. A hanging
 * partner then holds a bounded number of sockets, and the process keeps file descriptors for clients.
 */
const hosts = new Map<string, { active: number; queue: (() => void)[] }>();

async function hostSlot(url: string, limit: number): Promise<() => void> {
  let host: string;
  try {
    host = targetOf(url).host;
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

function describeCallError(err: unknown, timeoutMs: number): string {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof TimedOut) return `no answer within ${timeoutMs} ms`;
  const code = e.code;
  if (code === 'ECONNREFUSED') return 'connection refused: nothing listens at the partner URL';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the partner reset the connection';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the partner host name does not resolve';
  return `request failed: ${e.message}`;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
