import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { JournalEntry, NewJournalEntry } from './entry.js';

export interface JournalOptions {
  /** Entries kept in memory; the oldest are evicted first. */
  maxEntries?: number;
  /** Approximate bytes of bodies kept in memory (a 365-day push is ~150 MB); the oldest go first. */
  maxBytes?: number;
  /** Appends every entry as one NDJSON line; written synchronously so a crash loses nothing. */
  file?: string;
}

export interface JournalQuery {
  operation?: string;
  direction?: string;
  api?: string;
  connection?: string;
  /** ISO instant or entry sequence number: only entries after it. */
  since?: string | number;
  runId?: string;
  limit?: number;
}

type Listener = (entry: JournalEntry) => void;

const RAW = Symbol('raw body text');
const PARSED = Symbol('parsed body');
const RAW_MARKER = `raw-body-${randomUUID()}`;
type Raw = string | Uint8Array | readonly Uint8Array[];
const decoder = new TextDecoder();
type LazyHolder = { body: unknown; [RAW]: Raw; [PARSED]: unknown };

/** One getter shared by every holder: the holders keep one map and no closure each (~60 bytes, not ~330). */
function parsedBody(this: LazyHolder): unknown {
  let body = this[PARSED];
  if (body === undefined) body = this[PARSED] = JSON.parse(textOf(this[RAW]));
  return body;
}
const BODY = { get: parsedBody, enumerable: true };

/**
 * A body kept as the JSON that was sent (text or UTF-8 bytes) and parsed only when read: large pushes
 * and pages cost their bytes, not an object graph several times their size. `body` stays an own,
 * enumerable property, so the holder reads, compares and serializes like `{ body }`.
 */
export function lazyRequest(raw: Raw): { body: unknown } {
  const holder = {} as LazyHolder;
  Object.defineProperty(holder, RAW, { value: raw });
  Object.defineProperty(holder, PARSED, { value: undefined, writable: true });
  Object.defineProperty(holder, 'body', BODY);
  return holder;
}

const textOf = (raw: Raw): string => (typeof raw === 'string' ? raw : decoder.decode(raw instanceof Uint8Array ? raw : Buffer.concat(raw)));

const rawOf = (part: unknown): string | undefined => {
  const raw = (part as { [RAW]?: Raw } | undefined)?.[RAW];
  return raw === undefined ? undefined : textOf(raw);
};

/** JSON of an entry; lazily kept request and response bodies are spliced in as their original text. */
export function serializeEntry(entry: JournalEntry): string {
  const request = rawOf(entry.request);
  const response = rawOf(entry.response);
  if (request === undefined && response === undefined) return JSON.stringify(entry);
  const marker = `"${RAW_MARKER}"`;
  let text = JSON.stringify({
    ...entry,
    // A lazy holder has nothing but its body: spreading it would parse the body for nothing.
    request: request === undefined ? entry.request : { body: RAW_MARKER },
    ...(entry.response && { response: response === undefined ? entry.response : { body: RAW_MARKER } }),
  });
  for (const raw of [request, response]) {
    if (raw === undefined) continue;
    const at = text.indexOf(marker);
    text = text.slice(0, at) + raw + text.slice(at + marker.length);
  }
  return text;
}

/**
 * The record of every call of one world. Bounded in memory (it says how many entries it evicted),
 * optionally mirrored to an NDJSON file, and observable for live streaming.
 */
export class Journal {
  private entries: JournalEntry[] = [];
  private sizes: number[] = [];
  private bytes = 0;
  private head = 0;
  private nextSeq = 1;
  private evictedCount = 0;
  private fd: number | undefined;
  private readonly listeners = new Set<Listener>();
  readonly maxEntries: number;
  readonly maxBytes: number;

  constructor(
    readonly world: string,
    options: JournalOptions = {},
  ) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.maxBytes = Math.max(1, options.maxBytes ?? 64 * 1024 * 1024);
    if (options.file) {
      mkdirSync(dirname(options.file), { recursive: true });
      this.fd = openSync(options.file, 'a');
    }
  }

  /** Records an entry; `approxBytes` is the size of its bodies, for the memory budget. */
  record(entry: NewJournalEntry, approxBytes = 512): JournalEntry {
    const seq = this.nextSeq++;
    const full: JournalEntry = { id: `${this.world}-${seq}`, seq, world: this.world, ...entry };
    this.entries.push(full);
    this.sizes.push(approxBytes);
    this.bytes += approxBytes;
    while (this.entries.length - this.head > 1 && (this.entries.length - this.head > this.maxEntries || this.bytes > this.maxBytes)) {
      this.bytes -= this.sizes[this.head];
      // Drop the reference now: an evicted push body can be megabytes.
      (this.entries as (JournalEntry | undefined)[])[this.head] = undefined;
      this.head++;
      this.evictedCount++;
    }
    // Compact now and then instead of shifting on every eviction.
    if (this.head > 256 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    if (this.fd !== undefined) {
      try {
        writeSync(this.fd, serializeEntry(full) + '\n');
      } catch {
        // A full disk must not take the simulator down; memory still has the entry.
      }
    }
    for (const listener of this.listeners) listener(full);
    return full;
  }

  /** Updates an entry still in memory (an outbound call's answer arriving later). */
  amend(entry: JournalEntry, patch: Partial<NewJournalEntry>): void {
    Object.assign(entry, patch);
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  all(): JournalEntry[] {
    return this.entries.slice(this.head);
  }

  find(query: JournalQuery = {}): JournalEntry[] {
    const sinceSeq = typeof query.since === 'number' ? query.since : undefined;
    const sinceTime = typeof query.since === 'string' ? Date.parse(query.since) : undefined;
    const out: JournalEntry[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (query.operation && e.operation !== query.operation) continue;
      if (query.direction && e.direction !== query.direction) continue;
      if (query.api && e.api !== query.api) continue;
      if (query.connection && e.connection !== query.connection) continue;
      if (query.runId && e.runId !== query.runId) continue;
      if (sinceSeq !== undefined && e.seq <= sinceSeq) continue;
      if (sinceTime !== undefined && Date.parse(e.time) <= sinceTime) continue;
      out.push(e);
    }
    return query.limit !== undefined && out.length > query.limit ? out.slice(out.length - query.limit) : out;
  }

  /** Approximate bytes of an entry's bodies, as recorded. */
  approxBytes(entry: JournalEntry): number {
    // Entries sit in seq order, so an entry's place follows from its seq (no per-entry map to keep).
    const first = this.entries[this.head];
    const at = first ? this.head + entry.seq - first.seq : -1;
    return this.entries[at] === entry ? this.sizes[at] : 512;
  }

  clear(): void {
    this.entries = [];
    this.sizes = [];
    this.bytes = 0;
    this.head = 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
