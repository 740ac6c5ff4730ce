import { dayOf, toIsoDate, type DayNumber } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Finding } from '../../journal/entry.js';
import type { Connection, WorldChange } from '../../world/state.js';
import { sendToPartner, type PartnerReply } from '../partner.js';
import { unsentEntry } from '../../engine/outbound-call.js';
import { cmState, type PendingPush } from '../state.js';
import { availabilityItems, dependentRates, priceItems, restrictionItems, syncedPairs, syncedSpaceTypes, type Pair } from './ari.js';
import { applyErrorConsequences, errorsOf } from './consequences.js';
import { KIND_INFO, PUSH_KINDS, type PushKind } from './kinds.js';

export interface PushSummary {
  connection: string;
  kind: PushKind;
  mode: 'full' | 'delta';
  messages: number;
  items: number;
  accepted: number;
  pendingConfirmation: number;
  failed: number;
  skipped?: string;
}

interface PushMessage {
  /** The items, each already JSON, joined with commas. */
  itemsJson: string;
  count: number;
  rates: string[];
  extra: Record<string, unknown>;
}

interface Dirty {
  availability: Map<string, [DayNumber, DayNumber]>;
  prices: Map<string, [DayNumber, DayNumber]>;
  restrictions: Map<string, [DayNumber, DayNumber]>;
}

/**
 * Mews's inventory pushes to the partner: full pushes for a date range, delta pushes of exactly
 * what changed, batching, retries with backoff until accepted, asynchronous confirmations with a
 * deadline, and the consequences of the partner's error codes.
 */
export class PushEngine {
  private readonly dirty = new Map<string, Dirty>();
  private flushScheduled = false;

  constructor(private readonly world: World) {
    world.onClose('channelManager:push', () => this.reportUnsent());
    cmState(world).on('confirmation', ({ push, errors }) => {
      push.cancelTimeout?.();
      const connection = world.state.connections.get(push.connectionToken);
      if (!connection || !errors.length) return;
      const findings = applyErrorConsequences(world, connection, kindOf(push.operation), errors, push.rates ?? []);
      if (findings.length) this.note(push.confirmWith, connection, findings);
    });
  }

  /** Full push of every synchronized rate × space pair for the days from..to (both included). */
  async pushFull(connection: Connection, from: string, to: string, kinds: readonly PushKind[] = PUSH_KINDS): Promise<PushSummary[]> {
    const out: PushSummary[] = [];
    for (const kind of kinds) out.push(await this.push(connection, kind, 'full', dayOf(from), dayOf(to)));
    return out;
  }

  /** Records a change of state; the delta goes out after deltaDelayMs, merged with other changes. */
  onChange(change: WorldChange): void {
    if (!this.world.options.deltaPushes || (change.type !== 'availability' && change.type !== 'prices' && change.type !== 'restrictions')) return;
    for (const connection of this.world.state.connections.values()) {
      if (connection.propertyId !== change.propertyId) continue;
      const d = this.dirtyOf(connection.token);
      const from = dayOf(change.from);
      // Availability changes end exclusively (the departure day); prices and restrictions give their last day.
      const to = Math.max(from, dayOf(change.to) - (change.type === 'availability' ? 1 : 0));
      const key = change.type === 'availability' ? change.spaceTypeCode : `${change.ratePlanCode}\u0000${change.spaceTypeCode}`;
      const map = d[change.type];
      const prev = map.get(key);
      map.set(key, prev ? [Math.min(prev[0], from), Math.max(prev[1], to)] : [from, to]);
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.world.tasks.schedule('delta', async () => void (await this.flush()), this.world.options.deltaDelayMs);
    }
  }

  /** Changes of one connection waiting for their delta push: scope (space, or rate/space) and days. */
  pendingDeltas(token: string): { kind: PushKind; scope: string; from: string; to: string }[] {
    const d = this.dirty.get(token);
    if (!d) return [];
    return PUSH_KINDS.flatMap((kind) => [...d[kind]].map(([key, [from, to]]) => ({ kind, scope: key.replace('\u0000', '/'), from: toIsoDate(from), to: toIsoDate(to) })));
  }

  /** Sends every pending delta now. */
  async flush(): Promise<PushSummary[]> {
    this.flushScheduled = false;
    const work = [...this.dirty.entries()];
    this.dirty.clear();
    const out: PushSummary[] = [];
    for (const [token, d] of work) {
      const connection = this.world.state.connections.get(token);
      if (!connection) continue;
      for (const kind of PUSH_KINDS) {
        const map = d[kind];
        if (!map.size) continue;
        const [from, to] = [...map.values()].reduce((a, b) => [Math.min(a[0], b[0]), Math.max(a[1], b[1])]);
        const scope = kind === 'availability' ? { spaces: [...map.keys()] } : { pairs: [...map.keys()].map(splitPair) };
        out.push(await this.push(connection, kind, 'delta', from, to, scope, map));
      }
    }
    return out;
  }

