import { Journal, type JournalOptions } from '../journal/journal.js';
import type { NewJournalEntry } from '../journal/entry.js';
import { maskCardData } from '../journal/mask.js';
import { WorldState, type WorldChange } from '../world/state.js';
import type { WorldFixture } from '../world/schema.js';
import { SimClock, type Clock } from './clock.js';
import { unsentEntry, type OutboundCall } from './outbound-call.js';
import { Tasks } from './tasks.js';
import { Faults } from './faults.js';

/** Where the partner (channel manager) receives Mews's calls: a base URL and/or one URL per operation. */
export interface PartnerEndpoints {
  baseUrl?: string;
  /** Operation name → full URL; wins over baseUrl. */
  operations?: Record<string, string>;
}

export interface WorldOptions {
  partner: PartnerEndpoints;
  journal: JournalOptions;
  /** Delay before asynchronous work (booking confirmation) starts, in ms. */
  asyncDelayMs: number;
  outboundTimeoutMs: number;
  /** Bytes of a partner's reply read at most; a longer reply is a bad reply (journaled truncated, retried). */
  maxReplyBytes: number;
  /** Calls in flight at once toward one partner host; the rest queue. */
  outboundPerHost: number;
  bodyLimitBytes: number;
  /** Address partners use to reach this simulator (for responseUrl); the world prefix is added. */
  publicUrl: string;
  /** Send delta pushes automatically on every change of state. */
  deltaPushes: boolean;
  /** Wait this long after a change before sending the delta, so one edit sends one message. */
  deltaDelayMs: number;
  /** Send change notifications (changeNotificaton) on connection and mapping changes. */
  changeNotifications: boolean;
  /** Items per push message (availabilities, ratePrices or restrictions). */
  pushBatchSize: number;
  /** Push messages of one push in flight at once (the next batch is built meanwhile). */
  pushConcurrency: number;
  /** Attempts per push message before giving up on a partner that does not accept it. */
  pushMaxAttempts: number;
  /** First retry delay; doubled at every attempt. */
  retryBaseMs: number;
  /** How long an asynchronous confirmation may take before it is reported as missing. */
  confirmationTimeoutMs: number;
  /** Connector API requests allowed per AccessToken in 30 s (Mews: 200); 0 lifts the limit. */
  connectorRequestLimit: number;
  /** Where Connector API general webhooks go (none when unset). */
  webhookUrl?: string;
  /** Where Connector API integration webhooks go (none when unset; may equal webhookUrl). */
  integrationWebhookUrl?: string;
}

export const DEFAULT_WORLD_OPTIONS: WorldOptions = {
  partner: {},
  journal: {},
  asyncDelayMs: 20,
  outboundTimeoutMs: 10_000,
  maxReplyBytes: 1024 * 1024,
  outboundPerHost: 64,
  bodyLimitBytes: 5 * 1024 * 1024,
  publicUrl: 'http://localhost:8080',
  deltaPushes: true,
  deltaDelayMs: 50,
  changeNotifications: true,
  pushBatchSize: 1000,
  pushConcurrency: 2,
  pushMaxAttempts: 5,
  retryBaseMs: 1000,
  confirmationTimeoutMs: 60_000,
  connectorRequestLimit: 200,
};

/** What caused calls: a scenario run and step, stamped on every journal entry made meanwhile. */
export interface CallContext {
  runId?: string;
  stepId?: string;
}

/**
 * One independent simulated Mews: hotel state, clock, journal, partner endpoints and background
 * tasks. A simulator can hold several, one per parallel test job.
 */
export class World {
  state: WorldState;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly tasks: Tasks;
  readonly faults = new Faults();
  readonly options: WorldOptions;
  /** Per-API state that is not hotel data (pending async messages, rate-limit windows, ...). */
  readonly apiState = new Map<string, unknown>();
  private readonly inFlight = new Set<OutboundCall>();
  private readonly changeListeners: ((change: WorldChange) => void)[] = [];
  private readonly closeHooks = new Map<string, () => void>();
  private context: CallContext = {};

