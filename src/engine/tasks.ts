/**
 * Background work of a world (asynchronous confirmations, pushes, retries). Every task is tracked
 * so tests and scenarios can wait until the world is idle, and shutdown can cancel what is left.
 */
export class Tasks {
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly onError: (name: string, err: unknown) => void) {}

  /** Runs fn after delayMs (real time); errors go to onError, never to the caller. */
  schedule(name: string, fn: () => Promise<void> | void, delayMs = 0): void {
    if (this.closed) return;
    let timer: NodeJS.Timeout | undefined;
    const task = new Promise<void>((resolve) => {
      timer = setTimeout(async () => {
        this.timers.delete(timer!);
        try {
          await fn();
        } catch (err) {
          this.report(name, err);
        }
        resolve();
      }, Math.max(0, delayMs));
      this.timers.set(timer, resolve);
    });
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Hands an error to onError; an error there too is written to stderr, never thrown: background work must not end the process. */
  private report(name: string, err: unknown): void {
    try {
      this.onError(name, err);
    } catch (inner) {
      process.stderr.write(`mews-sim: background task ${name} failed (${(err as Error)?.message ?? String(err)}) and could not be journaled (${(inner as Error)?.message ?? String(inner)})\n`);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Waits ms (real time); resolves early once the world closes, so retry loops end at shutdown. */
  sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, Math.max(0, ms));
      this.timers.set(timer, resolve);
    });
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves once no task is pending, including tasks scheduled by tasks. */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.pending.size > 0) {
      if (performance.now() > deadline) throw new Error(`world still busy after ${timeoutMs} ms (${this.pending.size} tasks)`);
      await Promise.race([Promise.all([...this.pending]), new Promise((r) => setTimeout(r, 50))]);
    }
  }

  /** Stops timers that have not fired; returns how many were cancelled. */
  close(): number {
    this.closed = true;
    const n = this.timers.size;
    for (const [t, resolve] of this.timers) {
      clearTimeout(t);
      resolve();
    }
    this.timers.clear();
    return n;
  }
}
