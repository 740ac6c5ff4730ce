import type { z } from 'zod';
import type { JournalEntry } from '../journal/entry.js';
import { CONNECTOR_OPERATIONS } from '../connector/operations/index.js';
import type { ReviewDeclaration } from './declaration.js';
import { bodyOf, EvidenceList, excerptOf } from './evidence.js';
import { FACTS } from './facts.generated.js';
import type { CriterionResult, Evidence, OperationStats, ReviewResult, ReviewSeverity } from './types.js';

/**
 * The reviewer: one pass over the journal, in order, keeping only counters, bounded evidence and
 * short sliding windows, so a journal of any length is reviewed in constant memory. Frequencies are
 * per hour of *simulated* time (the entries' `time`), so a run of minutes with the clock advanced
 * through /_sim/clock is judged like the 48-hour certification run.
 */
export interface ReviewOptions {
  /** Requests allowed per AccessToken in 30 s (guidelines/environments.md: 200 on demo). */
  requestLimit?: number;
  /** Warnings about the journal itself (e.g. entries the simulator evicted), shown with the coverage. */
  warnings?: string[];
}

const HOUR = 3_600_000;
/** A calm poller may resync every 30 minutes (use-cases/revenue-management.md). */
const MAX_POLLS_PER_HOUR = 2;
/** Static data: once at setup and a few times a day is caching; more is re-reading. */
const STATIC_READS_PER_DAY = 4;
/** How long after a webhook a fetch of what it announced counts as prompted by it. */
const WEBHOOK_REACTION_MS = 5 * 60_000;
const REPEAT_WINDOW_MS = 10_000;
const BURST_SHARE = 0.8;
/** The longest time interval most filters accept (guidelines/serialization.md, operation pages: 3 months). */
const INTERVAL_LIMIT_DAYS = 89;
/** Data older than this is past any editable history window worth re-reading. */
const HISTORY_MS = 30 * 24 * HOUR;
const MIN_HOURS_FOR_FREQUENCY = 2;
const CERTIFICATION_HOURS = 48;
const RETRYABLE = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

interface OpShape {
  keys: Set<string>;
  paged: boolean;
}
const SHAPES = new Map<string, OpShape>(
  CONNECTOR_OPERATIONS.map((op) => {
    const shape = (op.request as unknown as z.ZodObject).shape ?? {};
    const keys = new Set(Object.keys(shape));
    return [op.path, { keys, paged: keys.has('Limitation') }];
  }),
);

const POLLED_BY = new Map<string, string[]>();
for (const [event, { operation }] of Object.entries(FACTS.webhookEvents)) POLLED_BY.set(operation, [...(POLLED_BY.get(operation) ?? []), event]);
const STATIC_OPERATIONS = new Set<string>(FACTS.staticOperations.operations);
const DEPRECATED_OPERATIONS = new Map<string, { replacement: string; discontinued: string | null }>(FACTS.deprecatedOperations.map((d) => [d.operation, d]));
const DEPRECATED_FIELDS = new Map<string, { field: string; replacement: string; discontinued: string | null }[]>();
for (const d of FACTS.deprecatedFields) {
  for (const op of d.operations) for (const field of d.fields) DEPRECATED_FIELDS.set(op, [...(DEPRECATED_FIELDS.get(op) ?? []), { field, replacement: d.replacement, discontinued: d.discontinued }]);
}

type Body = Record<string, unknown>;
const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
/** "Name 1.2.3" (guidelines/requests.md: name and version of the client application). */
const CLIENT_FORMAT = /^\S.*\s+v?\d+(\.\d+)*[-+.\w]*$/;

interface ErrorGroup {
  operation: string;
  status: number;
  cause: string;
  count: number;
  lastSeq: number;
  evidence: EvidenceList;
  resolved: boolean;
}

interface OpState {
  calls: number;
  errors: number;
  firstPages: number;
  lastOkSeq: number;
  /** Retryable failures in a row, and the gaps between them. */
  failStreak: number;
  lastFailMs: number;
  lastGapMs: number;
  gapsGrew: boolean;
}

export class Reviewer {
  private readonly declared: Map<string, ReviewDeclaration['operations'][number]>;
  private readonly tokens?: Set<string>;
  private readonly limit: number;
  private readonly sourceWarnings: string[];
  private entries = 0;
  private calls = 0;
  private webhooks = 0;
  private firstMs = Infinity;
  private lastMs = -Infinity;
  private firstIso?: string;
  private lastIso?: string;
  private readonly ops = new Map<string, OpState>();
  private readonly firstEvidence = new Map<string, Evidence>();

