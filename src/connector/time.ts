import { z } from 'zod';
import { isIsoDate } from '../engine/dates.js';
import { invalidParameter } from './errors.js';

/** A time interval filter ({StartUtc, EndUtc}); equal ends mean "exactly", otherwise [StartUtc, EndUtc). */
export const TimeIntervalSchema = z
  .object({ StartUtc: z.iso.datetime({ offset: true }), EndUtc: z.iso.datetime({ offset: true }) })
  .meta({ id: 'TimeInterval' });

export type TimeInterval = z.output<typeof TimeIntervalSchema>;

/** An instant in the API's datetime format, YYYY-MM-DDThh:mm:ssZ (UTC, no fraction). */
export const apiTime = (instant: string | number | Date): string => new Date(instant).toISOString().replace(/\.\d+Z$/, 'Z');

/** Checks the documented maximum length (in months; none when undefined) and the order of the ends; 400 naming the filter otherwise. */
export function checkInterval(name: string, interval: TimeInterval | null | undefined, maxMonths: number | undefined): { start: number; end: number } | undefined {
  if (!interval) return undefined;
  const start = Date.parse(interval.StartUtc);
  const end = Date.parse(interval.EndUtc);
  if (Number.isNaN(start) || Number.isNaN(end)) throw invalidParameter(name, 'StartUtc and EndUtc must be ISO 8601 date-times.');
  if (end < start) throw invalidParameter(name, 'EndUtc is before StartUtc.');
  if (maxMonths === undefined) return { start, end };
  const limit = new Date(start);
  limit.setUTCMonth(limit.getUTCMonth() + maxMonths);
  if (end > limit.getTime()) throw invalidParameter(name, `the interval is longer than the maximum of ${maxMonths} months.`);
  return { start, end };
}

/** Whether an instant falls in an interval: equal ends match exactly, otherwise start ≤ t < end. */
export function inInterval(iso: string | null | undefined, range: { start: number; end: number } | undefined): boolean {
  if (!range) return true;
  if (!iso) return false;
  const t = Date.parse(iso);
  return range.start === range.end ? t === range.start : t >= range.start && t < range.end;
}

const utcCache = new Map<string, string>();

/** UTC instant of a local wall-clock time on a date in an IANA time zone (memoized: dates repeat a lot). */
export function localToUtc(date: string, time: string, timeZone: string): string {
  const key = `${date}|${time}|${timeZone}`;
  let hit = utcCache.get(key);
  if (hit === undefined) {
    hit = computeLocalToUtc(date, time, timeZone);
    if (utcCache.size > 50_000) utcCache.clear();
    utcCache.set(key, hit);
  }
  return hit;
}

function computeLocalToUtc(date: string, time: string, timeZone: string): string {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const offset = zoneOffsetMs(guess, timeZone);
  const first = guess - offset;
  // Once more near DST changes, where the offset at the result differs from the guess.
  const second = guess - zoneOffsetMs(first, timeZone);
  return new Date(second).toISOString().replace('.000Z', 'Z');
}

const formats = new Map<string, Intl.DateTimeFormat>();

function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * Time-unit starts (FirstTimeUnitStartUtc, ...) must be the start of a day time unit: local midnight
 * in the enterprise's time zone. The docs permit no other timestamp, so none is rounded.
 */
export function checkTimeUnitStart(name: string, iso: string, timeZone: string): void {
  const t = Date.parse(iso);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  // Years before 1000 or after 9999 have no yyyy-MM-dd day to start a time unit.
  if (!isIsoDate(day)) throw invalidParameter(name, 'it is not the start of a time unit of a day from year 1000 to 9999.');
  const start = localToUtc(day, '00:00', timeZone);
  if (Date.parse(start) !== t) throw invalidParameter(name, `it is not the start of a time unit; the day ${day} starts at ${start} in ${timeZone}.`);
}
