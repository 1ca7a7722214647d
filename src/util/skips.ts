/** Tests a conformance suite may skip for one implementation, and why. */
export interface Skip {
  readonly reason: string;
  readonly tests: readonly string[];
}

/**
 * Reads a skip list for a conformance suite: `reasonFor(title)` gives the reason a test is
 * skipped (shown in its title so the report says why), and `unknown()` lists skip entries that
 * name no registered test, so a renamed test cannot stay silently skipped.
 */
export function skipList(skips: readonly Skip[] = []): {
  reasonFor(title: string): string | undefined;
  unknown(): string[];
} {
  const reasons = new Map<string, string>();
  for (const s of skips) for (const t of s.tests) reasons.set(t, s.reason);
  const seen = new Set<string>();
  return {
    reasonFor(title) {
      seen.add(title);
      return reasons.get(title);
    },
    unknown: () => [...reasons.keys()].filter((t) => !seen.has(t)),
  };
}
