import type { Finding, JournalEntry } from '../journal/entry.js';
import { serializeEntry, type Journal } from '../journal/journal.js';
import { journalIndex } from './index.js';

/**
 * The dashboard's view of the journal: one-line summaries, filtered on the server and answered a
 * window at a time, so a browser showing 100,000 calls holds only the rows on screen.
 */
export interface CallFilter {
  api?: string;
  operation?: string;
  direction?: string;
  connection?: string;
  /** An exact status (`200`), a class (`2xx`, `4xx`, `5xx`), `failed` (not accepted or no answer) or `ok`. */
  status?: string;
  /** `any`, `error`, `warning` or `none`. */
  findings?: string;
  runId?: string;
  stepId?: string;
  /** Case-insensitive text anywhere in the entry: operation, ids, bodies, findings. */
  q?: string;
}

export const FILTER_KEYS = ['api', 'operation', 'direction', 'connection', 'status', 'findings', 'runId', 'stepId', 'q'] as const;

export interface CallSummary {
  seq: number;
  id: string;
  time: string;
  direction: string;
  api: string;
  operation: string;
  connection?: string;
  status: number;
  success?: boolean;
  errorCodes?: number[];
  durationMs: number;
  findings: { error: number; warning: number; info: number };
  messageId?: string;
  relatedMessageId?: string;
  runId?: string;
  stepId?: string;
  failure?: string;
}

export function summarize(e: JournalEntry): CallSummary {
  const findings = { error: 0, warning: 0, info: 0 };
  for (const f of e.findings) findings[f.severity]++;
  return {
    seq: e.seq,
    id: e.id,
    time: e.time,
    direction: e.direction,
    api: e.api,
    operation: e.operation,
    connection: e.connection,
    status: e.status,
    success: e.success,
    errorCodes: e.errorCodes,
    durationMs: e.durationMs,
    findings,
    messageId: e.messageId,
    relatedMessageId: e.relatedMessageId,
    runId: e.runId,
    stepId: e.stepId,
    failure: e.failure,
  };
}

/** Whether a call went wrong: no answer, an error status, or an API-level refusal. */
export const failed = (e: JournalEntry) => e.failure !== undefined || e.success === false || e.status >= 400 || (e.status === 0 && e.method !== '-');

function findingsMatcher(findings: string | undefined): ((f: Finding[]) => boolean) | undefined {
  if (!findings) return undefined;
  if (findings === 'any') return (f) => f.length > 0;
  if (findings === 'none') return (f) => f.length === 0;
  if (findings === 'error') return (f) => f.some((x) => x.severity === 'error');
  if (findings === 'warning') return (f) => f.some((x) => x.severity === 'error' || x.severity === 'warning');
  throw new RangeError(`findings must be any, error, warning or none; got '${findings}'`);
}

export interface CallPage {
  /** Entries in memory, matching or not. */
  total: number;
  evicted: number;
  /** Entries matching the filter. */
  matched: number;
  /** Sequence number of the newest entry in memory (0 when empty). */
  lastSeq: number;
  offset: number;
  /** Newest first. */
  rows: CallSummary[];
  /** Distinct values seen, for the filter menus. */
  facets?: { operations: string[]; connections: string[] };
}

