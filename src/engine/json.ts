/**
 * Request-body parsing that never throws and never lets hostile input through: invalid JSON,
 * prototype keys and deep nesting each come back as a reason the API layer can put in its own
 * error shape.
 */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

export const MAX_JSON_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseJsonBody(text: string): ParsedBody {
  if (text.trim() === '') return { ok: false, reason: 'The request body is empty; a JSON object is expected.' };
  // Nesting cannot be deeper than the number of opening brackets: most bodies are checked by counting them.
  const depth = openersAtMost(text, MAX_JSON_DEPTH) ? 0 : nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    return { ok: false, reason: `The request body is nested ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `The request body is not valid JSON: ${(err as Error).message}` };
  }
  // A key can be written with escapes ("\u005f_proto__"): any escape means the parsed keys are checked.
  if (text.includes('__proto__') || text.includes('constructor') || text.includes('prototype') || text.includes('\\u')) {
    const path = findForbiddenKey(value, '$');
    if (path) return { ok: false, reason: `The request body contains the forbidden key at ${path}.` };
  }
  return { ok: true, value };
}

/** Whether the text holds at most `limit` opening brackets ("{" and "["), inside strings or not. */
function openersAtMost(text: string, limit: number): boolean {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++n > limit) return false;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++n > limit) return false;
  return true;
}

/** Deepest bracket nesting outside strings, found without recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) max = depth;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

function findForbiddenKey(value: unknown, path: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `${path}.${key}`;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** decodeURIComponent that answers undefined for a malformed escape (a path is input, not a trusted string). */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The first result `visit` gives, walking a parsed JSON value depth first: each value with its path
 * (`Items[0].UnitAmount`) and the property it stands for (an update value's `Value` stands for its parent's).
 */
export function firstInJson<T>(value: unknown, visit: (value: unknown, path: string, key: string) => T | undefined, path = '', key = ''): T | undefined {
  const found = visit(value, path, key);
  if (found !== undefined || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = firstInJson(value[i], visit, `${path}[${i}]`, key);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const hit = firstInJson(v, visit, path ? `${path}.${k}` : k, k === 'Value' ? key : k);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