  private readonly undeclared = new EvidenceList();
  private readonly undeclaredOps = new Set<string>();
  private readonly errorGroups = new Map<string, ErrorGroup>();
  private readonly unauthorized = new Map<string, { count: number; evidence: EvidenceList }>();
  private readonly tooMany = new EvidenceList();
  private readonly retryAfterIgnored = new EvidenceList();
  /** AccessToken → simulated ms before which it should not call again. */
  private readonly blockedUntil = new Map<string, number>();
  private readonly noBackoff = new EvidenceList();
  private readonly polls = new EvidenceList();
  private pollsAfterSetup = 0;
  private readonly staticReads = new EvidenceList();
  private readonly staticByOp = new Map<string, number>();
  private readonly lastWebhookMs = new Map<string, number>();
  private readonly repeats = new EvidenceList();
  private readonly recent = new Map<string, { ms: number; ok: boolean }>();
  private recentOrder: { key: string; ms: number }[] = [];
  private recentHead = 0;
  private readonly bursts = new EvidenceList();
  private readonly windows = new Map<string, { times: number[]; head: number; flaggedUntil: number }>();
  private readonly deprecated = new EvidenceList();
  private readonly deprecatedWhat = new Set<string>();
  private deprecatedDiscontinued = false;
  private readonly unusedExtents = new EvidenceList();
  private readonly manyExtents = new EvidenceList();
  private readonly limitation = new EvidenceList();
  private readonly intervals = new EvidenceList();
  private readonly clientFormat = new EvidenceList();
  private readonly clients = new Set<string>();
  private readonly badClients: string[] = [];
  private readonly languageCulture = new EvidenceList();
  private readonly scopeValues = { ServiceIds: new Set<string>(), EnterpriseIds: new Set<string>() };
  private readonly unscoped = { ServiceIds: new EvidenceList(), EnterpriseIds: new EvidenceList() };
  private readonly historyPulls = new Map<string, number>();
  private readonly historyRepeats = new EvidenceList();

  constructor(
    private readonly declaration: ReviewDeclaration,
    options: ReviewOptions = {},
  ) {
    this.declared = new Map(declaration.operations.map((o) => [o.operation, o]));
    this.tokens = declaration.accessTokens ? new Set(declaration.accessTokens) : undefined;
    this.limit = options.requestLimit ?? 200;
    this.sourceWarnings = options.warnings ?? [];
  }

