/**
 * Reads the property tables of the Mews Connector API docs (operations/*.md) and writes zod request
 * and response schemas for every documented operation to src/connector/schemas.generated.ts.
 *
 *   npx tsx scripts/generate-connector-schemas.ts /path/to/mews-docs/connector-api
 *
 * Only the tables' facts are used (names, types, required/optional, enums, max lengths and item
 * counts, interval maxima); hand-written corrections for garbled tables come from
 * src/connector/schema-overrides.ts and are listed in docs/fidelity.md.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { FIELD_OVERRIDES, TYPE_OVERRIDES, type FieldOverride } from '../src/connector/schema-overrides.js';

const docs = process.argv[2] ?? process.env.MEWS_DOCS ?? '/work/mews-docs/connector-api';
const OUT = 'src/connector/schemas.generated.ts';

interface Field {
  name: string;
  type: string;
  required: boolean;
  deprecated: boolean;
  maxItems?: number;
  maxLength?: number;
  maxMonths?: number;
}
interface TypeDef {
  key: string;
  title: string;
  fields?: Field[];
  enum?: string[];
}
interface Operation {
  path: string;
  title: string;
  file: string;
  deprecated: boolean;
  request: Field[];
  response: Field[];
}

const slug = (heading: string) =>
  heading
    .replace(/~~/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .trim()
    .replace(/ /g, '-');

const types = new Map<string, TypeDef>();
const operations: Operation[] = [];

function parseRow(line: string, file: string): Field | undefined {
  const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
  if (cells.length < 3) return undefined;
  const deprecated = cells[0].includes('~~');
  const name = cells[0].replace(/~~/g, '').replace(/`/g, '').trim();
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name) && name !== '?Key?') return undefined;
  const type = cells[1].replace(/~~/g, '').replace(/\[([^\]]*)\]\(([^)]*)\)/g, (_m, _t: string, href: string) => `@${resolve(file, href)}`).trim();
  const contract = cells[2].replace(/~~/g, '').trim();
  const f: Field = { name, type, required: /^required/.test(contract) && !deprecated, deprecated };
  const items = /max (\d+) items?/.exec(contract);
  if (items) f.maxItems = Number(items[1]);
  const length = /max length (\d+) characters/.exec(contract);
  if (length) f.maxLength = Number(length[1]);
  const months = /max length (\d+) months?/.exec(contract);
  if (months) f.maxMonths = Number(months[1]);
  const days = /max length (\d+) days/.exec(contract);
  if (days) f.maxMonths = Number(days[1]) / 30;
  return f;
}

/** "file.md#anchor" of a link, relative to the docs' connector-api folder. */
function resolve(file: string, href: string): string {
  const [target, anchor = ''] = href.split('#');
  const path = target ? posix.normalize(posix.join(posix.dirname(file), target)) : file;
  return `${path}#${anchor}`;
}