  private async push(
    connection: Connection,
    kind: PushKind,
    mode: 'full' | 'delta',
    from: DayNumber,
    to: DayNumber,
    scope: { spaces?: string[]; pairs?: Pair[] } = {},
    ranges?: Map<string, [DayNumber, DayNumber]>,
  ): Promise<PushSummary> {
    const summary: PushSummary = { connection: connection.token, kind, mode, messages: 0, items: 0, accepted: 0, pendingConfirmation: 0, failed: 0 };
    const skip = this.skipReason(connection, kind, mode);
    if (skip) return { ...summary, skipped: skip };
    const items = this.items(connection, kind, from, to, scope, ranges);
    const batchSize = Math.max(1, this.world.options.pushBatchSize);
    // Build the next batch while the previous one is on the wire: up to pushConcurrency in flight.
    // Items are serialized as they are made, so a batch is a few strings, not an object graph.
    const inFlight = new Set<Promise<void>>();
    let batch: string[] = [];
    let rates = new Set<string>();
    const sendBatch = async () => {
      const extra = kind === 'prices' && mode === 'full' && summary.messages === 0 ? { dependentRates: dependentRates(this.world, connection, from, to) } : {};
      const message: PushMessage = { itemsJson: batch.join(','), count: batch.length, rates: [...rates], extra };
      batch = [];
      rates = new Set();
      summary.messages++;
      summary.items += message.count;
      const sent = this.sendWithRetry(connection, kind, message).then((outcome) => {
        if (outcome === 'accepted') summary.accepted++;
        else if (outcome === 'pending') summary.pendingConfirmation++;
        else summary.failed++;
      });
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
      if (inFlight.size >= Math.max(1, this.world.options.pushConcurrency)) await Promise.race(inFlight);
    };
    for (const item of items) {
      batch.push(JSON.stringify(item));
      const rate = (item as { ratePlanCode?: string }).ratePlanCode;
      if (rate !== undefined) rates.add(rate);
      if (batch.length >= batchSize) await sendBatch();
    }
    if (batch.length) await sendBatch();
    await Promise.all(inFlight);
    return summary;
  }

  private skipReason(connection: Connection, kind: PushKind, mode: 'full' | 'delta'): string | undefined {
    if (connection.deleted) return 'the connection is deleted';
    if (!connection.active) return 'the connection is inactive';
    if (connection.disabledPushes.has(kind)) return `${kind} pushes are disabled for this connection (the partner answered code ${KIND_INFO[kind].blockedCode})`;
    if (mode === 'delta' && connection.flagged) return `the partner answered code ${connection.flagged.code} for this connection`;
    return undefined;
  }

  private items(connection: Connection, kind: PushKind, from: DayNumber, to: DayNumber, scope: { spaces?: string[]; pairs?: Pair[] }, ranges?: Map<string, [DayNumber, DayNumber]>): Iterable<unknown> {
    const world = this.world;
    if (kind === 'availability') {
      const synced = new Set(syncedSpaceTypes(connection));
      const spaces = (scope.spaces ?? [...synced]).filter((s) => synced.has(s));
      if (!ranges) return availabilityItems(world, connection, from, to, spaces);
      return (function* () {
        for (const s of spaces) yield* availabilityItems(world, connection, ranges.get(s)![0], ranges.get(s)![1], [s]);
      })();
    }
    const synced = syncedPairs(connection);
    const wanted = scope.pairs ? new Set(scope.pairs.map((p) => `${p.ratePlanCode}\u0000${p.spaceTypeCode}`)) : undefined;
    const pairs = wanted ? synced.filter((p) => wanted.has(`${p.ratePlanCode}\u0000${p.spaceTypeCode}`)) : synced;
    const build = kind === 'prices' ? priceItems : restrictionItems;
    if (!ranges) return build(world, connection, from, to, pairs);
    return (function* () {
      for (const p of pairs) {
        const [f, t] = ranges.get(`${p.ratePlanCode}\u0000${p.spaceTypeCode}`)!;
        yield* build(world, connection, f, t, [p]);
      }
    })();
  }

