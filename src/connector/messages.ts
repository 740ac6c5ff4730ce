import { firstInJson } from '../engine/json.js';
import type { z } from 'zod';
import { DOCUMENTED_OPERATIONS } from './schemas.generated.js';

/**
 * A 400 message naming every invalid parameter at once, so a developer fixes a request in one go:
 * "Invalid A: why." for one, "Invalid A: why; B: why." for several. A missing one "is required".
 */
export function validationMessage(error: z.ZodError, input?: unknown): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of error.issues) {
    const name = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') || 'request';
    if (seen.has(name)) continue;
    seen.add(name);
    const missing = (issue.code === 'invalid_type' || issue.code === 'invalid_value') && valueAt(input, issue.path) === undefined;
    parts.push(`${name}: ${missing ? 'it is required.' : issue.message}`);
  }
  if (parts.length === 1) return `Invalid ${parts[0]}`;
  return `Invalid ${parts.map((p) => p.replace(/\.$/, '')).join('; ')}.`;
}

/** The documented operation path closest to a mistyped one (edit distance, ignoring case), among those `usable`. */
export function nearestOperation(path: string, usable: (candidate: string) => boolean = () => true): string {
  const wanted = path.toLowerCase();
  let best = '';
  let bestDistance = Infinity;
  for (const candidate of Object.keys(DOCUMENTED_OPERATIONS).filter(usable)) {
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** The largest magnitude of a .NET decimal, the type of Mews's amounts and counts. */
const DECIMAL_MAX = 7.922816251426434e28;

/** Whether a decimal can hold the amount: a total past it overflows in Mews, and past a double it would be sent as null. */
export function withinDecimalRange(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= DECIMAL_MAX;
}

/** The path of the first number no decimal can hold (`Items[0].UnitAmount.GrossValue`), if any. */
export function numberOutOfRange(value: unknown): string | undefined {
  return firstInJson(value, (v, path) => (typeof v === 'number' && !withinDecimalRange(v) ? path : undefined));
}
