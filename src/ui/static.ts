import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimRequest, SimResponse } from '../engine/http.js';

/** The dashboard's files: plain ES modules and CSS in ui/ at the package root, served as they are. */
export const UI_DIR = fileURLToPath(new URL('../../ui/', import.meta.url));
export const UI_PATH = '/_sim/ui';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

// Everything the page loads comes from this server: no CDN, no inline script.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const cache = new Map<string, { mtimeMs: number; bytes: Uint8Array }>();

function read(file: string): Uint8Array | undefined {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs) return hit.bytes;
    const bytes = readFileSync(file);
    cache.set(file, { mtimeMs: stat.mtimeMs, bytes });
    return bytes;
  } catch {
    return undefined;
  }
}

const notFound = (message: string): SimResponse => ({ status: 404, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: { message } }) });

/**
 * Serves a file of the dashboard. `rest` is the path after /_sim/ui; `base` is where the
 * dashboard is mounted (/_sim/ui, or /w/<world>/_sim/ui), so the page knows its world.
 */
export function serveUi(request: SimRequest, rest: string, base: string): SimResponse {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return { status: 405, headers: { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD' }, body: JSON.stringify({ error: { message: 'The dashboard is read with GET.' } }) };
  }
  // /_sim/ui without the slash: relative module paths need the directory form.
  if (rest === '') return { status: 308, headers: { location: `${base}/`, ...SECURITY_HEADERS }, body: undefined };
  let name: string;
  try {
    name = decodeURIComponent(rest.replace(/^\/+/, '')) || 'index.html';
  } catch {
    return notFound('Bad path.');
  }
  const file = normalize(join(UI_DIR, name));
  if (!file.startsWith(UI_DIR.endsWith(sep) ? UI_DIR : UI_DIR + sep) || name.includes('\0')) return notFound('Not part of the dashboard.');
  const type = TYPES[extname(file)];
  const bytes = type ? read(file) : undefined;
  if (!bytes || !type) return notFound(`The dashboard has no file ${name}.`);
  return { status: 200, headers: { 'content-type': type, ...SECURITY_HEADERS }, body: request.method === 'HEAD' ? undefined : bytes };
}

/** A browser asking for the server root is sent to the dashboard; API clients keep the JSON 404. */
export function wantsDashboard(request: SimRequest): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}
