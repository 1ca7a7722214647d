import { describe, expect, it } from 'vitest';
import { maxAgeMs, maxAttempts, nextAttemptAt, retryDelaysMs } from './backoff.js';

const t0 = Date.parse('2026-12-07T10:00:00.000Z');
const s = 1000;
const m = 60 * s;
const h = 60 * m;

describe('app/notify/backoff', () => {
  it.each([
    [1, 30 * s],
    [2, 2 * m],
    [3, 10 * m],
    [4, 1 * h],
    [5, 3 * h],
    [6, 6 * h],
    [7, 12 * h],
  ])('waits after failure %i: %i ms (no jitter at random 0.5)', (attempt, delay) => {
    expect(nextAttemptAt(attempt, t0, t0, () => 0.5)).toBe(t0 + delay);
  });

  it('dead-letters after the eighth failure', () => {
    expect(maxAttempts).toBe(8);
    expect(nextAttemptAt(8, t0, t0, () => 0.5)).toBeNull();
  });

  it.each([
    [0.8, 0],
    [1.2, 0.999999],
  ])('scales the pause by %f at random %f', (factor, r) => {
    const got = nextAttemptAt(4, t0, t0, () => r)!;

    expect(Math.abs(got - t0 - factor * h)).toBeLessThanOrEqual(1);
  });

  it('dead-letters a retry that would fall past a day after queueing', () => {
    const queued = t0 - 23 * h;

    expect(nextAttemptAt(1, t0, queued, () => 0.5)).toBe(t0 + 30 * s);
    expect(nextAttemptAt(4, t0, queued, () => 0.5)).toBe(t0 + h);
    expect(nextAttemptAt(5, t0, queued, () => 0.5)).toBeNull();
    expect(maxAgeMs).toBe(24 * h);
  });

  it('fits every attempt in the day without jitter', () => {
    const total = retryDelaysMs.reduce((a, b) => a + b, 0);

    expect(total).toBeLessThan(maxAgeMs);
  });
});
