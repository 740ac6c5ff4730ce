import type { Finding, JournalEntry } from '../journal/entry.js';
import { serializeEntry, type Journal } from '../journal/journal.js';

/** Entries up to this size keep their search text; larger ones (full pushes) are read each time. */
const TEXT_LIMIT = 64 * 1024;

/** Strings as small numbers (0: none), so a scan compares integers in a packed array. */
class Interned {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [''];

  id(value: string | undefined): number {
    if (value === undefined || value === '') return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of a value already seen; -1 when never seen (nothing can match). */
  find(value: string): number {
    return this.ids.get(value) ?? -1;
  }
}

/**
 * The journal's filterable fields, column by column, kept beside it and caught up on each query.
 * Reading one field of 100,000 entries scattered in memory costs a cache miss each (tens of
 * milliseconds); the same scan over packed integer columns costs about one.
 */
export class JournalIndex {
  readonly operations = new Interned();
  readonly apis = new Interned();
  readonly connections = new Interned();
  readonly runs = new Interned();
  readonly steps = new Interned();
  /** Position 0 of the columns is entries[start]; earlier positions were evicted. */
  start = 0;
  readonly seq: number[] = [];
  readonly entry: JournalEntry[] = [];
  readonly op: number[] = [];
  readonly api: number[] = [];
  readonly conn: number[] = [];
  readonly run: number[] = [];
  readonly step: number[] = [];
  readonly inbound: number[] = [];
  readonly status: number[] = [];
  readonly failed: number[] = [];
  /** The entry's findings array (it may grow after the entry is recorded). */
  readonly findings: Finding[][] = [];
  /** Lower-cased JSON of the entry for text search, once read; and how many findings it had then. */
  readonly text: (string | undefined)[] = [];
  readonly textFindings: number[] = [];
  private warming = false;

  constructor(private readonly isFailed: (e: JournalEntry) => boolean) {}

  /** Drops what the journal evicted or cleared, and adds what it recorded since. */
  catchUp(journal: Journal): void {
    const entries = journal.all();
    const first = entries.length ? entries[0].seq : Infinity;
    while (this.start < this.seq.length && this.seq[this.start] < first) {
      // Let go of evicted entries now: a full push's body can be megabytes.
      (this.entry as (JournalEntry | undefined)[])[this.start] = undefined;
      (this.findings as (Finding[] | undefined)[])[this.start] = undefined;
      this.text[this.start] = undefined;
      this.start++;
    }
    // Compact now and then rather than shifting on every eviction.
    if (this.start > 4096 && this.start * 2 > this.seq.length) this.compact();
    const last = this.seq.length ? this.seq[this.seq.length - 1] : 0;
    let from = entries.length;
    while (from > 0 && entries[from - 1].seq > last) from--;
    for (let i = from; i < entries.length; i++) this.add(entries[i]);
  }

  get length(): number {
    return this.seq.length;
  }

  private add(e: JournalEntry): void {
    this.seq.push(e.seq);
    this.entry.push(e);
    this.op.push(this.operations.id(e.operation));
    this.api.push(this.apis.id(e.api));
    this.conn.push(this.connections.id(e.connection));
    this.run.push(this.runs.id(e.runId));
    this.step.push(this.steps.id(e.stepId));
    this.inbound.push(e.direction === 'inbound' ? 1 : 0);
    this.status.push(e.status);
    this.failed.push(this.isFailed(e) ? 1 : 0);
    this.findings.push(e.findings);
    this.text.push(undefined);
    this.textFindings.push(0);
  }

  /** The search text of position i, read once and kept while the entry's findings are unchanged. */
  textAt(i: number): string {
    const cached = this.text[i];
    if (cached !== undefined && this.textFindings[i] === this.findings[i].length) return cached;
    const text = serializeEntry(this.entry[i]).toLowerCase();
    if (text.length <= TEXT_LIMIT) {
      this.text[i] = text;
      this.textFindings[i] = this.findings[i].length;
    } else this.textFindings[i] = -1;
    return text;
  }

  /**
   * Reads the text of entries not read yet, newest first, a few milliseconds at a time between
   * requests, so the first text search over a large journal finds most of it ready.
   */
  warm(sliceMs = 8): void {
    if (this.warming) return;
    this.warming = true;
    let i = this.length - 1;
    const slice = () => {
      // A compaction between slices shifts positions: never read past the end.
      i = Math.min(i, this.length - 1);
      const until = performance.now() + sliceMs;
      for (let n = 0; i >= this.start && (n % 64 !== 0 || performance.now() < until); i--, n++) {
        // -1: too large to keep; searches read it, the warm-up leaves it.
        if (this.text[i] === undefined && this.textFindings[i] !== -1) this.textAt(i);
      }
      if (i >= this.start) setImmediate(slice);
      else this.warming = false;
    };
    setImmediate(slice);
  }

  private compact(): void {
    const columns = [this.seq, this.entry, this.op, this.api, this.conn, this.run, this.step, this.inbound, this.status, this.failed, this.findings, this.text, this.textFindings];
    for (const column of columns as unknown[][]) column.splice(0, this.start);
    this.start = 0;
  }
}

const indexes = new WeakMap<Journal, JournalIndex>();

export function journalIndex(journal: Journal, isFailed: (e: JournalEntry) => boolean): JournalIndex {
  let index = indexes.get(journal);
  if (!index) indexes.set(journal, (index = new JournalIndex(isFailed)));
  index.catchUp(journal);
  return index;
}
