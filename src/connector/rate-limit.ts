/**
 * Mews's request limit: N requests per AccessToken in a 30-second window anchored at the first
 * request of a burst (not at clock boundaries). Reads the world clock, so tests can advance it.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit = 200,
    readonly windowMs = 30_000,
  ) {}

  /** Counts a request; answers the seconds to wait when it is over the limit. */
  hit(key: string, nowMs: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    let w = this.windows.get(key);
    if (!w || nowMs - w.start >= this.windowMs) this.windows.set(key, (w = { start: nowMs, count: 0 }));
    w.count++;
    if (w.count <= this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.windowMs - nowMs) / 1000)) };
  }
}
