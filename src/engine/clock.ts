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
    this.pinnedMs = ms;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`Not a finite duration: ${ms}`);
    if (this.pinnedMs !== undefined) this.pinnedMs += ms;
    else this.offsetMs += ms;
  }

  release(): void {
    if (this.pinnedMs === undefined) return;
    this.offsetMs = this.pinnedMs - Date.now();
    this.pinnedMs = undefined;
  }
}
