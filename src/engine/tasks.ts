/**
 * Background work of a world (asynchronous confirmations, pushes, retries). Every task is tracked
 * so tests and scenarios can wait until the world is idle, and shutdown can cancel what is left.
 */
export class Tasks {
  private readonly pending = new Set<Promise<void>>();
  /** Pending tasks that only watch for something not happening (a missing confirmation): not work. */
  private readonly watches = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly onError: (name: string, err: unknown) => void) {}

  /**
   * Runs fn after delayMs (real time); errors go to onError, never to the caller. Returns a cancel
   * function: a timer that is no longer needed (a confirmation that came) must not keep the world busy.
   */
  schedule(name: string, fn: () => Promise<void> | void, delayMs = 0, options: { watch?: boolean } = {}): () => void {
    if (this.closed) return () => undefined;
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
      // Unref'd: a simulator left open must not keep a test process alive; servers keep themselves alive.
      timer.unref();
      this.timers.set(timer, resolve);
    });
    this.pending.add(task);
    if (options.watch) this.watches.add(task);
    void task.finally(() => {
      this.pending.delete(task);
      this.watches.delete(task);
    });
    return () => {
      const resolve = this.timers.get(timer!);
      if (!resolve) return;
      clearTimeout(timer);
      this.timers.delete(timer!);
      resolve();
    };
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
      timer.unref();
      this.timers.set(timer, resolve);
    });
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Resolves once no task is pending, including tasks scheduled by tasks. With `workOnly`, watch
   * tasks (timers waiting to report something missing) do not count.
   */
  async idle(timeoutMs = 30_000, { workOnly = false }: { workOnly?: boolean } = {}): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    const busy = () => (workOnly ? [...this.pending].filter((t) => !this.watches.has(t)) : [...this.pending]);
    for (let left = busy(); left.length > 0; left = busy()) {
      if (performance.now() > deadline) throw new Error(`world still busy after ${timeoutMs} ms (${left.length} tasks)`);
      await Promise.race([Promise.all(left), new Promise((r) => setTimeout(r, 50))]);
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
