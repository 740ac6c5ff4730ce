import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { bodyBytes, DEFAULT_BODY_LIMIT, isBytes, type SimRequest, type SimResponse } from '../engine/http.js';
import type { Simulator } from '../simulator.js';

/**
 * node:http adapter: one handler that gives every request to the simulator. It reads the raw body
 * itself (no body parser), so invalid JSON, wrong content types and oversized bodies reach the engine
 * and get each API's own error shape, exactly as through the MSW adapter. Connect-style, so it mounts
 * in Express (see express.ts); `mews-sim serve` uses it on a bare node:http server, without loading Express.
 */
export function simulatorMiddleware(sim: Simulator): SimulatorMiddleware {
  const limit = sim.options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  return async (req, res, next) => {
    try {
      const simRequest = await toSimRequest(req, limit);
      const simResponse = await sim.handle(simRequest);
      await send(req, res, simResponse);
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Connect-style middleware (Express, Connect, a bare node:http handler with a `next`). Typed with node:http
 * only, so the published declarations need no framework types.
 */
export type SimulatorMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** A node:http server serving the simulator (health, admin API, both APIs); call `listen` on it. */
export function createSimulatorServer(sim: Simulator): Server {
  const handle = simulatorMiddleware(sim);
  return createServer((req, res) =>
    handle(req, res, () => {
      // Only a failure reading the request gets here (sim.handle answers every error itself).
      if (res.headersSent) return void res.destroy();
      res.statusCode = 500;
      res.end();
    }),
  );
}

async function toSimRequest(req: IncomingMessage, limit: number): Promise<SimRequest> {
  // Mounted in Express under a path, originalUrl keeps the full path the client sent.
  const { pathname, searchParams } = splitUrl((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  const { text, bytes } = await readBody(req, limit);
  return { method: req.method ?? 'GET', path: pathname, query: searchParams, headers, body: text, bodyBytes: bytes };
}

const EMPTY_QUERY = new URLSearchParams();

/** Path and query of a request target; the full URL parser only for targets that need it (escapes, dot segments, no query is the common case). */
function splitUrl(target: string): { pathname: string; searchParams: URLSearchParams } {
  if (/^\/[A-Za-z0-9/_.~-]*$/.test(target) && !target.includes('/.')) return { pathname: target, searchParams: EMPTY_QUERY };
  const url = new URL(target, 'http://mews-sim.local');
  return { pathname: url.pathname, searchParams: url.searchParams };
}

/** Reads the body up to `limit` bytes; past it, keeps counting but drops the data. */
function readBody(req: IncomingMessage, limit: number): Promise<{ text: string | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
      // Past the limit the data is drained (so the client reads the 413); only a flood is cut off.
      else if (bytes > Math.max(limit * 4, 64 * 1024 * 1024)) req.destroy();
    });
    req.on('end', () => resolve({ text: bytes > limit ? undefined : Buffer.concat(chunks).toString('utf8'), bytes }));
    req.on('close', () => resolve({ text: bytes > limit ? undefined : Buffer.concat(chunks).toString('utf8'), bytes }));
    req.on('error', reject);
  });
}

async function send(req: IncomingMessage, res: ServerResponse, sim: SimResponse): Promise<void> {
  if (sim.drop) {
    req.socket.destroy();
    return;
  }
  res.statusCode = sim.status;
  for (const [k, v] of Object.entries(sim.headers)) res.setHeader(k, v);
  if (sim.body === undefined) {
    res.end();
    return;
  }
  const body = sim.body;
  if (isBytes(body) && !(body instanceof Uint8Array)) {
    // Pieces of cached bytes: corked, they leave in one vectored write, with no page-sized copy.
    res.setHeader('content-length', bodyBytes(body));
    res.cork();
    for (const piece of body) res.write(piece);
    res.end();
    res.uncork();
    return;
  }
  if (typeof body === 'string') {
    // Text with its length: node:http prepends the headers to it, and both leave in one plain write.
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  if (body instanceof Uint8Array) {
    res.setHeader('content-length', body.byteLength);
    res.end(body);
    return;
  }
  // Streamed body (journal export or live feed): stop reading when the client goes away.
  const iterator = body[Symbol.asyncIterator]();
  const stop = () => void iterator.return?.();
  req.on('close', stop);
  res.flushHeaders();
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      if (!res.write(r.value)) await new Promise((ok) => res.once('drain', ok));
    }
  } finally {
    req.off('close', stop);
    res.end();
  }
}
