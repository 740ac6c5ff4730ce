import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { JournalEntry } from '../journal/entry.js';
import { ReviewInputError } from './declaration.js';

/**
 * Journal entries, one at a time, from an NDJSON file (`--journal-file`, or an export saved from
 * GET /_sim/journal/export) or from a running simulator (`--url`): nothing is held but the line
 * being read. A line that is not a journal entry stops the review with its file, line and reason.
 */
export async function* readJournalFile(file: string): AsyncGenerator<JournalEntry> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err: NodeJS.ErrnoException) => reject(new ReviewInputError(file, '', `cannot be read (${err.code ?? err.message})`)));
  });
  await opened;
  yield* entriesOf(stream, file);
}

export interface LiveSource {
  url: string;
  adminToken?: string;
  world?: string;
}

const adminBase = (source: LiveSource) => `${source.url.replace(/\/+$/, '')}/_sim${source.world ? `/worlds/${encodeURIComponent(source.world)}` : ''}`;
const adminHeaders = (source: LiveSource): Record<string, string> => (source.adminToken ? { authorization: `Bearer ${source.adminToken}` } : {});

/** How many entries the running simulator has already dropped from memory (they cannot be reviewed from --url). */
export async function evictedEntries(source: LiveSource): Promise<number> {
  try {
    const res = await fetch(`${adminBase(source)}/journal?limit=1`, { headers: adminHeaders(source) });
    if (!res.ok) return 0;
    const body = (await res.json()) as { evicted?: unknown };
    return typeof body.evicted === 'number' ? body.evicted : 0;
  } catch {
    return 0;
  }
}

/** The whole journal of a running mews-sim, streamed from GET /_sim/journal/export. */
export async function* readJournalUrl(source: LiveSource): AsyncGenerator<JournalEntry> {
  const address = `${adminBase(source)}/journal/export`;
  let res: Response;
  try {
    res = await fetch(address, { headers: adminHeaders(source) });
  } catch (err) {
    throw new ReviewInputError(address, '', `no answer (${(err as Error).cause ? String((err as { cause: Error }).cause.message) : (err as Error).message}); is mews-sim running there?`);
  }
  if (!res.ok || !res.body) {
    const hint = res.status === 401 ? ' (pass --admin-token or MEWS_SIM_ADMIN_TOKEN)' : '';
    throw new ReviewInputError(address, '', `answered HTTP ${res.status}${hint}: ${(await res.text()).slice(0, 200)}`);
  }
  yield* entriesOf(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>).setEncoding('utf8'), address);
}

async function* entriesOf(input: NodeJS.ReadableStream, file: string): AsyncGenerator<JournalEntry> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new ReviewInputError(file, `line ${n}`, `not JSON (${(err as Error).message})`);
    }
    const problem = problemOf(value);
    if (problem) throw new ReviewInputError(file, `line ${n} ${problem.path}`, problem.reason);
    yield value as JournalEntry;
  }
}

const FIELDS: [string, string][] = [
  ['id', 'string'],
  ['seq', 'number'],
  ['time', 'string'],
  ['direction', 'string'],
  ['api', 'string'],
  ['operation', 'string'],
  ['status', 'number'],
];

/** The fields the review relies on, checked by hand: a schema parse per line would cost more than the review. */
function problemOf(value: unknown): { path: string; reason: string } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path: '$', reason: 'a journal entry must be a JSON object' };
  const e = value as Record<string, unknown>;
  for (const [field, type] of FIELDS) if (typeof e[field] !== type) return { path: `$.${field}`, reason: `required ${type}${e[field] === undefined ? ' is missing' : `, got ${JSON.stringify(e[field])?.slice(0, 40)}`}` };
  if (Number.isNaN(Date.parse(e.time as string))) return { path: '$.time', reason: `not an ISO 8601 instant: ${JSON.stringify(e.time)}` };
  if (typeof e.request !== 'object' || e.request === null) return { path: '$.request', reason: 'required object is missing' };
  return undefined;
}