  /** Sends one message, re-sending it with backoff while the failure is one Mews retries. */
  private async sendWithRetry(connection: Connection, kind: PushKind, message: PushMessage): Promise<'accepted' | 'pending' | 'failed'> {
    const info = KIND_INFO[kind];
    const state = cmState(this.world);
    const max = Math.max(1, this.world.options.pushMaxAttempts);
    const rates = message.rates;
    for (let attempt = 1; attempt <= max; attempt++) {
      const messageId = state.newMessageId(this.world);
      const head = {
        clientToken: this.world.state.partnerClientToken,
        connectionToken: connection.token,
        messageId,
        responseUrl: this.world.mewsUrl(`/api/channelManager/v1/${info.confirmWith}`),
      };
      // The envelope as JSON with the pre-serialized items spliced in.
      const extraJson = Object.keys(message.extra).length ? `,${JSON.stringify(message.extra).slice(1, -1)}` : '';
      const payload = `${JSON.stringify(head).slice(0, -1)},"${info.field}":[${message.itemsJson}]${extraJson}}`;
      const reply = await sendToPartner(this.world, connection, info.operation, head, { messageId, payload });
      if (attempt > 1) reply.result.entry.findings.push({ severity: 'info', kind: 'retry', message: `Attempt ${attempt} of ${max}.` });
      if (reply.accepted) {
        if (!reply.asyncConfirmation) return 'accepted';
        this.awaitConfirmation({ messageId, operation: info.operation, confirmWith: info.confirmWith, connectionToken: connection.token, sentAt: reply.result.entry.time, rates });
        return 'pending';
      }
      const errors = errorsOf(reply.result.body);
      reply.result.entry.findings.push(...applyErrorConsequences(this.world, connection, kind, errors, rates));
      if (!isRetryable(reply) || !reply.result.entry.url) return 'failed';
      if (attempt < max) {
        await this.world.tasks.sleep(this.world.options.retryBaseMs * 2 ** (attempt - 1));
        if (this.world.tasks.isClosed) {
          reply.result.entry.findings.push({ severity: 'warning', kind: 'unsent', message: 'The simulator shut down before this message was accepted; it was not re-sent.' });
          return 'failed';
        }
      } else {
        reply.result.entry.findings.push({ severity: 'error', kind: 'gave-up', message: `The partner did not accept this ${info.operation} after ${max} attempts.` });
      }
    }
    return 'failed';
  }

  private awaitConfirmation(push: PendingPush): void {
    const state = cmState(this.world);
    state.pending.set(push.messageId, push);
    const timeout = this.world.options.confirmationTimeoutMs;
    push.cancelTimeout = this.world.tasks.schedule(
      'confirmation-timeout',
      () => {
        if (push.confirmedAt) return;
        const connection = this.world.state.connections.get(push.connectionToken);
        if (connection) {
          this.note(push.confirmWith, connection, [
            { severity: 'error', kind: 'confirmation-timeout', message: `No ${push.confirmWith} for ${push.operation} message '${push.messageId}' within ${timeout} ms of the partner answering asyncConfirmation: true.` },
          ]);
        }
      },
      timeout,
      { watch: true },
    );
  }

  /** A journal entry for something Mews noticed without a call (a missing confirmation, a consequence). */
  private note(operation: string, connection: Connection, findings: Finding[]): void {
    this.world.record({
      time: this.world.clock.now().toISOString(),
      direction: 'inbound',
      api: 'channelManager',
      operation: `${operation}:observed`,
      method: '-',
      url: '',
      connection: connection.token,
      status: 0,
      request: { body: null },
      durationMs: 0,
      findings,
    });
  }

  /** At shutdown: changes whose delta was not sent yet are journaled, so they are not lost silently. */
  private reportUnsent(): void {
    for (const [token, d] of this.dirty) {
      for (const kind of PUSH_KINDS) {
        if (!d[kind].size) continue;
        const scopes = [...d[kind].entries()].map(([key, [from, to]]) => ({ scope: key.replace('\u0000', '/'), from: toIsoDate(from), to: toIsoDate(to) }));
        const operation = KIND_INFO[kind].operation;
        this.world.record(
          unsentEntry(this.world, { api: 'channelManager', operation, url: this.world.partnerUrl(operation), connection: token }, { unsentDelta: scopes }, 'unsent: the simulator shut down before this delta was sent', [
            { severity: 'warning', kind: 'unsent', message: `${scopes.length} changed scope(s) were not pushed before shutdown.` },
          ]),
        );
      }
    }
    this.dirty.clear();
  }

  private dirtyOf(token: string): Dirty {
    let d = this.dirty.get(token);
    if (!d) this.dirty.set(token, (d = { availability: new Map(), prices: new Map(), restrictions: new Map() }));
    return d;
  }
}

function isRetryable(reply: PartnerReply): boolean {
  if (reply.retryable) return true;
  // A reply Mews cannot read (not JSON, no success flag) is not an acceptance: send it again.
  const body = reply.result.body as { success?: unknown } | undefined;
  return reply.result.status === 200 && typeof body?.success !== 'boolean';
}

function kindOf(operation: string): PushKind | undefined {
  return (Object.keys(KIND_INFO) as PushKind[]).find((k) => KIND_INFO[k].operation === operation);
}

function splitPair(key: string): Pair {
  const [ratePlanCode, spaceTypeCode] = key.split('\u0000');
  return { ratePlanCode, spaceTypeCode };
}

/** The push engine of a world (created on first use, dropped with the world's state on reset). */
export const pushEngine = (world: World): PushEngine => world.apiStateOf('channelManager:push', () => new PushEngine(world));

