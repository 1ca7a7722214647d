import { isAsciiAlpha, isDigit } from '../digits.js';
import type { Ordering } from '../types.js';

const TILDE = 126;
const CARET = 94;

function isAlnum(c: number): boolean {
  return isDigit(c) || isAsciiAlpha(c);
}

/**
 * rpm's `rpmvercmp` (rpmio/rpmvercmp.c, rpm 4.18) on `a[ai..ae)` and `b[bi..be)`, read in place.
 * Separators (anything but ASCII alphanumerics, `~` and `^`) only split segments; `~` sorts
 * before everything, even the end; `^` sorts after the end but before any other segment; digit
 * segments compare as numbers and beat alpha segments; alpha segments compare as bytes.
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
    let ca = ai < ae ? a.charCodeAt(ai) : 0;
    let cb = bi < be ? b.charCodeAt(bi) : 0;
    if (ca === 0 && cb === 0) return 0;
    while (ca !== 0 && !isAlnum(ca) && ca !== TILDE && ca !== CARET) {
      ca = ++ai < ae ? a.charCodeAt(ai) : 0;
    }
    while (cb !== 0 && !isAlnum(cb) && cb !== TILDE && cb !== CARET) {
      cb = ++bi < be ? b.charCodeAt(bi) : 0;
    }
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      ai++;
      bi++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === 0) return -1;
      if (cb === 0) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      ai++;
      bi++;
      continue;
    }
    if (ca === 0 || cb === 0) return ca === 0 && cb === 0 ? 0 : ca === 0 ? -1 : 1;
    const r = compareSegment(a, ai, ae, b, bi, be);
    if (r.order !== 0) return r.order;
    ai = r.aEnd;
    bi = r.bEnd;
  }
}

// Reused result record: segment comparison returns three values without allocating.
const seg = { order: 0 as Ordering, aEnd: 0, bEnd: 0 };

/** Compares the numeric or alpha segment starting at `a[ai]` with the same kind at `b[bi]`. */
function compareSegment(
  a: string,
  ai: number,
  ae: number,
  b: string,
  bi: number,
  be: number,
): typeof seg {
  const numeric = isDigit(a.charCodeAt(ai));
  const kind = numeric ? isDigit : isAsciiAlpha;
  let aj = ai;
  let bj = bi;
  while (aj < ae && kind(a.charCodeAt(aj))) aj++;
  while (bj < be && kind(b.charCodeAt(bj))) bj++;
  seg.aEnd = aj;
  seg.bEnd = bj;
  if (bj === bi) {
    seg.order = numeric ? 1 : -1;
    return seg;
  }
  if (numeric) {
    while (ai < aj && a.charCodeAt(ai) === 48) ai++;
    while (bi < bj && b.charCodeAt(bi) === 48) bi++;
    const la = aj - ai;
    const lb = bj - bi;
    if (la !== lb) {
      seg.order = la < lb ? -1 : 1;
      return seg;
    }
  }
  seg.order = compareBytes(a, ai, aj, b, bi, bj);
  return seg;
}

function compareBytes(
  a: string,
  ai: number,
  ae: number,
  b: string,
  bi: number,
  be: number,
): Ordering {
  while (ai < ae && bi < be) {
    const d = a.charCodeAt(ai++) - b.charCodeAt(bi++);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const la = ae - ai;
  const lb = be - bi;
  return la === lb ? 0 : la < lb ? -1 : 1;
}
