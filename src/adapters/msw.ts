import { http, type HttpHandler } from 'msw';
import { DEFAULT_BODY_LIMIT, isBytes, joinBytes, type SimResponse } from '../engine/http.js';
import type { Simulator } from '../simulator.js';

/** Hosts intercepted by default: the Mews demo and production platforms and their PCI push proxies. */
export const MEWS_HOSTS = [
  'https://api.mews-demo.com',
  'https://api.mews.com',
  'https://sandbox.pci-proxy.com',
  'https://api.pci-proxy.com',
];

export interface MswOptions {
  /** Base URLs to intercept instead of (or, with `extraBaseUrls`, besides) the Mews hosts. */
  baseUrls?: string[];
  extraBaseUrls?: string[];
}

/**
 * MSW adapter: request handlers that answer calls to Mews from inside a test process, with the
 * same engine as the Express server. Use with `setupServer(...createMswHandlers(sim))`.
 */
export function createMswHandlers(sim: Simulator, options: MswOptions = {}): HttpHandler[] {
  const limit = sim.options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const bases = [...(options.baseUrls ?? MEWS_HOSTS), ...(options.extraBaseUrls ?? [])].map((b) => b.replace(/\/+$/, ''));
  return bases.map((base) =>
    // A predicate, not a path pattern: MSW decodes pattern parameters and would throw on a malformed % escape.
    http.all(({ request }) => request.url.startsWith(`${base}/`), async ({ request }) => {
      const url = new URL(request.url);
      const basePath = new URL(base).pathname.replace(/\/+$/, '');
      const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
      const buffer = request.body ? Buffer.from(await request.arrayBuffer()) : Buffer.alloc(0);
      const headers: Record<string, string> = {};
      request.headers.forEach((v, k) => (headers[k] = v));
      const response = await sim.handle({
        method: request.method,
        path,
        query: url.searchParams,
        headers,
        body: buffer.length > limit ? undefined : buffer.toString('utf8'),
        bodyBytes: buffer.length,
      });
      return toFetchResponse(response);
    }),
  );
}

function toFetchResponse(sim: SimResponse): Response {
  if (sim.drop) return Response.error();
  const headers = new Headers(sim.headers);
  const body = sim.body;
  if (body === undefined || typeof body === 'string' || isBytes(body)) {
    const whole = body === undefined || typeof body === 'string' ? body : joinBytes(body);
    return new Response(sim.status === 204 ? null : ((whole ?? null) as BodyInit | null), { status: sim.status, headers });
  }
  const iterator = body[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await iterator.next();
      if (r.done) controller.close();
      else controller.enqueue(encoder.encode(r.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, { status: sim.status, headers });
}
