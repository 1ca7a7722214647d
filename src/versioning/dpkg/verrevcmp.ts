import { isAsciiAlpha, isDigit } from '../digits.js';
import type { Ordering } from '../types.js';

/**
 * dpkg's character weight (lib/dpkg/version.c `order`): digits 0, `~` below everything (even the
 * end of the string), letters by code, every other character after all letters.
 */
function order(c: number): number {
  if (c === 0 || isDigit(c)) return 0;
  if (isAsciiAlpha(c)) return c;
  if (c === 126) return -1;
  return c + 256;
}

/**
 * dpkg's `verrevcmp` on `a[ai..ae)` and `b[bi..be)`, read in place: alternating non-digit runs
 * (compared char by char with {@link order}) and digit runs (compared as numbers). Implements
 * deb-version(5) / Debian Policy §5.6.12 for the upstream version and the revision.
 */
export function verrevcmp(
  a: string,
  ai: number,
  ae: number,
  b: string,
  bi: number,
  be: number,
): Ordering {
  while (ai < ae || bi < be) {
    for (;;) {
      const ca = ai < ae ? a.charCodeAt(ai) : 0;
      const cb = bi < be ? b.charCodeAt(bi) : 0;
      if ((ca === 0 || isDigit(ca)) && (cb === 0 || isDigit(cb))) break;
      const oa = order(ca);
      const ob = order(cb);
      if (oa !== ob) return oa < ob ? -1 : 1;
      ai++;
      bi++;
    }
    while (ai < ae && a.charCodeAt(ai) === 48) ai++;
    while (bi < be && b.charCodeAt(bi) === 48) bi++;
    let firstDiff = 0;
    while (ai < ae && bi < be) {
      const ca = a.charCodeAt(ai);
      const cb = b.charCodeAt(bi);
      if (!isDigit(ca) || !isDigit(cb)) break;
      if (firstDiff === 0) firstDiff = ca - cb;
      ai++;
      bi++;
    }
    if (ai < ae && isDigit(a.charCodeAt(ai))) return 1;
    if (bi < be && isDigit(b.charCodeAt(bi))) return -1;
    if (firstDiff !== 0) return firstDiff < 0 ? -1 : 1;
  }
  return 0;
}
