import type { JournalEntry } from '../journal/entry.js';
import type { VerifyRequest, VerifyResult } from '../journal/verify.js';
import type { PartnerEndpoints } from '../engine/world.js';

export interface JournalFilter {
  operation?: string;
  direction?: 'inbound' | 'outbound';
  api?: 'channelManager' | 'connector' | 'admin';
  connection?: string;
  since?: string | number;
  runId?: string;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: number;
}

export class AdminClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminClientError';
  }
}

/**
 * Typed client of the admin API, for a partner's own Node test suite:
 *
 *   const sim = new MewsSimClient('http://localhost:8080');
 *   await sim.idle();
 *   const r = await sim.verify({ operation: 'confirmGroup', direction: 'outbound', atLeast: 1 });
 */
export interface MewsSimClientOptions {
  /** Admin token of a server started with one: sent as `Authorization: Bearer <token>`. */
  adminToken?: string;
  /** The same as adminToken. */
  token?: string;
}

export class MewsSimClient {
  private readonly base: string;

  private readonly adminToken: string | undefined;

  constructor(
    baseUrl: string,
    /** Target a named world instead of the default one. */
    readonly world?: string,
    /** The admin token of a server started with --admin-token; MEWS_SIM_ADMIN_TOKEN by default. */
    options: MewsSimClientOptions = {},
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.adminToken = options.adminToken ?? options.token ?? (typeof process === 'undefined' ? undefined : process.env.MEWS_SIM_ADMIN_TOKEN) ?? undefined;
  }

  health() {
    return this.call<{ status: 'ok'; version: string; worlds: string[] }>('GET', '/_sim/health');
  }

  journal(filter: JournalFilter = {}) {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    return this.call<{ world: string; total: number; evicted: number; nextCursor: number | null; entries: JournalEntry[] }>('GET', this.scoped(`/journal?${q}`));
  }

  /** Every matching entry, page by page (oldest first). */
  async *journalEntries(filter: Omit<JournalFilter, 'limit' | 'cursor'> = {}): AsyncGenerator<JournalEntry> {
    let cursor: number | undefined;
    do {
      const page = await this.journal({ ...filter, ...(cursor !== undefined && { cursor }) });
      yield* page.entries;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  clearJournal() {
    return this.call<{ cleared: true }>('DELETE', this.scoped('/journal'));
  }

  verify(request: VerifyRequest) {
    return this.call<VerifyResult>('POST', this.scoped('/journal/verify'), request);
  }

  /**
   * Like verify, but throws with the nearest miss's diff when the expectation fails. With `within`
   * (ms), polls until it holds or the time is up, so background work needs no idle() first.
   */
  async expectCalled(request: VerifyRequest & { within?: number }): Promise<JournalEntry[]> {
    const { within = 0, ...query } = request;
    const deadline = performance.now() + within;
    let r = await this.verify(query);
    while (!r.ok && performance.now() < deadline) {
      if (query.count !== undefined && r.matched > query.count) break;
      await new Promise((ok) => setTimeout(ok, Math.min(100, Math.max(1, deadline - performance.now()))));
      r = await this.verify(query);
    }
    if (!r.ok) {
      const what = [request.direction, request.operation].filter(Boolean).join(' ') || 'call';
      throw new Error(`Expected ${r.expectation} ${what}, found ${r.matched}.${r.nearestMiss ? `\nNearest miss (${r.nearestMiss.entry.id}):\n${r.nearestMiss.diff}` : ''}`);
    }
    return r.entries;
  }

  reset(options: { clearJournal?: boolean } = {}) {
    return this.call<{ reset: true }>('POST', this.scoped('/reset'), options);
  }

  snapshot() {
    return this.call<Record<string, unknown>>('GET', this.scoped('/snapshot'));
  }

  setPartner(partner: PartnerEndpoints) {
    return this.call<PartnerEndpoints>('PUT', this.scoped('/partner'), partner);
  }

  setClock(body: { now?: string; advanceMs?: number; advanceDays?: number; release?: boolean }) {
    return this.call<{ now: string; frozen: boolean }>('POST', this.scoped('/clock'), body);
  }

  /** Waits until the world has no background work (confirmations, pushes) left. */
  idle(timeoutMs = 30_000) {
    return this.call<{ idle: true }>('POST', this.scoped(`/idle?timeoutMs=${timeoutMs}`));
  }

  createWorld(body: { name: string; seed?: number; partner?: PartnerEndpoints; now?: string }) {
    return this.call<Record<string, unknown>>('POST', '/_sim/worlds', body);
  }

  deleteWorld(name: string) {
    return this.call<{ deleted: string }>('DELETE', `/_sim/worlds/${encodeURIComponent(name)}`);
  }

  /** Any world-scoped admin route, e.g. post('/push', {from, to}) or post('/connections/<token>/disable'). */
  post<T = unknown>(route: string, body: unknown = {}) {
    return this.call<T>('POST', this.scoped(route.startsWith('/') ? route : `/${route}`), body);
  }

  private scoped(path: string): string {
    return this.world ? `/_sim/worlds/${encodeURIComponent(this.world)}${path}` : `/_sim${path}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.adminToken && { authorization: `Bearer ${this.adminToken}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new AdminClientError(res.status, json?.error?.message ?? `HTTP ${res.status}`);
    return json as T;
  }
}
