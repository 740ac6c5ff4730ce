import { Journal, type JournalOptions } from '../journal/journal.js';
import type { NewJournalEntry } from '../journal/entry.js';
import { WorldState } from '../world/state.js';
import type { WorldFixture } from '../world/schema.js';
import { SimClock, type Clock } from './clock.js';
import type { OutboundCall } from './outbound.js';
import { Tasks } from './tasks.js';

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
  bodyLimitBytes: number;
}

export const DEFAULT_WORLD_OPTIONS: WorldOptions = {
  partner: {},
  journal: {},
  asyncDelayMs: 20,
  outboundTimeoutMs: 10_000,
  bodyLimitBytes: 5 * 1024 * 1024,
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
  readonly options: WorldOptions;
  /** Per-API state that is not hotel data (pending async messages, rate-limit windows, ...). */
  readonly apiState = new Map<string, unknown>();
  private readonly inFlight = new Set<OutboundCall>();
  private context: CallContext = {};

  constructor(
    readonly name: string,
    private fixture: WorldFixture,
    options: Partial<WorldOptions> = {},
    clock: Clock = new SimClock(),
  ) {
    this.options = { ...DEFAULT_WORLD_OPTIONS, ...options, partner: { ...(options.partner ?? {}) } };
    this.clock = clock;
    this.state = new WorldState(fixture);
    this.journal = new Journal(name, this.options.journal);
    this.tasks = new Tasks((task, err) => this.recordInternalError(task, err));
  }

  get fixtureData(): WorldFixture {
    return this.fixture;
  }

  /** Back to the fixture's state; the journal is kept (clear it separately). */
  reset(fixture: WorldFixture = this.fixture): void {
    this.fixture = fixture;
    this.state = new WorldState(fixture);
    this.apiState.clear();
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

  setPartner(partner: PartnerEndpoints): void {
    this.options.partner = { ...partner };
  }

  currentContext(): CallContext {
    return this.context.runId || this.context.stepId ? { ...this.context } : {};
  }

  setContext(context: CallContext): void {
    this.context = { ...context };
  }

  record(entry: NewJournalEntry) {
    return this.journal.record({ ...this.currentContext(), ...entry });
  }

  trackOutbound(call: OutboundCall): () => void {
    this.inFlight.add(call);
    return () => this.inFlight.delete(call);
  }

  /** Stops background work; calls not yet answered are journaled as unsent, so nothing is lost. */
  close(): void {
    const cancelled = this.tasks.close();
    for (const call of this.inFlight) {
      this.journal.record({
        time: this.clock.now().toISOString(),
        direction: 'outbound',
        api: call.api,
        operation: call.operation,
        method: 'POST',
        url: call.url ?? '',
        connection: call.connection,
        status: 0,
        messageId: call.messageId,
        request: { body: call.body },
        durationMs: 0,
        findings: [],
        failure: 'unsent: the simulator shut down while the call was in flight',
      });
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
    this.journal.record({
      time: this.clock.now().toISOString(),
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
