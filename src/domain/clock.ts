/** Source of the current time. Domain code takes one; it never calls `Date.now()` itself. */
export interface Clock {
  now(): Date;
}

/** A clock frozen at `at`, or stepped by `advance`; for tests and replays. */
export interface FixedClock extends Clock {
  advance(ms: number): void;
  set(at: Date): void;
}

export function fixedClock(at: Date | string): FixedClock {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (d) => {
      t = d.getTime();
    },
  };
}

export const systemClock: Clock = { now: () => new Date() };