  add(entry: JournalEntry): void {
    this.entries++;
    if (entry.api !== 'connector') return;
    const ms = Date.parse(entry.time);
    if (entry.direction === 'outbound') {
      if (entry.operation === 'generalWebhook' && entry.status >= 200 && entry.status < 300) this.webhookDelivered(entry, ms);
      return;
    }
    const body = bodyOf(entry);
    const token = typeof body.AccessToken === 'string' ? body.AccessToken : (entry.connection ?? '');
    if (this.tokens && !this.tokens.has(token)) return;
    this.calls++;
    if (ms < this.firstMs) {
      this.firstMs = ms;
      this.firstIso = entry.time;
    }
    if (ms >= this.lastMs) {
      this.lastMs = ms;
      this.lastIso = entry.time;
    }
    // Calls to paths the simulator does not serve are journaled under their full path.
    const op = entry.operation.replace(/^\/api\/connector\/v1\//, '');
    const ok = entry.status >= 200 && entry.status < 300;
    const state = this.opState(op);
    state.calls++;
    if (!this.firstEvidence.has(op)) this.firstEvidence.set(op, { id: entry.id, time: entry.time, excerpt: excerptOf(entry) });
    const firstPage = !(isObject(body.Limitation) && body.Limitation.Cursor);
    if (firstPage) state.firstPages++;

    this.checkDeclared(entry, op);
    this.checkRetryAfter(entry, token, ms);
    this.checkBurst(entry, token, ms);
    this.checkRepeat(entry, op, body, ms, ok);
    if (firstPage) this.checkFrequency(entry, op, body, ms);
    this.checkFormat(entry, op, body, ms);
    this.checkScope(entry, op, body);
    this.checkHistory(entry, op, body, ms);

    if (ok) {
      state.lastOkSeq = entry.seq;
      state.failStreak = 0;
      for (const group of this.errorGroups.values()) if (group.operation === op && !group.resolved && group.lastSeq < entry.seq) group.resolved = true;
    } else {
      state.errors++;
      this.recordError(entry, op, body, token, ms, state);
    }
  }

  private opState(op: string): OpState {
    let s = this.ops.get(op);
    if (!s) this.ops.set(op, (s = { calls: 0, errors: 0, firstPages: 0, lastOkSeq: 0, failStreak: 0, lastFailMs: 0, lastGapMs: 0, gapsGrew: true }));
    return s;
  }

  private webhookDelivered(entry: JournalEntry, ms: number): void {
    this.webhooks++;
    const events = isObject(entry.request?.body) ? entry.request.body.Events : undefined;
    if (!Array.isArray(events)) return;
    for (const e of events) if (isObject(e) && typeof e.Discriminator === 'string') this.lastWebhookMs.set(e.Discriminator, ms);
  }

  private checkDeclared(entry: JournalEntry, op: string): void {
    if (this.declared.has(op)) return;
    this.undeclaredOps.add(op);
    this.undeclared.add(entry);
  }

  private recordError(entry: JournalEntry, op: string, body: Body, token: string, ms: number, state: OpState): void {
    const message = isObject(entry.response?.body) && typeof entry.response.body.Message === 'string' ? entry.response.body.Message : (entry.failure ?? `HTTP ${entry.status}`);
    // The cause without the ids and numbers that differ from call to call.
    const cause = message.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, '<id>').replace(/\d+/g, 'N').slice(0, 140);
    const key = `${op}|${entry.status}|${cause}`;
    let group = this.errorGroups.get(key);
    if (!group) this.errorGroups.set(key, (group = { operation: op, status: entry.status, cause, count: 0, lastSeq: 0, evidence: new EvidenceList(), resolved: false }));
    group.count++;
    group.lastSeq = entry.seq;
    group.resolved = false;
    group.evidence.add(entry);
    if (entry.status === 401) {
      let u = this.unauthorized.get(token);
      if (!u) this.unauthorized.set(token, (u = { count: 0, evidence: new EvidenceList() }));
      u.count++;
      u.evidence.add(entry);
    }
    if (entry.status === 429) {
      this.tooMany.add(entry);
      const header = entry.response?.headers?.['retry-after'];
      const seconds = Number(header ?? /(\d+) seconds/.exec(message)?.[1] ?? 1);
      this.blockedUntil.set(token, ms + Math.max(1, Number.isFinite(seconds) ? seconds : 1) * 1000);
    }
    if (RETRYABLE(entry.status)) {
      if (state.failStreak > 0) {
        const gap = ms - state.lastFailMs;
        if (state.failStreak >= 2 && gap <= state.lastGapMs) state.gapsGrew = false;
        state.lastGapMs = gap;
      }
      state.failStreak++;
      state.lastFailMs = ms;
      if (state.failStreak >= 3 && !state.gapsGrew) {
        this.noBackoff.add(entry, `failure ${state.failStreak} in a row, ${Math.round(state.lastGapMs / 1000)} s after the previous one`);
        state.gapsGrew = true;
      }
    }
    void body;
  }

  private checkRetryAfter(entry: JournalEntry, token: string, ms: number): void {
    const until = this.blockedUntil.get(token);
    if (until === undefined) return;
    if (ms < until) this.retryAfterIgnored.add(entry, `sent ${Math.ceil((until - ms) / 1000)} s before Retry-After allowed`);
    else this.blockedUntil.delete(token);
  }

  private checkBurst(entry: JournalEntry, token: string, ms: number): void {
    let w = this.windows.get(token);
    if (!w) this.windows.set(token, (w = { times: [], head: 0, flaggedUntil: -Infinity }));
    w.times.push(ms);
    while (w.times[w.head] <= ms - 30_000) w.head++;
    if (w.head > 1024) {
      w.times = w.times.slice(w.head);
      w.head = 0;
    }
    const inWindow = w.times.length - w.head;
    if (inWindow >= Math.ceil(this.limit * BURST_SHARE) && ms >= w.flaggedUntil) {
      this.bursts.add(entry, `${inWindow} requests in 30 s (limit ${this.limit})`);
      w.flaggedUntil = ms + 30_000;
    }
  }

  private checkRepeat(entry: JournalEntry, op: string, body: Body, ms: number, ok: boolean): void {
    const rest: Body = {};
    for (const [k, v] of Object.entries(body)) if (k !== 'ClientToken' && k !== 'AccessToken' && k !== 'Client') rest[k] = v;
    const key = `${op}|${body.AccessToken}|${JSON.stringify(rest)}`;
    const before = this.recent.get(key);
    // A repeat after a failure is a retry (judged under errors and backoff), not a wasted call.
    if (before && before.ok && ms - before.ms <= REPEAT_WINDOW_MS) this.repeats.add(entry, `same request ${Math.round((ms - before.ms) / 1000)} s after the previous one`);
    this.recent.set(key, { ms, ok });
    this.recentOrder.push({ key, ms });
    while (this.recentHead < this.recentOrder.length && this.recentOrder[this.recentHead].ms < ms - REPEAT_WINDOW_MS) {
      const old = this.recentOrder[this.recentHead++];
      if (this.recent.get(old.key)?.ms === old.ms) this.recent.delete(old.key);
    }
    if (this.recentHead > 1024) {
      this.recentOrder = this.recentOrder.slice(this.recentHead);
      this.recentHead = 0;
    }
  }

