import { FindingStatus } from '../app/findings.js';

/** A finding as far as its note goes. */
export interface Noted {
  readonly status: string;
  readonly reason?: string;
}

/**
 * Reasons of `unverifiable` findings as footnotes, so a table stays as wide as before: the
 * status cell reads `[1] unverifiable` (the mark first, so a cell cut to fit the terminal keeps
 * it) and a line `[1] <reason>` follows the table, one per distinct reason, numbered in order
 * of first appearance.
 */
export interface FindingNotes {
  /** The status cell for the i-th finding. */
  status(i: number): string;
  /** Footnote lines, empty when no finding has a reason. */
  readonly lines: readonly string[];
}

export function findingNotes(findings: readonly Noted[]): FindingNotes {
  const numbers = new Map<string, number>();
  const marks = findings.map((f) => {
    if (f.status !== FindingStatus.Unverifiable || f.reason === undefined) return undefined;
    let n = numbers.get(f.reason);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(f.reason, n);
    }
    return n;
  });
  return {
    status: (i) => {
      const f = findings[i]!;
      const n = marks[i];
      return n === undefined ? f.status : `[${n}] ${f.status}`;
    },
    lines: [...numbers].map(([reason, n]) => `[${n}] ${reason}`),
  };
}
