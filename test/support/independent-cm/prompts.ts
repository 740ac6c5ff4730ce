import { todayOf, type BookingDesk, type BookingKind, type Pricing } from './bookings.js';
import type { Directory, Listing } from './directory.js';
import { callJson, int, isObject, list, pause, text, type Json } from './wire.js';

export interface PromptLink {
  /** Base URL of the simulator (its admin API lives under /_sim). */
  mewsUrl: string;
  /** A named world of the simulator; the default world when unset. */
  world?: string;
  adminToken?: string;
}

/** What the follower did with one prompt, for tests and for a person reading the log. */
export interface PromptOutcome {
  id: string;
  action: string;
  result: 'acted' | 'skipped' | 'failed';
  note?: string;
}

/**
 * Watches the simulator's certification prompts and acts on each open one exactly once: sends the
 * booking it asks for, switches its own connection off or on, or reads values back from the store.
 * Listens to the NDJSON stream; when the stream route is missing or drops, it polls instead.
 */
export class PromptFollower {
  readonly outcomes: PromptOutcome[] = [];
  private readonly claimed = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly link: PromptLink,
    private readonly directory: Directory,
    private readonly desk: BookingDesk,
    private readonly pollMs = 200,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.watch();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    // In-process (MSW) an aborted stream may never end its read: don't wait for it for long.
    await Promise.race([this.loop?.catch(() => undefined), pause(500)]);
    await this.queue.catch(() => undefined);
  }

  /** Resolves once every prompt taken so far has been acted on. */
  settled(): Promise<void> {
    return this.queue;
  }

  private route(suffix: string): string {
    const base = this.link.mewsUrl.replace(/\/+$/, '');
    return `${base}/_sim${this.link.world ? `/worlds/${encodeURIComponent(this.link.world)}` : ''}/prompts${suffix}`;
  }

  private get headers(): Record<string, string> {
    return this.link.adminToken ? { authorization: `Bearer ${this.link.adminToken}` } : {};
  }

  private async watch(): Promise<void> {
    let misses = 0;
    while (this.running) {
      const streamed = await this.readStream();
      if (!this.running) return;
      // The stream is unavailable or ended: poll once, then try the stream again a little later,
      // backing off to 2 s while neither route answers.
      const polled = await this.poll();
      misses = streamed || polled ? 0 : misses + 1;
      await pause(streamed ? 20 : Math.min(2000, this.pollMs * 2 ** Math.min(misses, 4)));
    }
  }

  /** Reads the stream until it ends; false when the route does not answer with a stream. */
  private async readStream(): Promise<boolean> {
    let res: Response;
    try {
      res = await fetch(this.route('/stream'), { headers: this.headers, signal: this.abort.signal });
    } catch {
      return false;
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return false;
    }
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        pending += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (!line) continue;
          try {
            this.take(JSON.parse(line));
          } catch {
            // a line that is not JSON: ignore it, the next one may be fine
          }
        }
      }
    } catch {
      // aborted or dropped
    }
    return true;
  }

  private async poll(): Promise<boolean> {
    const answer = await callJson(this.route('?status=open'), undefined, this.headers, 'GET');
    if (answer.status !== 200 || !isObject(answer.body)) return false;
    for (const p of list(answer.body.prompts)) this.take(p);
    return true;
  }

  /** Claims an open prompt (synchronously, so a second sighting is ignored) and queues its action. */
  private take(seen: unknown): void {
    // A line may also wrap the prompt as {"prompt": {...}}.
    const prompt = isObject(seen) && isObject(seen.prompt) ? seen.prompt : seen;
    if (!isObject(prompt) || prompt.status !== 'open') return;
    const id = text(prompt.id);
    if (!id || this.claimed.has(id)) return;
    this.claimed.add(id);
    this.queue = this.queue.then(() => this.act(prompt as Json & { id: string }));
  }

  private async act(prompt: Json & { id: string }): Promise<void> {
    const action = text(prompt.action) ?? '';
    const record = (result: PromptOutcome['result'], note?: string) => this.outcomes.push({ id: prompt.id, action, result, ...(note && { note }) });
    try {
      const note = await this.perform(prompt, action);
      record(note === undefined ? 'acted' : 'skipped', note);
    } catch (err) {
      record('failed', (err as Error).message);
    }
  }

  /** Does what the prompt asks; returns a note when there was nothing to do. */
  private async perform(prompt: Json & { id: string }, action: string): Promise<string | undefined> {
    let listing = this.listingFor(prompt);
    if (!listing && text(prompt.connection)) {
      // A connection set up after start: ask Mews again.
      await this.directory.load().catch(() => undefined);
      listing = this.listingFor(prompt);
    }
    if (!listing) return `no connection of this channel manager matches ${String(prompt.connection ?? prompt.pricing)}`;
    const pricing: Pricing = prompt.pricing === 'net' || prompt.pricing === 'gross' ? prompt.pricing : listing.pricingMode === 1 ? 'net' : 'gross';
    const today = todayOf(prompt.createdAt);
    const previous = (kind: BookingKind) => {
      const b = this.desk.latest(listing.token, kind);
      if (!b) throw new Error(`no ${kind} booking was sent on ${listing.label} to change`);
      return b;
    };
    switch (action) {
      case 'send-single-reservation':
        await this.desk.sendSingle(listing, pricing, today);
        return;
      case 'modify-single-reservation':
        await this.desk.modifySingle(listing, previous('single'));
        return;
      case 'cancel-single-reservation':
        await this.desk.cancel(listing, previous('single'));
        return;
      case 'send-group-reservation':
        await this.desk.sendGroup(listing, pricing, today);
        return;
      case 'modify-group-reservation':
        await this.desk.modifyGroup(listing, previous('group'));
        return;
      case 'cancel-group-reservation':
        await this.desk.cancel(listing, previous('group'));
        return;
      case 'send-reservation-with-product':
        await this.desk.sendWithProduct(listing, pricing, today);
        return;
      case 'send-invalid-reservation':
        await this.desk.sendInvalid(listing, pricing, today);
        return;
      case 'deactivate-connection':
        listing.switchedOff = true;
        await this.done(prompt.id, {});
        return;
      case 'reactivate-connection':
        listing.switchedOff = false;
        await this.done(prompt.id, {});
        return;
      case 'read-back':
        await this.done(prompt.id, { values: list(prompt.readBack).map((item) => readBack(listing, item)) });
        return;
      default:
        return `action "${action}" is not one this channel manager knows`;
    }
  }

  private listingFor(prompt: Json): Listing | undefined {
    const token = text(prompt.connection);
    if (token) return this.directory.listings.get(token);
    const mode = prompt.pricing === 'net' ? 1 : 0;
    return [...this.directory.listings.values()].find((l) => l.mewsSide === 'enabled' && l.pricingMode === mode && l.pairs.length > 0);
  }

  private async done(id: string, body: Json): Promise<void> {
    const answer = await callJson(this.route(`/${encodeURIComponent(id)}/done`), body, this.headers);
    if (answer.status !== 200) throw new Error(`posting done for prompt ${id} got HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** One read-back item answered from what Mews pushed (null where nothing was pushed). */
function readBack(listing: Listing, item: unknown): Json {
  if (!isObject(item)) return { value: null };
  const space = text(item.spaceTypeCode) ?? '';
  const rate = text(item.ratePlanCode) ?? '';
  const date = text(item.date) ?? '';
  switch (item.kind) {
    case 'availability':
      return { ...item, availability: listing.ledger.availabilityOn(space, date) ?? null };
    case 'price': {
      const p = listing.ledger.priceOn(rate, space, int(item.guestCount) ?? 0, date);
      return { ...item, grossAmount: p?.gross ?? null, netAmount: p?.net ?? null };
    }
    case 'restriction': {
      const r = listing.ledger.restrictionOn(rate, space, date);
      return { ...item, state: r?.state ?? null, minLos: r?.minLos ?? null, maxLos: r?.maxLos ?? null };
    }
    default:
      return { ...item };
  }
}
