import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Keeps a long-running simulator's heap near what it holds. Under load V8 lets the old generation grow
 * to several times the live data before collecting (a 100,000-reservation world of ~150 MB peaked
 * near 700 MB); here a full collection starts, concurrently, once the heap outgrows the live size
 * measured after the last one by `growth` (plus some slack). Small heaps too: the bounded journal
 * turns over thousands of entries a second under load, each old enough to be promoted, and V8 let that
 * garbage reach ~200 MB over a 30-40 MB live heap. Only the server uses it: in-process users keep their
 * own runtime's behaviour.
 */
export interface HeapGovernorOptions {
  /** Heap allowed, as a multiple of the live size after the last full collection; 0 turns the governor off. */
  growth?: number;
  /** Extra bytes allowed on top, so small heaps are not collected over and over. */
  slackBytes?: number;
  /** A heap smaller than this is left to V8 alone: collecting it early costs throughput and saves little. */
  floorBytes?: number;
  /** How often the heap is looked at. */
  intervalMs?: number;
}

/** The decision alone, apart from V8: when to ask for a collection. */
export class HeapPolicy {
  /** Heap in use after the last full collection. */
  private live: number;
  /** When the collection asked for started; a stale mark (no report came) is dropped after `patienceMs`. */
  private collectingSince: number | undefined;

  constructor(
    private readonly growth: number,
    private readonly slackBytes: number,
    initialUsed: number,
    private readonly floorBytes = 0,
    private readonly patienceMs = 2000,
  ) {
    this.live = initialUsed;
  }

  /** Whether to start a collection now, given the heap in use. */
  shouldCollect(used: number, nowMs: number): boolean {
    if (this.collectingSince !== undefined && nowMs - this.collectingSince < this.patienceMs) return false;
    if (used <= Math.max(this.live * this.growth + this.slackBytes, this.floorBytes)) return false;
    this.collectingSince = nowMs;
    return true;
  }

  /** A full collection finished with this much still in use. */
  collected(used: number): void {
    this.live = used;
    this.collectingSince = undefined;
  }
}

type Collect = (options: { type: 'major'; execution: 'async' }) => void;

/** The runtime's gc function: global.gc under --expose-gc, else exposed now (V8 flag, fresh context). */
function gcFunction(): Collect | undefined {
  const existing = (globalThis as { gc?: Collect }).gc;
  if (existing) return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as Collect;
  } catch {
    return undefined;
  }
}

/** Starts the governor; returns a function that stops it. Does nothing when growth is 0 or gc cannot be reached. */
export function startHeapGovernor(options: HeapGovernorOptions = {}): () => void {
  const growth = options.growth ?? 1.5;
  if (!(growth > 0)) return () => undefined;
  const collect = gcFunction();
  if (!collect) return () => undefined;
  const used = () => v8.getHeapStatistics().used_heap_size;
  const policy = new HeapPolicy(growth, options.slackBytes ?? 16 * 1024 * 1024, used(), options.floorBytes ?? 64 * 1024 * 1024);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) policy.collected(used());
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const timer = setInterval(() => {
    if (policy.shouldCollect(used(), performance.now())) collect({ type: 'major', execution: 'async' });
  }, options.intervalMs ?? 50);
  timer.unref();
  return () => {
    clearInterval(timer);
    observer.disconnect();
  };
}
