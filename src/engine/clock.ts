/**
 * The simulated time of a world. Every date rule, timestamp and schedule reads it, so tests can
 * freeze it, set it and advance it; by default it follows the machine's time.
 */
export interface Clock {
  /** Milliseconds since the epoch, in simulated time. */
  nowMs(): number;
  now(): Date;
  /** Pin the clock to an instant; it stays there until advanced or released. */
  set(instant: Date | string | number): void;
  /** Move simulated time forward (or back, with a negative amount). */
  advance(ms: number): void;
  /** Follow real time again, keeping the current offset. */
  release(): void;
  readonly frozen: boolean;
}

/** The range simulated time may take: every date the engine derives from it (a year of pushes ahead) stays a valid date. */
export const CLOCK_MIN_MS = Date.UTC(1970, 0, 1);
export const CLOCK_MAX_MS = Date.UTC(9000, 0, 1);

function checkRange(ms: number, what: string): number {
  if (!Number.isFinite(ms) || ms < CLOCK_MIN_MS || ms >= CLOCK_MAX_MS) {
    const shown = Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
    throw new RangeError(`${what} must stay between 1970-01-01 and 9000-01-01; it would be ${shown}.`);
  }
  return ms;
}

export class SimClock implements Clock {
  private offsetMs = 0;
  private pinnedMs: number | undefined;

  constructor(start?: Date | string | number) {
    if (start !== undefined) this.set(start);
  }

  get frozen(): boolean {
    return this.pinnedMs !== undefined;
  }

  nowMs(): number {
    return this.pinnedMs ?? Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  set(instant: Date | string | number): void {
    const ms = new Date(instant).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${String(instant)}`);
    this.pinnedMs = checkRange(ms, 'The simulated clock');
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`Not a finite duration: ${ms}`);
    const next = checkRange(this.nowMs() + ms, 'The simulated clock');
    if (this.pinnedMs !== undefined) this.pinnedMs = next;
    else this.offsetMs = next - Date.now();
  }

  release(): void {
    if (this.pinnedMs === undefined) return;
    this.offsetMs = this.pinnedMs - Date.now();
    this.pinnedMs = undefined;
  }
}