/** The window [offset, offset + limit) of the matching entries, newest first. */
export function searchCalls(journal: Journal, filter: CallFilter, offset = 0, limit = 100, withFacets = false): CallPage {
  const index = journalIndex(journal, failed);
  index.warm();
  // Fields kept in the index are compared there; findings and text need the entry itself.
  const wanted = (interned: { find(v: string): number }, value: string | undefined) => (value ? interned.find(value) : 0);
  const op = wanted(index.operations, filter.operation);
  const api = wanted(index.apis, filter.api);
  const conn = wanted(index.connections, filter.connection);
  const run = wanted(index.runs, filter.runId);
  const step = wanted(index.steps, filter.stepId);
  const direction = filter.direction === 'inbound' ? 1 : filter.direction === 'outbound' ? 0 : filter.direction ? -1 : undefined;
  const status = statusColumns(filter.status);
  const findings = findingsMatcher(filter.findings);
  const q = filter.q?.trim().toLowerCase();
  const rows: CallSummary[] = [];
  let matched = 0;
  const none = op < 0 || api < 0 || conn < 0 || run < 0 || step < 0 || direction === -1;
  for (let i = index.length - 1; i >= index.start && !none; i--) {
    if (op && index.op[i] !== op) continue;
    if (api && index.api[i] !== api) continue;
    if (conn && index.conn[i] !== conn) continue;
    if (run && index.run[i] !== run) continue;
    if (step && index.step[i] !== step) continue;
    if (direction !== undefined && index.inbound[i] !== direction) continue;
    if (status && !status(index.status[i], index.failed[i])) continue;
    if (findings && !findings(index.findings[i])) continue;
    if (q && !index.textAt(i).includes(q)) continue;
    if (matched >= offset && rows.length < limit) rows.push(summarize(index.entry[i]));
    matched++;
  }
  const total = index.length - index.start;
  return {
    total,
    evicted: journal.evicted,
    matched,
    lastSeq: total ? index.seq[index.length - 1] : 0,
    offset,
    rows,
    ...(withFacets && { facets: { operations: index.operations.values.slice(1).sort(), connections: index.connections.values.slice(1).sort() } }),
  };
}

/** The status filter over the index's columns (status code, failed flag). */
function statusColumns(status: string | undefined): ((code: number, failed: number) => boolean) | undefined {
  if (!status) return undefined;
  if (status === 'failed') return (_c, f) => f === 1;
  if (status === 'ok') return (_c, f) => f === 0;
  const cls = /^([0-5])xx$/i.exec(status);
  if (cls) {
    const want = Number(cls[1]);
    return (c) => Math.floor(c / 100) === want;
  }
  if (/^\d{1,3}$/.test(status)) {
    const want = Number(status);
    return (c) => c === want;
  }
  throw new RangeError(`status must be a number, 2xx/3xx/4xx/5xx, ok or failed; got '${status}'`);
}

const DETAIL_LIMIT = 512 * 1024;

export function callDetail(journal: Journal, seq: number): { entry: unknown; links: (CallSummary & { relation: string })[] } | undefined {
  const entries = journal.all();
  const at = entries.findIndex((e) => e.seq === seq);
  if (at === -1) return undefined;
  const entry = entries[at];
  const links: (CallSummary & { relation: string })[] = [];
  for (const e of entries) {
    if (e === entry) continue;
    let relation: string | undefined;
    if (entry.messageId && e.relatedMessageId === entry.messageId) relation = 'confirmed by';
    else if (entry.relatedMessageId && e.messageId === entry.relatedMessageId) relation = 'confirms';
    else if (entry.messageId && e.messageId === entry.messageId && e.operation === entry.operation) relation = 'same message';
    if (relation) links.push({ ...summarize(e), relation });
  }
  // Re-sends of an unaccepted push carry a new messageId each time and an "Attempt n" finding.
  const attempt = (e: JournalEntry) => Number(/^Attempt (\d+) of/.exec(e.findings.find((f) => f.kind === 'retry')?.message ?? '')?.[1] ?? 1);
  const sameCall = (e: JournalEntry) => e.direction === entry.direction && e.operation === entry.operation && e.connection === entry.connection;
  let n = attempt(entry);
  for (let i = at - 1; i >= 0 && n > 1; i--) {
    const e = entries[i];
    if (sameCall(e) && attempt(e) === n - 1) {
      links.push({ ...summarize(e), relation: `attempt ${n - 1}` });
      n--;
    }
  }
  for (let i = at + 1, next = attempt(entry) + 1; i < entries.length; i++) {
    const e = entries[i];
    if (sameCall(e) && attempt(e) === next) {
      links.push({ ...summarize(e), relation: `attempt ${next}` });
      next++;
    } else if (sameCall(e) && attempt(e) === 1) break;
  }
  links.sort((a, b) => a.seq - b.seq);
  // The entry as the journal serializes it: bodies kept as text come back as they were sent.
  const text = serializeEntry(entry);
  if (text.length <= DETAIL_LIMIT) return { entry: JSON.parse(text), links };
  // A full push can be 150 MB: the page gets the start of it, the export has all of it.
  const { request: _request, response: _response, ...meta } = entry;
  return { entry: { ...meta, truncated: { bytes: text.length, text: text.slice(0, DETAIL_LIMIT) } }, links };
}
