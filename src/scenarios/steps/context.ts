import type { World } from '../../engine/world.js';
import type { JournalEntry } from '../../journal/entry.js';
import type { FileRoot } from '../files.js';
import { readPath } from '../interpolate.js';

/** A failed expectation: the message and, when there is one, the diff. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly diff?: string,
    readonly entries: string[] = [],
  ) {
    super(message);
  }
}

export interface StepContext {
  variables: Record<string, unknown>;
  startSeq: number;
  seqBefore: number;
  defaultTimeoutMs: number;
  timeoutFactor: number;
  /** Things a reader of the result must know although the step passed. */
  notes: string[];
  /** Where the scenario may read files (see files.ts). */
  fileRoot?: FileRoot;
  /** Journal sequence number at the start of each step so far, by step id (for expectCall's "since"). */
  stepStarts?: Map<string, number>;
  /** Aborted when the run is stopped (SIGINT/SIGTERM): waits end at once. */
  signal?: AbortSignal;
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Keeps values of a reply or call body in variables for later steps. */
export function capture(spec: Record<string, string> | undefined, body: unknown, variables: Record<string, unknown>, what: string): void {
  for (const [name, path] of Object.entries(spec ?? {})) {
    const value = readPath(body, path);
    if (value === undefined) throw new StepFailure(`Cannot capture ${name}: the ${what} has nothing at ${path}.`);
    variables[name] = value;
  }
}


/** A body as one short line for a message: what the partner actually said. */
export function excerpt(body: unknown, max = 300): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * The first journal entry after `afterSeq` that passes `check`, waiting up to `ms` for it; wakes on
 * every new entry instead of polling.
 */
export function waitForEntry(world: World, afterSeq: number, check: (e: JournalEntry) => boolean, ms: number): Promise<JournalEntry | undefined> {
  const look = () => world.journal.find({ since: afterSeq }).find(check);
  const now = look();
  if (now || ms <= 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (value: JournalEntry | undefined) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    };
    const timer = setTimeout(() => done(look()), ms);
    const unsubscribe = world.journal.subscribe((e) => {
      if (e.seq > afterSeq && check(e)) done(e);
    });
  });
}
