/**
 * A reference Connector API client: a small revenue management integration (use-cases/revenue-management.md)
 * written the way the certification review wants it. It pulls history once in weekly batches, caches
 * configuration, services, rates and business segments, listens to ServiceOrderUpdated webhooks and
 * fetches only the reservations they name, reads availability and pricing hourly and pushes a price
 * and a restriction when occupancy calls for it. Requests are throttled, 429s wait for Retry-After and
 * transient failures back off exponentially.
 *
 * Each DEFECT switches on one classic mistake, so the review can be shown to catch exactly it.
 */
export const DEFECTS = ['poller', 'ignores-retry-after', 'rereads-configuration', 'unused-extents', 'undeclared-operations', 'unresolved-errors'] as const;
export type Defect = (typeof DEFECTS)[number];

export interface ClientOptions {
  baseUrl: string;
  clientToken: string;
  accessToken: string;
  defect?: Defect;
  /** Waits in the integration's own time; a rehearsal advances the simulated clock instead. */
  wait: (ms: number) => Promise<void>;
  /** The simulated (or real) time now, in ms. */
  now: () => number;
  log?: (line: string) => void;
}

const CLIENT = 'Reference RMS 1.0.0';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

type Json = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    message: string,
  ) {
    super(`${operation}: HTTP ${status} ${message}`);
  }
}

export class RevenueClient {
  private serviceId = '';
  private enterpriseId = '';
  private rateId = '';
  private categoryIds: string[] = [];
  private readonly reservations = new Map<string, Json>();
  private readonly pending = new Set<string>();
  private lastHourly = -Infinity;
  private lastDaily = -Infinity;
  private lastPoll = -Infinity;
  private lastMinute = -Infinity;
  private restrictedAt: number | undefined;

  constructor(private readonly o: ClientOptions) {}

  private has(defect: Defect): boolean {
    return this.o.defect === defect;
  }