  private checkFrequency(entry: JournalEntry, op: string, body: Body, ms: number): void {
    const events = POLLED_BY.get(op);
    if (events) {
      const targeted = Object.entries(body).some(([k, v]) => k.endsWith('Ids') && k !== 'EnterpriseIds' && k !== 'ServiceIds' && Array.isArray(v) && v.length > 0);
      const prompted = events.some((e) => ms - (this.lastWebhookMs.get(e) ?? -Infinity) <= WEBHOOK_REACTION_MS);
      if (!targeted && !prompted) {
        // The first hour is the initial pull; sweeps after it are polling.
        if (ms - this.firstMs >= HOUR) {
          this.pollsAfterSetup++;
          this.polls.add(entry, `no ${events.join('/')} webhook came before it`);
        }
      }
    }
    if (STATIC_OPERATIONS.has(op)) {
      this.staticByOp.set(op, (this.staticByOp.get(op) ?? 0) + 1);
      if ((this.staticByOp.get(op) ?? 0) > 1) this.staticReads.add(entry, `read ${this.staticByOp.get(op)} times so far`);
    }
  }

  private checkFormat(entry: JournalEntry, op: string, body: Body, ms: number): void {
    const deprecatedOp = DEPRECATED_OPERATIONS.get(op);
    if (deprecatedOp) this.markDeprecated(entry, op, deprecatedOp.replacement, deprecatedOp.discontinued, ms);
    for (const d of DEPRECATED_FIELDS.get(op) ?? []) {
      const [top, sub] = d.field.split('.');
      const value = sub ? (isObject(body[top]) ? body[top][sub] : undefined) : body[top];
      if (value !== undefined && value !== null && value !== false) this.markDeprecated(entry, `${op} ${d.field}`, d.replacement, d.discontinued, ms);
    }
    for (const f of entry.findings ?? []) if (f.kind === 'deprecated-field') this.markDeprecated(entry, `${op} ${f.path ?? ''}`.trim(), f.message, null, ms);

    if (isObject(body.Extent)) {
      const wanted = Object.entries(body.Extent).filter(([, v]) => v === true).map(([k]) => k);
      const declared = this.declared.get(op)?.extents ?? [];
      const unused = wanted.filter((k) => !declared.includes(k));
      if (unused.length && this.declared.has(op)) this.unusedExtents.add(entry, `extents ${unused.join(', ')} not among those declared as read`);
      if (wanted.length > 1) this.manyExtents.add(entry, `${wanted.length} extents in one call`);
    }
    const shape = SHAPES.get(op);
    if (shape?.paged) {
      const lim = body.Limitation;
      if (!isObject(lim)) this.limitation.add(entry, 'no Limitation');
      else if (typeof lim.Count !== 'number' || lim.Count > 1000 || lim.Count < 1) this.limitation.add(entry, `Limitation.Count ${JSON.stringify(lim.Count)} (1 to 1000)`);
    }
    for (const [k, v] of Object.entries(body)) {
      if (!isObject(v) || typeof v.StartUtc !== 'string' || typeof v.EndUtc !== 'string') continue;
      const days = (Date.parse(v.EndUtc) - Date.parse(v.StartUtc)) / (24 * HOUR);
      if (days >= INTERVAL_LIMIT_DAYS) this.intervals.add(entry, `${k} spans ${Math.round(days)} days`);
    }
    const client = body.Client;
    if (typeof client === 'string' && !this.clients.has(client)) {
      this.clients.add(client);
      if (!CLIENT_FORMAT.test(client)) {
        this.clientFormat.add(entry, `Client ${JSON.stringify(client.slice(0, 60))}`);
        if (this.badClients.length < 5) this.badClients.push(JSON.stringify(client.slice(0, 60)));
      }
    }
    if ((body.LanguageCode == null) !== (body.CultureCode == null)) this.languageCulture.add(entry, body.LanguageCode == null ? 'CultureCode without LanguageCode' : 'LanguageCode without CultureCode');
  }

  private markDeprecated(entry: JournalEntry, what: string, replacement: string, discontinued: string | null, ms: number): void {
    if (discontinued && Date.parse(discontinued) <= ms) this.deprecatedDiscontinued = true;
    if (!this.deprecatedWhat.has(what)) {
      this.deprecatedWhat.add(what);
      this.deprecated.add(entry, `${what}: ${replacement}${discontinued ? ` (discontinued ${discontinued})` : ''}`);
    } else this.deprecated.count++;
  }

