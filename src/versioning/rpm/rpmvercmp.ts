import type { Ordering } from '../types.js';

const TILDE = 126;
const CARET = 94;

// Character classes of rpmvercmp (ASCII only, as rpm's risdigit/risalpha): 1 digit, 2 letter.
const DIGIT = 1;
const ALPHA = 2;
const cls = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) cls[c] = DIGIT;
for (let c = 65; c <= 90; c++) cls[c] = ALPHA;
for (let c = 97; c <= 122; c++) cls[c] = ALPHA;
const END = 0;

/**
 * rpm's `rpmvercmp` (rpmio/rpmvercmp.c, rpm 4.18) on `a[ai..ae)` and `b[bi..be)`, read in place.
 * Separators (anything but ASCII alphanumerics, `~` and `^`) only split segments; `~` sorts
 * before everything, even the end; `^` sorts after the end but before any other segment; digit
 * segments compare as numbers and beat alpha segments; alpha segments compare as bytes. When all
 * segments match, the side with characters left over wins.
 */
export function rpmvercmp(
  a: string,
  ai: number,
  ae: number,
  b: string,
  bi: number,
  be: number,
): Ordering {
  for (;;) {
    let ca = ai < ae ? a.charCodeAt(ai) : END;
    let cb = bi < be ? b.charCodeAt(bi) : END;
    while (ai < ae && cls[ca] === 0 && ca !== TILDE && ca !== CARET) {
      ca = ++ai < ae ? a.charCodeAt(ai) : END;
    }
    while (bi < be && cls[cb] === 0 && cb !== TILDE && cb !== CARET) {
      cb = ++bi < be ? b.charCodeAt(bi) : END;
    }
    const aEnd = ai >= ae;
    const bEnd = bi >= be;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE || aEnd) return 1;
      if (cb !== TILDE || bEnd) return -1;
      ai++;
      bi++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (aEnd) return -1;
      if (bEnd) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      ai++;
      bi++;
      continue;
    }
    if (aEnd || bEnd) return aEnd && bEnd ? 0 : aEnd ? -1 : 1;
    // Both sides now start a segment of the kind of a's first character.
    const kind = cls[ca]!;
    let aj = ai + 1;
    let bj = bi;
    while (aj < ae && cls[a.charCodeAt(aj)] === kind) aj++;
    while (bj < be && cls[b.charCodeAt(bj)] === kind) bj++;
    if (bj === bi) return kind === DIGIT ? 1 : -1;
    if (kind === DIGIT) {
      while (ai < aj && a.charCodeAt(ai) === 48) ai++;
      while (bi < bj && b.charCodeAt(bi) === 48) bi++;
      if (aj - ai !== bj - bi) return aj - ai < bj - bi ? -1 : 1;
    }
    while (ai < aj && bi < bj) {
      const d = a.charCodeAt(ai++) - b.charCodeAt(bi++);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    if (ai < aj) return 1;
    if (bi < bj) return -1;
  }
}