  /** One call with the retries the docs ask for: Retry-After on 429, exponential backoff on 408/5xx/no answer. */
  async call(operation: string, body: Json): Promise<Json> {
    let backoff = 2000;
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      let answer: Json = {};
      let retryAfter: string | null = null;
      try {
        const res = await fetch(`${this.o.baseUrl}/api/connector/v1/${operation}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ClientToken: this.o.clientToken, AccessToken: this.o.accessToken, Client: CLIENT, ...body }),
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        const text = await res.text();
        answer = text ? (JSON.parse(text) as Json) : {};
      } catch {
        status = 0;
      }
      if (status >= 200 && status < 300) return answer;
      const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
      if (!retryable || attempt >= 5) throw new ApiError(operation, status, String(answer.Message ?? 'no answer'));
      if (status === 429 && !this.has('ignores-retry-after')) await this.o.wait(Number(retryAfter ?? backoff / 1000) * 1000);
      else if (status !== 429) await this.o.wait(backoff);
      backoff *= 2;
    }
  }

  /** Every page of a getAll, following Cursor until it comes back null or short. */
  private async all(operation: string, collection: string, body: Json, count = 500): Promise<Json[]> {
    const out: Json[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await this.call(operation, { ...body, Limitation: { Count: count, Cursor: cursor } });
      const items = (page[collection] as Json[] | undefined) ?? [];
      out.push(...items);
      cursor = (page.Cursor as string | null | undefined) ?? null;
      if (!cursor || items.length < count) return out;
    }
  }

  /** Setup: static data once, then the reservations of the last four weeks and next eight in weekly batches (reservations and revenue first). */
  async setup(): Promise<void> {
    const config = await this.call('configuration/get', {});
    this.enterpriseId = (config.Enterprise as Json).Id as string;
    const services = await this.all('services/getAll', 'Services', { EnterpriseIds: [this.enterpriseId] });
    this.serviceId = (services.find((s) => (s.Data as Json | undefined)?.Discriminator === 'Bookable') ?? services[0]).Id as string;
    const now = this.o.now();
    const start = Math.floor(now / DAY) * DAY;
    for (let week = -4; week < 8; week++) await this.fetchReservations({ ScheduledStartUtc: { StartUtc: iso(start + week * 7 * DAY), EndUtc: iso(start + (week + 1) * 7 * DAY) } });
    await this.referenceData();
    if (this.has('undeclared-operations')) await this.all('resourceCategories/getAll', 'ResourceCategories', { EnterpriseIds: [this.enterpriseId], ServiceIds: [this.serviceId] });
    await this.all('resourceBlocks/getAll', 'ResourceBlocks', { EnterpriseIds: [this.enterpriseId], CollidingUtc: { StartUtc: iso(start), EndUtc: iso(start + 28 * DAY) } });
    this.lastDaily = now;
    this.lastMinute = now;
  }

  private async referenceData(): Promise<void> {
    const extent = { Rates: true, AvailabilityBlockAssignments: this.has('unused-extents'), RateGroups: false };
    const rates = await this.all('rates/getAll', 'Rates', { EnterpriseIds: [this.enterpriseId], ServiceIds: [this.serviceId], Extent: extent });
    this.rateId = ((rates.find((r) => r.IsActive && !r.BaseRateId) ?? rates[0]) as Json).Id as string;
    await this.all('businessSegments/getAll', 'BusinessSegments', { EnterpriseIds: [this.enterpriseId], ServiceIds: [this.serviceId] });
  }

  private async fetchReservations(filter: Json): Promise<void> {
    const found = await this.all('reservations/getAll/2023-06-06', 'Reservations', { EnterpriseIds: [this.enterpriseId], ServiceIds: [this.serviceId], ...filter });
    for (const r of found) this.reservations.set(r.Id as string, r);
    if (found.length) await this.all('orderItems/getAll', 'OrderItems', { EnterpriseIds: [this.enterpriseId], ServiceIds: [this.serviceId], ServiceOrderIds: found.map((r) => r.Id as string).slice(0, 1000) });
  }

  /** A general webhook arrived: remember the reservations it names, fetched together on the next tick. */
  onWebhook(body: Json): void {
    for (const e of (body.Events as { Discriminator: string; Value: { Id: string } }[] | undefined) ?? []) if (e.Discriminator === 'ServiceOrderUpdated') this.pending.add(e.Value.Id);
  }

  /** Called about once a (simulated) minute: does whatever work is due. */
  async tick(): Promise<void> {
    const now = this.o.now();
    if (this.has('rereads-configuration') && now - this.lastMinute >= MINUTE) {
      this.lastMinute = now;
      await this.call('configuration/get', {});
    }
    if (this.has('poller')) {
      if (now - this.lastPoll >= 5 * MINUTE) {
        await this.fetchReservations({ UpdatedUtc: { StartUtc: iso(Math.max(this.lastPoll, now - HOUR)), EndUtc: iso(now) } });
        this.lastPoll = now;
      }
    } else if (this.pending.size) {
      const ids = [...this.pending].slice(0, 1000);
      for (const id of ids) this.pending.delete(id);
      await this.fetchReservations({ ReservationIds: ids });
    }
    if (now - this.lastHourly >= HOUR) {
      this.lastHourly = now;
      await this.hourly(now);
    }
    if (now - this.lastDaily >= DAY) {
      this.lastDaily = now;
      await this.referenceData();
      await this.all('resourceBlocks/getAll', 'ResourceBlocks', { EnterpriseIds: [this.enterpriseId], UpdatedUtc: { StartUtc: iso(now - DAY), EndUtc: iso(now) } });
    }
  }

  /** Availability and pricing for the next week; a price and a restriction when occupancy calls for it. */
  private async hourly(now: number): Promise<void> {
    const day = Math.floor(now / DAY) * DAY;
    const first = iso(day + DAY);
    const last = iso(day + 7 * DAY);
    const availability = await this.call('services/getAvailability/2024-01-22', { ServiceId: this.serviceId, FirstTimeUnitStartUtc: first, LastTimeUnitStartUtc: last, Metrics: ['Occupied', 'ActiveResources'] });
    const categories = (availability.ResourceCategoryAvailabilities as Json[] | undefined) ?? [];
    this.categoryIds = categories.map((c) => c.ResourceCategoryId as string);
    const occupied = categories.reduce((n, c) => n + sum((c.Metrics as Json | undefined)?.Occupied), 0);
    const active = categories.reduce((n, c) => n + sum((c.Metrics as Json | undefined)?.ActiveResources), 0);
    const pricing = await this.call('rates/getPricing', { RateId: this.rateId, FirstTimeUnitStartUtc: first, LastTimeUnitStartUtc: last });
    const base = ((pricing.BaseAmountPrices as Json[] | undefined)?.[0]?.GrossValue as number | undefined) ?? 100;
    const factor = active > 0 && occupied / active > 0.01 ? 1.05 : 0.98;
    const update: Json = { CategoryId: this.has('unresolved-errors') ? 'no-such-category' : (this.categoryIds[0] ?? null), Value: Math.round(base * factor * 100) / 100, FirstTimeUnitStartUtc: first, LastTimeUnitStartUtc: first };
    try {
      await this.call('rates/updatePrice', { RateId: this.rateId, PriceUpdates: [update] });
    } catch (err) {
      // The defective variant logs and carries on with the same request next hour.
      this.o.log?.((err as Error).message);
      if (!this.has('unresolved-errors')) throw err;
    }
    const restriction = { Type: 'Stay', ExactRateId: this.rateId, StartUtc: first, EndUtc: last, Days: allDays() };
    if (this.restrictedAt === undefined) {
      await this.call('restrictions/set', { ServiceId: this.serviceId, Data: [{ ...restriction, MinLength: 'P0M2DT0H0M0S' }] });
      this.restrictedAt = now;
    } else if (now - this.restrictedAt >= 2 * HOUR) {
      await this.call('restrictions/clear', { ServiceId: this.serviceId, Data: [restriction] });
      await this.all('restrictions/getAll', 'Restrictions', { EnterpriseIds: [this.enterpriseId], ServiceIds: [this.serviceId], RateIds: [this.rateId], CollidingUtc: { StartUtc: first, EndUtc: last } });
      this.restrictedAt = undefined;
    }
  }
}

const sum = (values: unknown) => (Array.isArray(values) ? values.reduce((n: number, v) => n + (typeof v === 'number' ? v : 0), 0) : 0);
const allDays = () => Object.fromEntries(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((d) => [d, true]));