  private checkScope(entry: JournalEntry, op: string, body: Body): void {
    const keys = SHAPES.get(op)?.keys;
    for (const field of ['ServiceIds', 'EnterpriseIds'] as const) {
      const v = body[field];
      if (Array.isArray(v)) {
        for (const id of v) if (typeof id === 'string') this.scopeValues[field].add(id);
        // Once the integration has named its service (or enterprise), an unscoped call reads more than it needs.
      } else if (keys?.has(field) && entry.status < 400 && this.scopeValues[field].size > 0) this.unscoped[field].add(entry, `no ${field}`);
    }
  }

  private checkHistory(entry: JournalEntry, op: string, body: Body, ms: number): void {
    for (const [k, v] of Object.entries(body)) {
      if (!isObject(v) || typeof v.EndUtc !== 'string' || typeof v.StartUtc !== 'string') continue;
      if (Date.parse(v.EndUtc) > ms - HISTORY_MS) continue;
      if (isObject(body.Limitation) && body.Limitation.Cursor) continue;
      const key = `${op}|${k}|${v.StartUtc}|${v.EndUtc}`;
      const n = (this.historyPulls.get(key) ?? 0) + 1;
      this.historyPulls.set(key, n);
      if (n > 1) this.historyRepeats.add(entry, `${k} ${v.StartUtc.slice(0, 10)}…${v.EndUtc.slice(0, 10)} pulled ${n} times`);
    }
  }

