/**
 * Reads the request example of every Connector operation in the docs (operations/*.md) and writes its
 * shape to test/connector/docs-request-shapes.json: the properties the example sends, with enum
 * values, codes, numbers and booleans kept and every identifier, timestamp and free text replaced by
 * a marker the docs-examples test fills from the demo world. The examples' own values stay theirs.
 *
 *   npx tsx scripts/docs-request-shapes.ts /path/to/mews-docs/connector-api
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const DEFAULT_DOCS = process.env.MEWS_DOCS ?? '/work/mews-docs/connector-api';
export const OUT = 'test/connector/docs-request-shapes.json';

export interface RequestShape {
  page: string;
  shape: Record<string, unknown>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UTC = /^(\d{4})-(\d\d)-(\d{1,2})T(\d\d:\d\d:\d\d)(\.\d+)?Z?$/;
const DATE = /^\d{4}-\d\d-\d\d$/;
const MONTH = /^\d{4}-\d\d$/;
// Enum values, ISO codes, durations, short codes: facts or too plain to be anyone's text.
const CODE = /^[A-Za-z0-9][A-Za-z0-9._\-#/*+:]{0,39}$/;
const TOKENS = new Set(['ClientToken', 'AccessToken', 'Client']);

const dayOf = (value: string): number | undefined => {
  const utc = UTC.exec(value);
  if (utc) return Date.UTC(+utc[1], +utc[2] - 1, +utc[3]) / 86_400_000;
  if (DATE.test(value)) return Date.parse(`${value}T00:00:00Z`) / 86_400_000;
  return undefined;
};

function earliestDay(value: unknown): number | undefined {
  if (typeof value === 'string') return dayOf(value);
  if (value === null || typeof value !== 'object') return undefined;
  const days = Object.values(value).map(earliestDay).filter((d): d is number => d !== undefined);
  return days.length ? Math.min(...days) : undefined;
}

/**
 * `$id:2`: the example's second distinct identifier (the same number is the same entity);
 * `$utc:+3d@23:00:00`: days after the example's earliest date, and the time of day it gives.
 */
function marker(value: string, key: string, anchor: number, ids: Map<string, number>): string {
  if (GUID.test(value)) {
    const id = value.toLowerCase();
    if (!ids.has(id)) ids.set(id, ids.size + 1);
    return `$id:${ids.get(id)}`;
  }
  if (value.startsWith('eid:')) return '$eid';
  const utc = UTC.exec(value);
  if (utc) return `$utc:+${dayOf(value)! - anchor}d@${utc[4]}`;
  if (DATE.test(value)) return `$date:+${dayOf(value)! - anchor}d`;
  if (MONTH.test(value)) return '$month';
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return '$email';
  if (/^https?:\/\//.test(value)) return '$url';
  if (value.length >= 40 && /^[A-Za-z0-9+/]+=*$/.test(value)) return '$base64';
  if (value === '' || CODE.test(value)) return value;
  return key === 'Phone' || key === 'Telephone' ? '$phone' : '$text';
}

export function shapeOf(example: Record<string, unknown>): Record<string, unknown> {
  const anchor = earliestDay(example) ?? 0;
  const ids = new Map<string, number>();
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return marker(value, key, anchor, ids);
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) if (!TOKENS.has(k) || key !== '') out[k] = walk(v, k);
      return out;
    }
    return value;
  };
  return walk(example, '') as Record<string, unknown>;
}

/** Every operation's request shape, by path, in the order of the docs' pages. */
export function buildShapes(docs: string): Record<string, RequestShape> {
  const out: Record<string, RequestShape> = {};
  const dir = join(docs, 'operations');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const section of text.split(/\n## /).slice(1)) {
      const request = /### Request\n([\s\S]*?)### Response/.exec(section)?.[1];
      if (!request) continue;
      const path = /`\[PlatformAddress\]\/api\/connector\/v1\/([^`]+)`/.exec(request)?.[1];
      const json = /```(?:javascript|json)\n([\s\S]*?)```/.exec(request)?.[1];
      if (!path || !json) continue;
      const slug = section.split('\n')[0].replace(/~~/g, '').toLowerCase().replace(/[^a-z0-9 -]/g, '').trim().replace(/ /g, '-');
      out[path] = { page: `operations/${file}#${slug}`, shape: shapeOf(JSON.parse(json) as Record<string, unknown>) };
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const shapes = buildShapes(process.argv[2] ?? DEFAULT_DOCS);
  writeFileSync(OUT, `${JSON.stringify(shapes, null, 1)}\n`);
  console.log(`wrote ${OUT}: ${Object.keys(shapes).length} operations`);
}