  constructor(
    readonly name: string,
    private fixture: WorldFixture,
    options: Partial<WorldOptions> = {},
    clock: Clock = new SimClock(),
    /** Name of the world served without a /w/<name> prefix. */
    private readonly defaultName = name,
  ) {
    this.options = { ...DEFAULT_WORLD_OPTIONS, ...options, partner: { ...(options.partner ?? {}) } };
    this.clock = clock;
    this.state = this.newState(fixture);
    this.journal = new Journal(name, this.options.journal);
    this.tasks = new Tasks((task, err) => this.recordInternalError(task, err));
  }

  get fixtureData(): WorldFixture {
    return this.fixture;
  }

  /** Back to the fixture's state; the journal is kept (clear it separately). */
  reset(fixture: WorldFixture = this.fixture): void {
    this.fixture = fixture;
    this.state = this.newState(fixture);
    this.apiState.clear();
  }

  /** Listens to every change of hotel state, across resets. */
  onChange(listener: (change: WorldChange) => void): void {
    this.changeListeners.push(listener);
  }

  private newState(fixture: WorldFixture): WorldState {
    const state = new WorldState(fixture);
    state.on('change', (change) => {
      for (const listener of this.changeListeners) listener(change);
    });
    return state;
  }

  /** Per-API state, created on first use. */
  apiStateOf<T>(api: string, create: () => T): T {
    let s = this.apiState.get(api) as T | undefined;
    if (s === undefined) this.apiState.set(api, (s = create()));
    return s;
  }

  partnerUrl(operation: string): string | undefined {
    const explicit = this.options.partner.operations?.[operation];
    if (explicit) return explicit;
    const base = this.options.partner.baseUrl;
    return base ? `${base.replace(/\/+$/, '')}/${operation}` : undefined;
  }

  /** URL of a Mews-side operation of this world, as the partner must call it (responseUrl). */
  mewsUrl(path: string): string {
    const prefix = this.name === this.defaultName ? '' : `/w/${encodeURIComponent(this.name)}`;
    return `${this.options.publicUrl.replace(/\/+$/, '')}${prefix}${path}`;
  }

  setPartner(partner: PartnerEndpoints): void {
    this.options.partner = { ...partner };
  }

  currentContext(): CallContext {
    return this.context.runId || this.context.stepId ? { ...this.context } : {};
  }

  setContext(context: CallContext): void {
    this.context = { ...context };
  }

  record(entry: NewJournalEntry, approxBytes?: number) {
    return this.journal.record({ ...this.currentContext(), ...entry }, approxBytes);
  }

  trackOutbound(call: OutboundCall): () => void {
    this.inFlight.add(call);
    return () => this.inFlight.delete(call);
  }

  /** Runs at close, before the journal shuts; one hook per key (a later one replaces it). */
  onClose(key: string, hook: () => void): void {
    this.closeHooks.set(key, hook);
  }

  /** Stops background work; calls not yet answered are journaled as unsent, so nothing is lost. */
  close(): void {
    for (const hook of this.closeHooks.values()) hook();
    const cancelled = this.tasks.close();
    for (const call of this.inFlight) {
      this.journal.record(unsentEntry(this, call, maskCardData(call.body), 'unsent: the simulator shut down while the call was in flight'));
    }
    if (cancelled > 0) {
      this.journal.record({
        time: this.clock.now().toISOString(),
        direction: 'outbound',
        api: 'admin',
        operation: 'shutdown',
        method: '-',
        url: '',
        status: 0,
        request: { body: { cancelledTasks: cancelled } },
        durationMs: 0,
        findings: [{ severity: 'warning', kind: 'unsent', message: `${cancelled} scheduled call(s) were not sent before shutdown` }],
        failure: 'unsent: shutdown',
      });
    }
    this.journal.close();
  }

  private recordInternalError(task: string, err: unknown): void {
    let time: string;
    try {
      time = this.clock.now().toISOString();
    } catch {
      time = new Date().toISOString();
    }
    this.journal.record({
      time,
      direction: 'outbound',
      api: 'admin',
      operation: task,
      method: '-',
      url: '',
      status: 0,
      request: { body: null },
      durationMs: 0,
      findings: [{ severity: 'error', kind: 'internal', message: `background task failed: ${(err as Error).message ?? String(err)}` }],
      failure: 'internal error',
    });
  }
}
