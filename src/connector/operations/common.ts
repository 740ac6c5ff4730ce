import { dayOf } from '../../engine/dates.js';
import { invalidParameter } from '../errors.js';
import { z } from 'zod';
import { LimitationSchema } from '../pagination.js';
import { TimeIntervalSchema } from '../time.js';

/** Fields every Connector API request carries. */
export const RequestBase = z.object({
  ClientToken: z.string(),
  AccessToken: z.string(),
  Client: z.string(),
  LanguageCode: z.string().nullish(),
  CultureCode: z.string().nullish(),
});

export const ids = (max = 1000) => z.array(z.string()).max(max, `at most ${max} items`).nullish();
export const interval = TimeIntervalSchema.nullish();
export const limitation = LimitationSchema;
export const activityStates = z.array(z.enum(['Active', 'Deleted'])).nullish();

/** Keeps the items whose field value is listed (all when no list is given). */
export function byIds<T extends Record<string, unknown>>(items: T[], field: string, list: string[] | null | undefined): T[] {
  if (!list) return items;
  const wanted = new Set(list);
  return items.filter((i) => wanted.has(i[field] as string));
}

/** ActivityStates: none → all, ["Active"] → active only, ["Deleted"] → inactive only. */
export function byActivity<T extends Record<string, unknown>>(items: T[], states: ('Active' | 'Deleted')[] | null | undefined): T[] {
  if (!states?.length) return items;
  return items.filter((i) => (i.IsActive ? states.includes('Active') : states.includes('Deleted')));
}

/** Longest stay accepted: the docs set none, and a stay of centuries would tie the simulator up. */
export const MAX_NIGHTS = 3650;

/** A stay from and to local dates must last at least one night and at most MAX_NIGHTS (400 naming `at`). */
export function checkStay(at: string, from: string, to: string): void {
  const nights = dayOf(to) - dayOf(from);
  if (nights < 1) throw invalidParameter(at, 'the reservation must end at least one night after it starts.');
  if (nights > MAX_NIGHTS) throw invalidParameter(at, `the reservation is longer than the ${MAX_NIGHTS} nights mews-sim accepts.`);
}

/** A UTC timestamp parameter the documented schema types as a plain string: 400 naming it unless it is an ISO 8601 instant. */
export function checkUtc(name: string, value: string | null | undefined): void {
  if (value == null) return;
  if (!z.iso.datetime({ offset: true }).safeParse(value).success) throw invalidParameter(name, 'an ISO 8601 date and time in UTC is required.');
}
