import { distinct, refuse, type ErrorItem } from './errors.js';
import { Ledger, toDay, type Day } from './ledger.js';
import type { Listing } from './directory.js';
import { int, isObject, list, num, text, type Json } from './wire.js';

/**
 * Taking in one inventory push: read every item (a malformed one refuses the whole message with
 * code 6), then store the items whose codes are mapped and whose amounts are not negative, and
 * report the others (codes 7, 9, 10). Items with known codes are kept even when others fail.
 */
export interface Intake {
  /** Code 6: nothing was stored. */
  malformed?: ErrorItem;
  errors: ErrorItem[];
  stored: number;
}

type Staged = () => void;

function span(item: Json, at: string): { first: Day; last: Day } | string {
  const first = toDay(item.from);
  const last = toDay(item.to);
  if (first === undefined) return `${at}.from must be a yyyy-MM-dd date; got ${JSON.stringify(item.from)}.`;
  if (last === undefined) return `${at}.to must be a yyyy-MM-dd date; got ${JSON.stringify(item.to)}.`;
  if (last < first) return `${at} ends (${String(item.to)}) before it starts (${String(item.from)}).`;
  return { first, last };
}

function run(staged: Staged[], errors: ErrorItem[], malformed?: string): Intake {
  if (malformed) return { malformed: refuse.malformed(malformed), errors: [], stored: 0 };
  for (const s of staged) s();
  return { errors: distinct(errors), stored: staged.length };
}

export function takeAvailability(listing: Listing, body: Json): Intake {
  if (!Array.isArray(body.availabilities)) return run([], [], "'availabilities' must be a list.");
  const staged: Staged[] = [];
  const errors: ErrorItem[] = [];
  for (const [i, raw] of body.availabilities.entries()) {
    const at = `availabilities[${i}]`;
    if (!isObject(raw)) return run([], [], `${at} must be an object.`);
    const space = text(raw.spaceTypeCode);
    const count = int(raw.availability);
    if (!space) return run([], [], `${at}.spaceTypeCode is missing.`);
    if (count === undefined) return run([], [], `${at}.availability must be a whole number.`);
    const days = span(raw, at);
    if (typeof days === 'string') return run([], [], days);
    if (!listing.spaces.has(space)) {
      errors.push(refuse.space(space));
      continue;
    }
    staged.push(() => listing.ledger.availability.write(space, days.first, days.last, count));
  }
  return run(staged, errors);
}

export function takePrices(listing: Listing, body: Json): Intake {
  if (body.ratePrices != null && !Array.isArray(body.ratePrices)) return run([], [], "'ratePrices' must be a list.");
  const staged: Staged[] = [];
  const errors: ErrorItem[] = [];
  for (const [i, raw] of list(body.ratePrices).entries()) {
    const at = `ratePrices[${i}]`;
    if (!isObject(raw)) return run([], [], `${at} must be an object.`);
    const space = text(raw.spaceTypeCode);
    const rate = text(raw.ratePlanCode);
    if (!space) return run([], [], `${at}.spaceTypeCode is missing.`);
    if (!rate) return run([], [], `${at}.ratePlanCode is missing.`);
    if (!Array.isArray(raw.prices)) return run([], [], `${at}.prices must be a list.`);
    const days = span(raw, at);
    if (typeof days === 'string') return run([], [], days);
    let bad = false;
    if (!listing.rates.has(rate)) {
      errors.push(refuse.rate(rate));
      bad = true;
    }
    if (!listing.spaces.has(space)) {
      errors.push(refuse.space(space));
      bad = true;
    }
    const points: { guests: number; gross: number | null; net: number | null; currency: string | null }[] = [];
    const entries = [...raw.prices.map((p, j) => [`${at}.prices[${j}]`, p] as const), ...list(raw.agePrices).map((p, j) => [`${at}.agePrices[${j}]`, p] as const)];
    for (const [where, p] of entries) {
      if (!isObject(p)) return run([], [], `${where} must be an object.`);
      const guests = int(p.guestCount);
      const gross = p.grossAmount == null ? null : num(p.grossAmount);
      const net = p.netAmount == null ? null : num(p.netAmount);
      if (guests === undefined) return run([], [], `${where}.guestCount must be a whole number.`);
      if (gross === undefined || net === undefined) return run([], [], `${where} amounts must be numbers.`);
      for (const [kind, value] of [['grossAmount', gross], ['netAmount', net]] as const) {
        if (value !== null && value < 0) {
          errors.push(refuse.negative(`The ${kind} of ${rate}/${space} for ${guests} guest(s) from ${String(raw.from)} to ${String(raw.to)}`, value));
          bad = true;
        }
      }
      if (where.includes('.prices[')) points.push({ guests, gross, net, currency: text(p.currencyCode) ?? null });
    }
    if (bad) continue;
    staged.push(() => {
      for (const p of points) {
        listing.ledger.prices.write(Ledger.priceKey(rate, space, p.guests), days.first, days.last, { gross: p.gross, net: p.net, currency: p.currency });
      }
    });
  }
  return run(staged, errors);
}

export function takeRestrictions(listing: Listing, body: Json): Intake {
  if (!Array.isArray(body.restrictions)) return run([], [], "'restrictions' must be a list.");
  const staged: Staged[] = [];
  const errors: ErrorItem[] = [];
  for (const [i, raw] of body.restrictions.entries()) {
    const at = `restrictions[${i}]`;
    if (!isObject(raw)) return run([], [], `${at} must be an object.`);
    const space = text(raw.spaceTypeCode);
    const rate = text(raw.ratePlanCode);
    if (!space) return run([], [], `${at}.spaceTypeCode is missing.`);
    if (!rate) return run([], [], `${at}.ratePlanCode is missing.`);
    if (!Array.isArray(raw.state) || raw.state.some((s) => int(s) === undefined)) return run([], [], `${at}.state must be a list of restriction state codes.`);
    const minLos = raw.minLos == null ? null : int(raw.minLos);
    const maxLos = raw.maxLos == null ? null : int(raw.maxLos);
    if (minLos === undefined || maxLos === undefined) return run([], [], `${at}.minLos and maxLos must be whole numbers or null.`);
    const days = span(raw, at);
    if (typeof days === 'string') return run([], [], days);
    let bad = false;
    if (!listing.rates.has(rate)) {
      errors.push(refuse.rate(rate));
      bad = true;
    }
    if (!listing.spaces.has(space)) {
      errors.push(refuse.space(space));
      bad = true;
    }
    if (bad) continue;
    const state = [...(raw.state as number[])];
    staged.push(() => listing.ledger.restrictions.write(Ledger.restrictionKey(rate, space), days.first, days.last, { state, minLos, maxLos }));
  }
  return run(staged, errors);
}
