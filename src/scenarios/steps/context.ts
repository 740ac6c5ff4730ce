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

