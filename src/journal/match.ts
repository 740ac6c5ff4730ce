/**
 * Partial matching of JSON values, as used by verify and scenario expectations: every key of the
 * expected object must match; extra keys in the actual value are fine. An expected array matches
 * when each of its elements matches some element of the actual array.
 *
 * An object whose only key starts with "$" is a matcher instead of a literal:
 *   {"$any": true}            present, any value          {"$absent": true}       missing or null
 *   {"$type": "string"}       string, number, integer, boolean, array, object or null
 *   {"$regex": "^\\d+$"}       a string matching the pattern
 *   {"$range": {"min": 1, "max": 5}}   a number within the bounds (either may be left out)
 *   {"$length": 3} or {"$length": {"min": 1}}   an array or string of that length
 *   {"$oneOf": ["A", "B"]}    equal to (or matching) one of the values
 *   {"$exactly": [...]}       an array with exactly these elements, in this order
 *   {"$not": <expected>}      does not match the expected value (a literal or a matcher)
 *   {"$allOf": [a, b]}        matches every one of the expected values
 *   {"$distinct": {"min": 2, "by": "gross"}}   an array with at least min distinct elements (or values of a field)
 */
import { checkExpected, MATCHER_NAMES } from './matchers.js';

export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
  reason: string;
}

export const MATCHERS = MATCHER_NAMES;

export function isMatcher(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0].startsWith('$');
}

export function matchPartial(expected: unknown, actual: unknown, path = '$'): Mismatch[] {
  if (isMatcher(expected)) return applyMatcher(expected, actual, path);
  if (expected === null || typeof expected !== 'object') {
    return Object.is(expected, actual) || expected === actual
      ? []
      : [{ path, expected, actual, reason: actual === undefined ? 'missing' : 'different value' }];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual, reason: 'expected an array' }];
    const out: Mismatch[] = [];
    expected.forEach((item, i) => {
      if (actual.some((candidate) => matchPartial(item, candidate).length === 0)) return;
      // Report the closest element's differences so the diff says what to fix.
      const closest = actual
        .map((candidate, j) => ({ j, misses: matchPartial(item, candidate, `${path}[${j}]`) }))
        .sort((a, b) => a.misses.length - b.misses.length)[0];
      if (closest) out.push(...closest.misses);
      else out.push({ path: `${path}[${i}]`, expected: item, actual: undefined, reason: 'no element matches' });
    });
    return out;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    return [{ path, expected, actual, reason: 'expected an object' }];
  }
  const out: Mismatch[] = [];
  for (const [key, value] of Object.entries(expected)) {
    out.push(...matchPartial(value, (actual as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return out;
}

function applyMatcher(matcher: Record<string, unknown>, actual: unknown, path: string): Mismatch[] {
  const [key, arg] = Object.entries(matcher)[0];
  const miss = (reason: string): Mismatch[] => [{ path, expected: matcher, actual, reason }];
  // A matcher that cannot be applied never passes (and never throws): its mistake is the reason.
  const problem = checkExpected(matcher)[0];
  if (problem) return miss(`invalid matcher: ${problem.message}`);
  switch (key) {
    case '$any':
      return actual === undefined ? miss('missing') : [];
    case '$absent':
      return actual === undefined || actual === null ? [] : miss('should be absent');
    case '$type': {
      const t = typeOf(actual);
      const ok = t === arg || (arg === 'number' && t === 'integer');
      return ok ? [] : miss(`expected type ${String(arg)}, got ${t}`);
    }
    case '$regex':
      return typeof actual === 'string' && new RegExp(String(arg)).test(actual) ? [] : miss(`does not match /${String(arg)}/`);
    case '$range': {
      const { min, max } = (arg ?? {}) as { min?: number; max?: number };
      if (typeof actual !== 'number') return miss('expected a number');
      return (min === undefined || actual >= min) && (max === undefined || actual <= max) ? [] : miss(`outside ${min ?? '-∞'}..${max ?? '∞'}`);
    }
    case '$length': {
      const len = Array.isArray(actual) || typeof actual === 'string' ? actual.length : undefined;
      if (len === undefined) return miss('expected an array or a string');
      if (typeof arg === 'number') return len === arg ? [] : miss(`length ${len}, expected ${arg}`);
      const { min, max } = (arg ?? {}) as { min?: number; max?: number };
      return (min === undefined || len >= min) && (max === undefined || len <= max) ? [] : miss(`length ${len} outside ${min ?? 0}..${max ?? '∞'}`);
    }
    case '$oneOf':
      return Array.isArray(arg) && arg.some((option) => matchPartial(option, actual).length === 0) ? [] : miss('matches none of the options');
    case '$exactly': {
      if (!Array.isArray(arg) || !Array.isArray(actual)) return miss('expected an array');
      if (arg.length !== actual.length) return miss(`${actual.length} elements, expected exactly ${arg.length}`);
      return arg.flatMap((item, i) => matchPartial(item, actual[i], `${path}[${i}]`));
    }
    case '$allOf':
      return Array.isArray(arg) ? arg.flatMap((part) => matchPartial(part, actual, path)) : miss('$allOf takes a list');
    case '$not':
      return matchPartial(arg, actual).length === 0 ? miss('matches what it must not') : [];
    case '$distinct': {
      if (!Array.isArray(actual)) return miss('expected an array');
      const { min = 2, by } = (arg ?? {}) as { min?: number; by?: string };
      const values = new Set(actual.map((item) => JSON.stringify(by && item && typeof item === 'object' ? (item as Record<string, unknown>)[by] : item)));
      return values.size >= min ? [] : miss(`${values.size} distinct value(s), expected at least ${min}`);
    }
    default:
      return miss(`unknown matcher ${key}`);
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function formatMismatches(mismatches: Mismatch[]): string {
  return mismatches
    .map((m) => `${m.path}: ${m.reason} (expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual) ?? 'nothing'})`)
    .join('\n');
}