function parseFile(file: string): void {
  const lines = readFileSync(join(docs, file), 'utf8').split('\n');
  let heading: { level: number; title: string; key: string } | undefined;
  let op: Operation | undefined;
  let part: 'request' | 'response' | undefined;
  const seen = new Map<string, number>();
  for (const raw of lines) {
    const line = raw.trimEnd();
    const h = /^(#{2,4}) (.+)$/.exec(line);
    if (h) {
      const level = h[1].length;
      const title = h[2].trim();
      let key = slug(title);
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      if (n > 0) key = `${key}-${n}`;
      heading = { level, title, key: `${file}#${key}` };
      if (level === 2) {
        op = { path: '', title: title.replace(/~~/g, ''), file, deprecated: title.includes('~~'), request: [], response: [] };
        part = undefined;
      } else if (title === 'Request' || title === 'Response') {
        part = title === 'Request' ? 'request' : 'response';
      } else {
        part = undefined;
      }
      continue;
    }
    if (op && /^> .*Deprecated!/.test(line)) op.deprecated = true;
    const path = /^`\[PlatformAddress\]\/api\/connector\/v1\/([^`]+)`/.exec(line);
    if (path && op && part === 'request') {
      op.path = path[1];
      operations.push(op);
      continue;
    }
    if (!heading) continue;
    if (line.startsWith('| ') && !/^\| (Property|:--)/.test(line) && !line.startsWith('| :')) {
      const field = parseRow(line, file);
      if (!field) continue;
      if (part && op) {
        op[part].push(field);
      } else {
        const def = types.get(heading.key) ?? { key: heading.key, title: heading.title };
        if (def.enum) continue;
        (def.fields ??= []).push(field);
        types.set(heading.key, def);
      }
      continue;
    }
    const bullet = /^[*-] `([^`]+)`/.exec(line);
    if (bullet && !part) {
      const def = types.get(heading.key) ?? { key: heading.key, title: heading.title };
      if (def.fields) continue;
      (def.enum ??= []).push(bullet[1].trim());
      types.set(heading.key, def);
    }
  }
}

const files = readdirSync(join(docs, 'operations'))
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .sort();
for (const f of files) parseFile(`operations/${f}`);
parseFile('guidelines/pagination.md');

// Hand-written corrections of garbled tables.
for (const [key, fields] of Object.entries(FIELD_OVERRIDES)) {
  const target = key.includes('#') ? types.get(key)?.fields : operations.find((o) => `${o.path}:request` === key || `${o.path}:response` === key)?.[key.endsWith(':request') ? 'request' : 'response'];
  if (!target) throw new Error(`Override ${key} matches no table`);
  for (const [name, change] of Object.entries(fields as Record<string, FieldOverride>)) {
    const field = target.find((f) => f.name === name);
    if (field) Object.assign(field, change);
    else if (change.type) target.push({ name, type: change.type, required: change.required ?? false, deprecated: false, ...change });
    else throw new Error(`Override ${key}.${name} matches no row`);
  }
}

// Special shapes the tables describe in prose.
const SPECIAL: Record<string, string> = {
  'guidelines/pagination.md#limitation': 'LimitationSchema',
  'operations/_objects.md#time-interval': 'TimeIntervalSchema',
  'operations/_objects.md#localized-text': 'z.record(z.string(), z.string())',
  'operations/_objects.md#dictionary': 'z.record(z.string(), z.string())',
  'operations/_objects.md#hybrid-identifier': 'z.string()',
  ...TYPE_OVERRIDES,
};

const pascal = (s: string) =>
  s
    .replace(/\(ver (\d{4})-(\d{2})-(\d{2})\)/g, 'Ver$1$2$3')
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

// Unique TypeScript names for the types that are used.
const names = new Map<string, string>();
const taken = new Set<string>();
function nameOf(key: string): string {
  let n = names.get(key);
  if (n) return n;
  const def = types.get(key)!;
  n = pascal(def.title) || 'Anonymous';
  if (taken.has(n)) n = `${n}${pascal(key.split('#')[0].replace(/^operations\//, '').replace(/\.md$/, ''))}`;
  while (taken.has(n)) n = `${n}_`;
  taken.add(n);
  names.set(key, n);
  return n;
}

const emitted: string[] = [];
const state = new Map<string, 'visiting' | 'done'>();
const unresolved = new Set<string>();

function typeExpr(type: string, mode: 'field'): string {
  const t = type.replace(/\s+/g, ' ').trim();
  const array = /^array(?: of)? (.+)$/.exec(t);
  if (array) return `z.array(${typeExpr(array[1], mode)})`;
  if (t === 'array,null') return 'z.array(z.unknown())';
  const ref = /@([^\s]+)/.exec(t);
  if (ref && !/^string @/.test(t)) return refExpr(ref[1]);
  const base = t.split(' ')[0];
  switch (base) {
    case 'string':
    case 'strings':
      return 'z.string()';
    case 'boolean':
      return 'z.boolean()';
    case 'integer':
      return 'z.number().int()';
    case 'number':
    case 'decimal':
      return 'z.number()';
    case 'object':
      return 'z.record(z.string(), z.unknown())';
    default:
      return 'z.unknown()';
  }
}

function refExpr(key: string): string {
  if (SPECIAL[key]) return SPECIAL[key];
  const def = types.get(key);
  if (!def) {
    unresolved.add(key);
    return 'z.unknown()';
  }
  const name = nameOf(key);
  if (state.get(key) === 'visiting') return `z.lazy(() => ${name}())`;
  if (!state.has(key)) emitType(key);
  return `${name}()`;
}

function fieldExpr(f: Field): string {
  let e = typeExpr(f.type, 'field');
  if (f.maxItems !== undefined && e.startsWith('z.array(')) e += `.max(${f.maxItems})`;
  if (f.maxLength !== undefined && e === 'z.string()') e += `.max(${f.maxLength})`;
  if (!f.required) e += '.nullish()';
  return e;
}

function objectExpr(fields: Field[]): string {
  const keyed = fields.filter((f) => f.name !== '?Key?');
  if (keyed.length === 0 && fields.length) return `z.record(z.string(), ${typeExpr(fields[0].type, 'field')})`;
  const seen = new Set<string>();
  const body = keyed
    .filter((f) => !seen.has(f.name) && seen.add(f.name))
    .map((f) => `  ${f.name}: ${fieldExpr(f)},`)
    .join('\n');
  return `z.object({\n${body}\n})`;
}

function emitType(key: string): void {
  state.set(key, 'visiting');
  const def = types.get(key)!;
  const name = nameOf(key);
  let expr: string;
  if (def.enum) expr = `z.enum(${JSON.stringify([...new Set(def.enum)])})`;
  else expr = objectExpr(def.fields ?? []);
  state.set(key, 'done');
  emitted.push(`/** ${def.title} (${key}) */\nexport const ${name} = once((): z.ZodType => ${expr}.meta({ id: 'Connector${name}' }));`);
}

const seenPaths = new Set<string>();
const ops = operations.filter((o) => o.file !== 'operations/discontinued.md' && !seenPaths.has(o.path) && seenPaths.add(o.path));
const discontinued = operations.filter((o) => o.file === 'operations/discontinued.md');
const opLines: string[] = [];
for (const op of ops) {
  const intervals = Object.fromEntries(op.request.filter((f) => f.maxMonths !== undefined).map((f) => [f.name, f.maxMonths!]));
  const req = objectExpr(op.request);
  const res = `${op.response.length ? objectExpr(op.response) : 'z.object({})'}.meta({ id: '${opId(op.path)}Response' })`;
  opLines.push(
    `  '${op.path}': operation(${JSON.stringify(op.title)}, '${op.file}#${slug(op.title)}', ${op.deprecated}, ${JSON.stringify(intervals)},\n    () => ${indent(req)},\n    () => ${indent(res)}),`,
  );
}
function opId(path: string): string {
  return path
    .split('/')
    .map((p) => p.replace(/[^A-Za-z0-9]/g, ''))
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}
function indent(s: string): string {
  return s.replace(/\n/g, '\n    ');
}

const out = `// Generated by scripts/generate-connector-schemas.ts from the property tables of the Mews Connector API
// docs (operations/*.md). Do not edit: change schema-overrides.ts or the script and regenerate (README).
import { z } from 'zod';
import { LimitationSchema } from './pagination.js';
import { TimeIntervalSchema } from './time.js';

/** Schemas are built on first use: building all of them costs more than a cold start may. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

${emitted.join('\n\n')}

export interface DocumentedOperation {
  /** The heading of the operation in the docs. */
  title: string;
  /** Where it is documented: file#anchor under connector-api/. */
  doc: string;
  deprecated: boolean;
  /** Time interval filters with a documented maximum length, in months. */
  intervals: Record<string, number>;
  readonly request: z.ZodObject;
  readonly response: z.ZodObject;
}

function operation(title: string, doc: string, deprecated: boolean, intervals: Record<string, number>, request: () => z.ZodObject, response: () => z.ZodObject): DocumentedOperation {
  const req = once(request);
  const res = once(response);
  return {
    title,
    doc,
    deprecated,
    intervals,
    get request() {
      return req();
    },
    get response() {
      return res();
    },
  };
}

/** Every non-discontinued Connector API operation, by path after /api/connector/v1/. */
export const DOCUMENTED_OPERATIONS: Record<string, DocumentedOperation> = {
${opLines.join('\n')}
};

/** Discontinued operations: they answer an error naming the replacement. */
export const DISCONTINUED_OPERATIONS: Record<string, { title: string }> = ${JSON.stringify(Object.fromEntries(discontinued.map((o) => [o.path, { title: o.title }])), null, 2)};
`;
writeFileSync(OUT, out);
console.log(`wrote ${OUT}: ${ops.length} operations, ${emitted.length} types, ${discontinued.length} discontinued; unresolved references: ${[...unresolved].join(', ') || 'none'}`);