  finish(): ReviewResult {
    const hours = this.calls ? Math.max(0, this.lastMs - this.firstMs) / HOUR : 0;
    const warnings: string[] = [...this.sourceWarnings];
    if (this.calls === 0) warnings.push('The journal has no Connector API calls to review (check --access-token filters and the journal source).');
    else if (hours < CERTIFICATION_HOURS * 0.97) {
      warnings.push(
        `The calls cover ${hours.toFixed(1)} h of simulated time; the certification reviews 48 h. Advance the simulated clock (POST /_sim/clock {"advanceMs": ...}) while the integration runs to rehearse the whole period.`,
      );
    }
    const judgeFrequency = hours >= MIN_HOURS_FOR_FREQUENCY;
    const findings: CriterionResult[] = [];
    const add = (r: Omit<CriterionResult, 'count' | 'evidence'> & { list?: EvidenceList; count?: number; evidence?: Evidence[] }) => {
      const { list, ...rest } = r;
      findings.push({ ...rest, count: r.count ?? list?.count ?? 0, evidence: r.evidence ?? list?.items ?? [] });
    };
    const verdictOf = (failed: boolean) => (failed ? 'fail' : 'pass') as 'fail' | 'pass';
    const tooShort = `Not judged: ${hours.toFixed(1)} h of simulated time is too short; at least ${MIN_HOURS_FOR_FREQUENCY} h are needed.`;

    // Workflow: declared operations against those used.
    add({
      id: 'undeclared-operations',
      title: 'Operations used match the declaration',
      severity: 'blocking',
      status: verdictOf(this.undeclaredOps.size > 0),
      message: this.undeclaredOps.size ? `Called but not declared: ${[...this.undeclaredOps].sort().join(', ')}.` : 'Every operation called is declared.',
      fixHint: 'Declare each operation with its purpose on the certification form, or stop calling it.',
      list: this.undeclared,
      source: 'your-journey/certification.md',
    });
    const unused = [...this.declared.keys()].filter((op) => !this.ops.has(op)).sort();
    add({
      id: 'unused-declared-operations',
      title: 'Declared operations are used',
      severity: 'should-fix',
      status: verdictOf(unused.length > 0),
      message: unused.length ? `Declared but never called: ${unused.join(', ')}.` : 'Every declared operation was called.',
      fixHint: 'Remove operations you do not use from the declaration (they widen the permissions asked for), or exercise them during the run.',
      count: unused.length,
      source: 'your-journey/certification.md',
    });
    const useCaseOps = new Set(this.declaration.useCases.flatMap((u) => (FACTS.useCases as Record<string, { operations: string[] }>)[u]?.operations ?? []));
    const missing = [...useCaseOps].filter((op) => !this.ops.has(op)).sort();
    add({
      id: 'use-case-coverage',
      title: 'Flow matches the declared use case',
      severity: 'info',
      status: this.declaration.useCases.length === 0 ? 'not-judged' : 'pass',
      message: this.declaration.useCases.length === 0 ? 'No use case declared.' : missing.length ? `The use case also names: ${missing.join(', ')} (a different flow is allowed; the reviewers will ask why).` : 'Every operation the use case names was called.',
      count: missing.length,
      source: this.declaration.useCases.map((u) => `use-cases/${u}.md`).join(', ') || 'use-cases/README.md',
    });
    const outside = [...this.ops.keys()].filter((op) => this.declaration.useCases.length && !useCaseOps.has(op)).sort();
    add({
      id: 'outside-use-case',
      title: 'Operations outside the use case have a declared purpose',
      severity: 'info',
      status: 'pass',
      message: outside.length ? `Not named by the use case: ${outside.map((op) => `${op} (${this.declared.get(op)?.purpose ?? 'undeclared'})`).join('; ')}.` : 'Every operation called is named by the use case.',
      count: outside.length,
      evidence: outside.map((op) => this.firstEvidence.get(op)!).slice(0, 5),
      source: 'your-journey/certification.md',
    });

    // Errors, grouped by cause.
    const groups = [...this.errorGroups.values()];
    const unresolved = groups.filter((g) => !g.resolved);
    add({
      id: 'errors',
      title: 'Errors are resolved by later calls',
      severity: 'blocking',
      status: verdictOf(unresolved.length > 0),
      message: groups.length
        ? `${groups.reduce((n, g) => n + g.count, 0)} error answers in ${groups.length} causes; ${unresolved.length} unresolved (the operation never succeeded after them).`
        : 'No error answers.',
      fixHint: 'Read the error Message, correct the request (parameters, permissions) and check the next call succeeds; log the RequestId.',
      count: unresolved.length,
      evidence: unresolved.flatMap((g) => g.evidence.items.slice(0, 2)).slice(0, 5),
      details: groups.map((g) => `${g.resolved ? 'resolved' : 'UNRESOLVED'} ×${g.count} ${g.operation} HTTP ${g.status}: ${g.cause}`),
      source: 'guidelines/responses.md',
    });
    const persistent401 = [...this.unauthorized.values()].filter((u) => u.count > 3);
    add({
      id: 'unauthorized',
      title: 'Stops calling after 401 (token disabled or invalid)',
      severity: 'blocking',
      status: verdictOf(persistent401.length > 0),
      message: persistent401.length ? `Kept calling with a rejected token: ${persistent401.map((u) => u.count).join(', ')} answers of 401.` : `${[...this.unauthorized.values()].reduce((n, u) => n + u.count, 0)} answers of 401, none repeated.`,
      fixHint: 'On 401 stop using the AccessToken and wait for the integration webhook (IntegrationEnabled / ApiKeyCreated) before calling again.',
      count: persistent401.reduce((n, u) => n + u.count, 0),
      evidence: persistent401.flatMap((u) => u.evidence.items).slice(0, 5),
      source: 'events/wh-integration.md',
    });
    const allowed429 = Math.max(2, Math.floor(hours / 24));
    add({
      id: 'rate-limited',
      title: 'Stays under the request limit (429)',
      severity: 'should-fix',
      status: verdictOf(this.tooMany.count > allowed429),
      message: `${this.tooMany.count} answers of 429 Too Many Requests.`,
      fixHint: 'Spread the calls, cache, and rate-limit on the client side so the limit is never reached.',
      list: this.tooMany,
      source: 'guidelines/requests.md',
    });
    add({
      id: 'retry-after',
      title: 'Waits for Retry-After after a 429',
      severity: 'blocking',
      status: verdictOf(this.retryAfterIgnored.count > 0),
      message: this.retryAfterIgnored.count ? `${this.retryAfterIgnored.count} requests sent before the Retry-After of a 429 had passed.` : 'No request came before a Retry-After had passed.',
      fixHint: 'After a 429 send nothing with that AccessToken until the Retry-After header has passed; fall back to exponential backoff without it.',
      list: this.retryAfterIgnored,
      source: 'guidelines/requests.md',
    });
    add({
      id: 'backoff',
      title: 'Backs off after errors and timeouts',
      severity: 'should-fix',
      status: verdictOf(this.noBackoff.count > 0),
      message: this.noBackoff.count ? `${this.noBackoff.count} runs of 3 or more retryable failures whose retries did not space out.` : 'Retries after failures spaced out (or there were none).',
      fixHint: 'Retry 408, 429, 5xx and timeouts with a progressively longer wait; a fixed pause is never recommended.',
      list: this.noBackoff,
      source: 'guidelines/requests.md',
    });

    // Frequency, per simulated hour.
    const pollHours = Math.max(hours - 1, 0);
    const pollRate = pollHours > 0 ? this.pollsAfterSetup / pollHours : 0;
    add({
      id: 'polling',
      title: 'Uses webhooks instead of polling',
      severity: 'blocking',
      status: judgeFrequency ? verdictOf(pollRate > MAX_POLLS_PER_HOUR) : 'not-judged',
      message: judgeFrequency
        ? `${pollRate.toFixed(1)} unprompted sweeps per hour of operations a webhook announces (after the first hour; at most ${MAX_POLLS_PER_HOUR} per hour expected).`
        : tooShort,
      fixHint: 'Subscribe to general webhooks (ServiceOrderUpdated, ResourceUpdated, ...) and fetch only the ids an event names; resync at most every 30 minutes.',
      list: this.polls,
      count: this.pollsAfterSetup,
      source: 'guidelines/best-practices.md, events/wh-general.md',
    });
    const staticAllowed = 1 + Math.ceil((hours / 24) * STATIC_READS_PER_DAY);
    const overRead = [...this.staticByOp.entries()].filter(([, n]) => n > staticAllowed);
    add({
      id: 'static-data',
      title: 'Caches static data',
      severity: 'should-fix',
      status: judgeFrequency ? verdictOf(overRead.length > 0) : 'not-judged',
      message: judgeFrequency
        ? overRead.length
          ? `Re-read instead of cached: ${overRead.map(([op, n]) => `${op} ${n} times (${(n / hours).toFixed(1)}/h)`).join(', ')}; at most ${staticAllowed} reads expected over ${hours.toFixed(1)} h.`
          : 'Static data was read a few times at most.'
        : tooShort,
      fixHint: 'Cache configuration, services, categories, products and business segments; refresh them a few times a day or when a call names an id you do not know.',
      list: this.staticReads,
      count: overRead.reduce((n, [, c]) => n + c, 0),
      source: 'guidelines/best-practices.md',
    });
    add({
      id: 'repeated-requests',
      title: 'Does not repeat the same request within seconds',
      severity: 'should-fix',
      status: verdictOf(this.repeats.count > 0),
      message: this.repeats.count ? `${this.repeats.count} identical requests sent within ${REPEAT_WINDOW_MS / 1000} s of a successful one.` : 'No identical request repeated within seconds.',
      fixHint: 'Keep the answer of a request for at least 30–60 seconds; batch the ids of several webhooks into one call.',
      list: this.repeats,
      source: 'guidelines/best-practices.md',
    });
    add({
      id: 'bursts',
      title: 'No bursts near the request limit',
      severity: 'should-fix',
      status: verdictOf(this.bursts.count > 0),
      message: this.bursts.count ? `${this.bursts.count} windows of 30 s with ${Math.round(BURST_SHARE * 100)}% or more of the ${this.limit}-request limit.` : `No 30-second window came near the ${this.limit}-request limit.`,
      fixHint: 'Throttle on the client side (a sliding 30-second window) well below the limit.',
      list: this.bursts,
      source: 'guidelines/requests.md',
    });
    const perHour = hours > 0 ? this.calls / hours / this.declaration.expectedLoad.enterprises : 0;
    add({
      id: 'expected-load',
      title: 'Load matches the declared load',
      // The form's expected load tells Mews what to plan for; the frequency criteria judge whether the calls are needed.
      severity: 'info',
      status: judgeFrequency ? verdictOf(perHour > this.declaration.expectedLoad.requestsPerHour * 1.5) : 'not-judged',
      message: judgeFrequency ? `${perHour.toFixed(1)} requests per hour per enterprise; ${this.declaration.expectedLoad.requestsPerHour} declared.` : tooShort,
      fixHint: 'Declare the load you really send, or reduce it.',
      count: this.calls,
      source: 'guidelines/best-practices.md',
    });

    // Formatting.
    add({
      id: 'deprecated',
      title: 'No deprecated operations or fields',
      severity: this.deprecatedDiscontinued ? 'blocking' : 'should-fix',
      status: verdictOf(this.deprecated.count > 0),
      message: this.deprecatedWhat.size ? `Deprecated: ${[...this.deprecatedWhat].sort().join('; ')}.` : 'Nothing deprecated was used.',
      fixHint: 'Move to the replacement named in the docs\u2019 deprecation list (see the migration guides).',
      list: this.deprecated,
      source: 'deprecations/README.md',
    });
    add({
      id: 'unused-extents',
      title: 'Requests only the extents it reads',
      severity: 'should-fix',
      status: verdictOf(this.unusedExtents.count > 0),
      message: this.unusedExtents.count ? `${this.unusedExtents.count} calls requested extents not declared as read.` : 'Every extent requested is declared as read.',
      fixHint: 'Set the extents you do not read to false (or leave them out); declare in `extents` those you read.',
      list: this.unusedExtents,
      source: 'guidelines/best-practices.md',
    });
    add({
      id: 'several-extents',
      title: 'One extent per call',
      severity: 'info',
      status: verdictOf(this.manyExtents.count > 0),
      message: this.manyExtents.count ? `${this.manyExtents.count} calls asked for several extents at once.` : 'No call asked for several extents.',
      fixHint: 'Make a separate call per extent.',
      list: this.manyExtents,
      source: 'guidelines/best-practices.md',
    });
    add({
      id: 'limitation',
      title: 'Pages with Limitation (Count 1–1000)',
      severity: 'should-fix',
      status: verdictOf(this.limitation.count > 0),
      message: this.limitation.count ? `${this.limitation.count} calls of paged operations without a valid Limitation.` : 'Every paged call had a Limitation.',
      fixHint: 'Send Limitation {Count ≤ 1000} and follow Cursor until it is null.',
      list: this.limitation,
      source: 'guidelines/pagination.md',
    });
    add({
      id: 'time-intervals',
      title: 'Time intervals below the limit',
      severity: 'should-fix',
      status: verdictOf(this.intervals.count > 0),
      message: this.intervals.count ? `${this.intervals.count} time-interval filters at the 3-month limit.` : 'No time interval at the limit.',
      fixHint: 'Ask for shorter intervals (weekly batches for reservations) to avoid 408 timeouts.',
      list: this.intervals,
      source: 'use-cases/revenue-management.md, guidelines/requests.md',
    });
    add({
      id: 'client-name',
      title: 'Client is "name version"',
      severity: 'should-fix',
      status: verdictOf(this.clientFormat.count > 0),
      message: this.clientFormat.count ? `Client values without a version: ${this.badClients.join(', ')}.` : `Client: ${[...this.clients].slice(0, 3).join(', ') || '(none)'}.`,
      fixHint: 'Send Client as the application name and version, e.g. "Acme RMS 2.4.1".',
      list: this.clientFormat,
      source: 'guidelines/requests.md',
    });
    add({
      id: 'language-culture',
      title: 'LanguageCode and CultureCode together',
      severity: 'should-fix',
      status: verdictOf(this.languageCulture.count > 0),
      message: this.languageCulture.count ? `${this.languageCulture.count} calls gave one of LanguageCode/CultureCode without the other (the defaults are then used).` : 'LanguageCode and CultureCode always came together or not at all.',
      fixHint: 'Send both or neither.',
      list: this.languageCulture,
      source: 'guidelines/requests.md',
    });

    // Filters.
    const scopeFail = (['ServiceIds', 'EnterpriseIds'] as const).filter((f) => this.scopeValues[f].size === 1 && this.unscoped[f].count > 0);
    add({
      id: 'scoping',
      title: 'Calls scoped to the enterprise and service worked on',
      severity: 'should-fix',
      status: verdictOf(scopeFail.length > 0),
      message: scopeFail.length
        ? scopeFail.map((f) => `${this.unscoped[f].count} calls without ${f}, though the integration works on one (${[...this.scopeValues[f]][0]})`).join('; ') + '.'
        : 'Calls that can be scoped are scoped consistently.',
      fixHint: 'Pass ServiceIds / EnterpriseIds wherever the operation accepts them: they define the permissions the integration needs in production.',
      count: scopeFail.reduce((n, f) => n + this.unscoped[f].count, 0),
      evidence: scopeFail.flatMap((f) => this.unscoped[f].items).slice(0, 5),
      source: 'guidelines/best-practices.md',
    });
    add({
      id: 'history-sweeps',
      title: 'History past the editable window is pulled once',
      severity: 'should-fix',
      status: verdictOf(this.historyRepeats.count > 0),
      message: this.historyRepeats.count ? `${this.historyRepeats.count} repeated pulls of intervals older than 30 days.` : 'Old history was pulled at most once per interval.',
      fixHint: 'Data past the editable history window cannot change: pull it once and keep it.',
      list: this.historyRepeats,
      source: 'guidelines/best-practices.md',
    });

    const failed = findings.some((f) => f.status === 'fail' && f.severity !== 'info');
    const operations: OperationStats[] = [...this.ops.entries()]
      .map(([operation, s]) => ({ operation, calls: s.calls, errors: s.errors, perHour: hours > 0 ? Math.round((s.calls / hours) * 10) / 10 : 0, declared: this.declared.has(operation) }))
      .sort((a, b) => b.calls - a.calls);
    return {
      integration: this.declaration.integration.name + (this.declaration.integration.version ? ` ${this.declaration.integration.version}` : ''),
      verdict: failed ? 'needs changes' : 'pass',
      coverage: { entries: this.entries, reviewedCalls: this.calls, webhooksDelivered: this.webhooks, firstCall: this.firstIso, lastCall: this.lastIso, simulatedHours: Math.round(hours * 100) / 100, warnings },
      findings,
      operations,
    };
  }
}

export type { ReviewSeverity };
