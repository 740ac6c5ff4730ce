/**
 * Calendar dates as the APIs use them ("yyyy-MM-dd"), handled as whole day numbers since the
 * epoch so ranges and per-night arithmetic never meet time zones or DST.
 */
const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type DayNumber = number;

export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const day = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return toIsoDate(day / MS_PER_DAY) === value;
}

/** Day number of a "yyyy-MM-dd" string; throws on anything else. */
export function dayOf(value: string): DayNumber {
  if (!isIsoDate(value)) throw new RangeError(`Not a date in yyyy-MM-dd format: ${value}`);
  return Date.UTC(+value.slice(0, 4), +value.slice(5, 7) - 1, +value.slice(8, 10)) / MS_PER_DAY;
}

const isoCache = new Map<DayNumber, string>();

export function toIsoDate(day: DayNumber): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    // Pushes format the same few hundred days over and over; keep the cache small all the same.
    if (isoCache.size > 20_000) isoCache.clear();
    isoCache.set(day, s);
  }
  return s;
}

export function addDays(value: string, days: number): string {
  return toIsoDate(dayOf(value) + days);
}

/** Number of nights between arrival and departure (departure exclusive). */
export function nightsBetween(from: string, to: string): number {
  return dayOf(to) - dayOf(from);
}

/** One formatter per time zone: each Intl.DateTimeFormat holds native memory that is slow to come back. */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a given IANA time zone. */
export function dateInZone(instantMs: number, timeZone = 'UTC'): string {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    // en-CA formats as yyyy-MM-dd.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    // Time zones come from fixtures; a bound keeps a hostile fixture from growing the cache.
    if (zoneFormats.size >= 1000) zoneFormats.clear();
    zoneFormats.set(timeZone, format);
  }
  return format.format(new Date(instantMs));
}

/** Day of week, 0 = Sunday. */
export function weekday(day: DayNumber): number {
  return (day + 4) % 7;
}
