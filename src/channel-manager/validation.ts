import type { z } from 'zod';
import { CmErrorCode, type CmErrorItem } from './errors.js';

const MAX_ITEMS = 20;

/** Field path as the API's users write it: reservations[0].from */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || 'body';
}

/** One code-6 error per schema problem, each naming the field. */
export function zodErrorItems(error: z.ZodError, body: unknown): CmErrorItem[] {
  const items = error.issues.slice(0, MAX_ITEMS).map((issue) => ({
    code: CmErrorCode.ValidationError,
    message: `Invalid '${fieldPath(issue.path)}': ${describe(issue, valueAt(body, issue.path))}`,
  }));
  if (error.issues.length > MAX_ITEMS) {
    items.push({ code: CmErrorCode.ValidationError, message: `...and ${error.issues.length - MAX_ITEMS} more problems.` });
  }
  return items;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let v = body;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describe(issue: z.core.$ZodIssue, received: unknown): string {
  if (issue.code === 'invalid_type') {
    if (received === undefined) return `this field is required (${issue.expected}).`;
    return `expected ${issue.expected}, got ${received === null ? 'null' : Array.isArray(received) ? 'array' : typeof received}.`;
  }
  return issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
}
