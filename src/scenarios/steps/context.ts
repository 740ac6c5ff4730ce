import type { World } from '../../engine/world.js';
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
 * Resolves with the first value `check` gives, or undefined after `ms` (or on abort); checks again
 * on every new journal entry instead of polling. An error thrown by `check` rejects.
 */
export function waitForJournal<T>(world: World, check: () => T | undefined, ms: number, signal?: AbortSignal): Promise<T | undefined> {
  const now = check();
  if (now !== undefined || ms <= 0 || signal?.aborted) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    };
    const done = (value: T | undefined) => {
      stop();
      resolve(value);
    };
    const onAbort = () => done(undefined);
    const timer = setTimeout(() => done(check()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    const unsubscribe = world.journal.subscribe(() => {
      try {
        const hit = check();
        if (hit !== undefined) done(hit);
      } catch (err) {
        stop();
        reject(err as Error);
      }
    });
  });
}
