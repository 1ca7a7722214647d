/**
 * Pauses after each failed attempt (1-based): 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h. The
 * eighth failure, or any failure a day after the delivery was queued, dead-letters it.
 */
export const retryDelaysMs: readonly number[] = [
  30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000,
];

export const maxAttempts = retryDelaysMs.length + 1;

/** How long after queueing a delivery may still be retried. */
export const maxAgeMs = 86_400_000;

/** Each pause is scaled by a factor in [1 − jitter, 1 + jitter) so receivers are not stampeded. */
export const jitter = 0.2;

/**
 * When to try again after failed attempt `attempts` (1-based), as epoch ms, or null to
 * dead-letter: no attempts left, or the retry would fall past `maxAgeMs` after `queuedAt`.
 */
export function nextAttemptAt(
  attempts: number,
  now: number,
  queuedAt: number,
  random: () => number = Math.random,
): number | null {
  const base = retryDelaysMs[attempts - 1];
  if (base === undefined) return null;
  const at = now + Math.round(base * (1 - jitter + 2 * jitter * random()));
  return at - queuedAt > maxAgeMs ? null : at;
}
