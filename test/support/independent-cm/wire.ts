/** JSON over fetch, and the small narrowing helpers the channel manager reads messages with. */

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface Answer {
  status: number;
  body: unknown;
}

/** One HTTP call with a JSON body; a network failure comes back as status 0. */
export async function callJson(url: string, body: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const raw = await res.text();
    let parsed: unknown = raw;
    try {
      parsed = raw ? JSON.parse(raw) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed };
  } catch (err) {
    return { status: 0, body: (err as Error).message };
  }
}

export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const round2 = (n: number) => Math.round(n * 100) / 100;
