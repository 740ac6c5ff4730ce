/**
 * The channel manager's inventory store. Each key (a space type; a rate, space and guest count; a
 * rate and space) keeps a log of inclusive day spans as they arrived; the newest span covering a
 * day holds that day's value. Spans that a newer one covers entirely are dropped, so a repeated
 * full push does not grow the log.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `yyyy-MM-dd` as a day number, or undefined when it is not a real calendar date. */
export function toDay(text: unknown): Day | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DATE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return undefined;
  return ms / MS_PER_DAY;
}

export function fromDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

interface Span<V> {
  first: Day;
  last: Day;
  value: V;
}

export class SpanLog<V> {
  private readonly byKey = new Map<string, Span<V>[]>();

  /** Records `value` for every day from `first` to `last`, both included. */
  write(key: string, first: Day, last: Day, value: V): void {
    const kept = (this.byKey.get(key) ?? []).filter((s) => s.first < first || s.last > last);
    kept.push({ first, last, value });
    this.byKey.set(key, kept);
  }

  read(key: string, day: Day): V | undefined {
    const spans = this.byKey.get(key);
    if (!spans) return undefined;
    for (let i = spans.length - 1; i >= 0; i--) {
      if (spans[i].first <= day && day <= spans[i].last) return spans[i].value;
    }
    return undefined;
  }

  get keyCount(): number {
    return this.byKey.size;
  }
}

export interface StoredPrice {
  gross: number | null;
  net: number | null;
  currency: string | null;
}

export interface StoredRestriction {
  state: number[];
  minLos: number | null;
  maxLos: number | null;
}

const SEP = '\u241f';

/** Everything Mews pushed on one connection. */
export class Ledger {
  readonly availability = new SpanLog<number>();
  readonly prices = new SpanLog<StoredPrice>();
  readonly restrictions = new SpanLog<StoredRestriction>();

  static priceKey(rate: string, space: string, guests: number): string {
    return [rate, space, String(guests)].join(SEP);
  }

  static restrictionKey(rate: string, space: string): string {
    return [rate, space].join(SEP);
  }

  availabilityOn(space: string, date: string): number | undefined {
    const day = toDay(date);
    return day === undefined ? undefined : this.availability.read(space, day);
  }

  priceOn(rate: string, space: string, guests: number, date: string): StoredPrice | undefined {
    const day = toDay(date);
    return day === undefined ? undefined : this.prices.read(Ledger.priceKey(rate, space, guests), day);
  }

  restrictionOn(rate: string, space: string, date: string): StoredRestriction | undefined {
    const day = toDay(date);
    return day === undefined ? undefined : this.restrictions.read(Ledger.restrictionKey(rate, space), day);
  }
}
