import type { Clock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';

/**
 * A fixed-window counter per key, in this process's memory: enough to slow password guessing
 * at one server; the keys held are bounded (oldest windows are dropped first).
 */
export class RateLimiter {
  private readonly hits = new Map<string, { start: number; n: number }>();

  private readonly limit: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly maxKeys: number;

  constructor(limit: number, windowMs: number, clock: Clock, maxKeys = 10_000) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.clock = clock;
    this.maxKeys = maxKeys;
  }

  /** Counts one attempt; RATE_LIMITED (with the seconds to wait) past the limit. */
  take(key: string, what: string): void {
    const now = this.clock.now().getTime();
    let w = this.hits.get(key);
    if (w === undefined || now - w.start >= this.windowMs) {
      this.hits.delete(key);
      if (this.hits.size >= this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
      w = { start: now, n: 0 };
      this.hits.set(key, w);
    }
    w.n += 1;
    if (w.n > this.limit) {
      const retryAfter = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
      throw new AppError(ErrorCode.RateLimited, `too many ${what}: try again in ${retryAfter} s`, {
        details: { retryAfter },
      });
    }
  }
}
