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
  /**
   * Text body; UTF-8 bytes, whole or as pieces sent in order (large answers assembled from cached
   * pieces); or a stream of text chunks (journal export and live feed).
   */
  body: string | Uint8Array | readonly Uint8Array[] | AsyncIterable<string> | undefined;
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
/** Where a payload carries the bytes it is sent as (a symbol key: JSON.stringify skips it, and no WeakMap entry per request). */
const PIECES = Symbol('json pieces');

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

/** Registers the UTF-8 JSON an answer is sent as, in pieces (cached bytes): no string built or encoded per request. */
export function presetBytes<T extends object>(payload: T, pieces: readonly Uint8Array[]): T {
  Object.defineProperty(payload, PIECES, { value: pieces });
  return payload;
}

/** The UTF-8 JSON pieces registered for a payload, if any. */
export function presetBody(payload: object): readonly Uint8Array[] | undefined {
  return (payload as { [PIECES]?: readonly Uint8Array[] })[PIECES];
}

/** Whether a body is bytes (whole or in pieces) rather than text or a stream. */
export const isBytes = (body: SimResponse['body']): body is Uint8Array | readonly Uint8Array[] => body instanceof Uint8Array || Array.isArray(body);

/** The bytes of a body given whole or in pieces, as one buffer. */
export const joinBytes = (body: Uint8Array | readonly Uint8Array[]): Uint8Array => (body instanceof Uint8Array ? body : Buffer.concat(body));

/** Size of a response body in bytes (0 for none or a stream). */
export function bodyBytes(body: SimResponse['body']): number {
  if (typeof body === 'string') return body.length;
  if (body instanceof Uint8Array) return body.byteLength;
  if (Array.isArray(body)) return (body as readonly Uint8Array[]).reduce((n, b) => n + b.byteLength, 0);
  return 0;
}
