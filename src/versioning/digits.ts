import type { Ordering } from './types.js';

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Compares the decimal numbers spelled by `a[as..ae)` and `b[bs..be)` (digits only, leading zeros
 * ignored), exactly and without overflow: the longer significant run wins, else the first
 * differing digit. An empty run counts as zero.
 */
export function compareDigitRuns(
  a: string,
  as: number,
  ae: number,
  b: string,
  bs: number,
  be: number,
): Ordering {
  while (as < ae && a.charCodeAt(as) === 48) as++;
  while (bs < be && b.charCodeAt(bs) === 48) bs++;
  const la = ae - as;
  const lb = be - bs;
  if (la !== lb) return la < lb ? -1 : 1;
  for (let i = 0; i < la; i++) {
    const d = a.charCodeAt(as + i) - b.charCodeAt(bs + i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
