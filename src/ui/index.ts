import type { JournalEntry } from '../journal/entry.js';
import type { Journal } from '../journal/journal.js';

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

  constructor(private readonly isFailed: (e: JournalEntry) => boolean) {}

  /** Drops what the journal evicted or cleared, and adds what it recorded since. */
  catchUp(journal: Journal): void {
    const entries = journal.all();
    const first = entries.length ? entries[0].seq : Infinity;
    while (this.start < this.seq.length && this.seq[this.start] < first) this.start++;
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
  }

  private compact(): void {
    for (const column of [this.seq, this.entry, this.op, this.api, this.conn, this.run, this.step, this.inbound, this.status, this.failed] as unknown[][]) column.splice(0, this.start);
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
