/**
 * Framework-free request and response: the only shapes the adapters (Express, MSW) exchange with
 * the engine, so both serve byte-for-byte the same behaviour.
 */
export interface SimRequest {
  method: string;
  /** Path without the query string, exactly as sent (case and trailing slash preserved). */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** Raw body text; undefined when the body was larger than the limit and not read. */
  body: string | undefined;
  /** Size in bytes of the body as received, even when it was not kept. */
  bodyBytes: number;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  /** Text body, or a stream of text chunks (journal export and live feed). */
  body: string | AsyncIterable<string> | undefined;
  /** Drop the connection without answering (an injected "no answer" fault). */
  drop?: boolean;
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

export function jsonResponse(status: number, payload: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(payload) };
}

/** Default cap on request bodies; a processGroup of 100 reservations is well under it. */
export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

const serialized = new WeakMap<object, string>();

/** JSON text of a payload, memoized for payload objects that are cached and never mutated. */
export function toJson(payload: object, memoize = false): string {
  const hit = serialized.get(payload);
  if (hit !== undefined) return hit;
  const text = JSON.stringify(payload);
  if (memoize) serialized.set(payload, text);
  return text;
}

/** Marks a cached payload so its JSON text is computed once. */
export function memoizeJson<T extends object>(payload: T): T {
  toJson(payload, true);
  return payload;
}

/** Registers the JSON text an answer is sent as (built from cached pieces); the object stands for it in the journal. */
export function presetJson<T extends object>(payload: T, text: string): T {
  serialized.set(payload, text);
  return payload;
}

/** The JSON text registered for a payload, if any. */
export function presetText(payload: object): string | undefined {
  return serialized.get(payload);
}
