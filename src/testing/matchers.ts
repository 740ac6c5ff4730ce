import { MewsSimClient } from '../admin/client.js';
import type { World } from '../engine/world.js';
import type { Simulator } from '../simulator.js';
import type { Direction, JournalEntry } from '../journal/entry.js';
import { verify, type VerifyRequest, type VerifyResult } from '../journal/verify.js';
import type { Expected, InboundBody, OutboundBody } from './bodies.js';
import type { InboundOperation, OperationName, OutboundOperation } from './operations.js';

export interface CallOptions {
  /** Exactly this many matching calls (at least one when left out). */
  times?: number;
  /** Milliseconds to wait for background work (confirmations, pushes, webhooks) to make the call; 0 by default. */
  within?: number;
  /** Only calls of this connection (connectionToken, or AccessToken for the Connector API). */
  connection?: string;
  /** A partial response body the call must have had. */
  response?: unknown;
}

/** What the matchers accept: an in-process Simulator or World, or a client of a running server. */
export type MatcherTarget = Simulator | World | MewsSimClient;

export interface MewsSimMatchers<R = unknown> {
  /** The simulated Mews received this call from the partner (direction inbound). */
  toHaveReceived<Op extends InboundOperation>(operation: Op, body?: Expected<InboundBody<Op>>, options?: CallOptions): Promise<R>;
  /** The simulated Mews sent this call to the partner (direction outbound). */
  toHaveSent<Op extends OutboundOperation>(operation: Op, body?: Expected<OutboundBody<Op>>, options?: CallOptions): Promise<R>;
}

interface MatcherContext {
  isNot?: boolean;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

const POLL_MS = { local: 10, remote: 100 };

function source(target: unknown): { verify(r: VerifyRequest): Promise<VerifyResult>; remote: boolean } {
  if (target instanceof MewsSimClient) return { verify: (r) => target.verify(r), remote: true };
  const t = target as Partial<Simulator & World> | null;
  const world = t && 'defaultWorld' in t ? t.defaultWorld : t && 'journal' in t && typeof t.journal?.find === 'function' ? (t as World) : undefined;
  if (!world) throw new TypeError('mews-sim matchers take a Simulator, a World or a MewsSimClient');
  return { verify: async (r) => verify(world.journal, r), remote: false };
}

/** Polls the journal until the expectation holds (or, negated, until `within` has passed). */
export async function checkCall(target: unknown, direction: Direction, operation: OperationName, body: unknown, options: CallOptions = {}, isNot = false) {
  const { verify: check, remote } = source(target);
  const request: VerifyRequest = { operation, direction, body, response: options.response, connection: options.connection, ...(options.times === undefined ? {} : { count: options.times }) };
  const within = options.within ?? 0;
  const deadline = performance.now() + within;
  let result = await check(request);
  while (performance.now() < deadline) {
    // Negated: keep watching until the time is up; otherwise stop once satisfied or past recovery.
    if (isNot ? result.ok : result.ok || (options.times !== undefined && result.matched > options.times)) break;
    await new Promise((r) => setTimeout(r, Math.min(remote ? POLL_MS.remote : POLL_MS.local, Math.max(1, deadline - performance.now()))));
    result = await check(request);
  }
  return { result, within };
}

export function describeResult(direction: Direction, operation: string, result: VerifyResult, within: number, isNot: boolean): string {
  const what = `${direction} ${operation} call${result.expectation === 'exactly 1' || result.expectation === 'at least 1' ? '' : 's'}`;
  const when = within ? ` within ${within} ms` : '';
  if (isNot) return `Expected no ${direction} ${operation} call matching${when} (${result.expectation} was not expected), found ${result.matched}: ${result.entries.map((e: JournalEntry) => e.id).join(', ')}`;
  const lines = [`Expected ${result.expectation} ${what} matching${when}, found ${result.matched}.`];
  if (result.nearestMiss) lines.push(`Nearest miss (${result.nearestMiss.entry.id}):`, ...result.nearestMiss.diff.split('\n').map((l) => `  ${l}`));
  else if (result.matched === 0) lines.push(`No ${direction} ${operation} call was recorded.`);
  return lines.join('\n');
}

function matcher(direction: Direction) {
  return async function (this: MatcherContext | undefined, target: unknown, operation: OperationName, body?: unknown, options?: CallOptions): Promise<MatcherResult> {
    const isNot = Boolean(this?.isNot);
    const { result, within } = await checkCall(target, direction, operation, body, options, isNot);
    return { pass: result.ok, message: () => describeResult(direction, operation, result, within, isNot) };
  };
}

/** The matchers, for `expect.extend(mewsSimMatchers)` in any runner with a jest-compatible expect. */
export const mewsSimMatchers = {
  toHaveReceived: matcher('inbound'),
  toHaveSent: matcher('outbound'),
};
