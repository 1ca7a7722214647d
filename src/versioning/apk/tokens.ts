import { compareDigitRuns, isDigit } from '../digits.js';
import type { Ordering } from '../types.js';

/**
 * Token kinds of apk-tools' version grammar, in the order src/version.c declares them (the order
 * is the semantics: a token may only follow a lower one, and the comparison tail uses it):
 * `digit{.digit}…{letter}{_suffix{#}}…{~hash}{-r#}`.
 */
export const Token = {
  InitialDigit: 0,
  Digit: 1,
  Letter: 2,
  Suffix: 3,
  SuffixNo: 4,
  CommitHash: 5,
  RevisionNo: 6,
  End: 7,
  Invalid: 8,
} as const;

/** Suffix ranks; those below `none` are pre-releases and sort before the bare version. */
const suffixRank: Readonly<Record<string, number>> = {
  alpha: 1,
  beta: 2,
  pre: 3,
  rc: 4,
  cvs: 6,
  svn: 7,
  git: 8,
  hg: 9,
  p: 10,
};
const SUFFIX_NONE = 5;

/** A read position in one version string plus the token last read (its text is s[start..end)). */
export interface Cursor {
  s: string;
  pos: number;
  token: number;
  start: number;
  end: number;
  suffix: number;
}

export function cursor(): Cursor {
  return { s: '', pos: 0, token: Token.Invalid, start: 0, end: 0, suffix: 0 };
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102);
}

function digits(t: Cursor): void {
  t.start = t.pos;
  while (t.pos < t.s.length && isDigit(t.s.charCodeAt(t.pos))) t.pos++;
  t.end = t.pos;
  if (t.end === t.start) t.token = Token.Invalid;
}

function span(t: Cursor, accept: (c: number) => boolean): void {
  t.start = t.pos;
  while (t.pos < t.s.length && accept(t.s.charCodeAt(t.pos))) t.pos++;
  t.end = t.pos;
}

/** Starts reading `s`: every apk version opens with a run of digits. */
export function first(t: Cursor, s: string): void {
  t.s = s;
  t.pos = 0;
  t.token = Token.InitialDigit;
  digits(t);
}

/** Reads the next token, or marks the cursor End / Invalid (apk-tools `token_next`). */
export function next(t: Cursor): void {
  const s = t.s;
  if (t.pos >= s.length) {
    t.token = Token.End;
    return;
  }
  const c = s.charCodeAt(t.pos);
  const prev = t.token;
  if (isLower(c)) {
    if (prev > Token.Digit) return invalid(t);
    t.start = t.pos++;
    t.end = t.pos;
    t.token = Token.Letter;
  } else if (c === 46 || isDigit(c)) {
    if (c === 46 && prev > Token.Digit) return invalid(t);
    if (c === 46) t.pos++;
    if (prev === Token.InitialDigit || prev === Token.Digit) t.token = Token.Digit;
    else if (prev === Token.Suffix) t.token = Token.SuffixNo;
    else return invalid(t);
    digits(t);
  } else if (c === 95) {
    if (prev > Token.SuffixNo) return invalid(t);
    t.pos++;
    span(t, isLower);
    t.suffix = suffixRank[s.slice(t.start, t.end)] ?? 0;
    if (t.suffix === 0) return invalid(t);
    t.token = Token.Suffix;
  } else if (c === 126) {
    if (prev >= Token.CommitHash) return invalid(t);
    t.pos++;
    span(t, isHex);
    if (t.end === t.start) return invalid(t);
    t.token = Token.CommitHash;
  } else if (c === 45) {
    if (prev >= Token.RevisionNo || s.charCodeAt(t.pos + 1) !== 114) return invalid(t);
    t.pos += 2;
    t.token = Token.RevisionNo;
    digits(t);
  } else {
    invalid(t);
  }
}

function invalid(t: Cursor): void {
  t.token = Token.Invalid;
}

/** Compares two tokens of the same kind (apk-tools `token_cmp`). */
export function compareTokens(a: Cursor, b: Cursor): Ordering {
  switch (a.token) {
    case Token.Digit:
      // A leading zero makes the component a string (Gentoo rule): 1.02 < 1.1.
      if (a.s.charCodeAt(a.start) === 48 || b.s.charCodeAt(b.start) === 48) break;
      return compareDigitRuns(a.s, a.start, a.end, b.s, b.start, b.end);
    case Token.InitialDigit:
    case Token.SuffixNo:
    case Token.RevisionNo:
      return compareDigitRuns(a.s, a.start, a.end, b.s, b.start, b.end);
    case Token.Letter: {
      const d = a.s.charCodeAt(a.start) - b.s.charCodeAt(b.start);
      return d === 0 ? 0 : d < 0 ? -1 : 1;
    }
    case Token.Suffix:
      return a.suffix === b.suffix ? 0 : a.suffix < b.suffix ? -1 : 1;
  }
  return sortBlobs(a, b);
}

/** apk_blob_sort: bytes over the common length, then the shorter first. */
function sortBlobs(a: Cursor, b: Cursor): Ordering {
  const la = a.end - a.start;
  const lb = b.end - b.start;
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const d = a.s.charCodeAt(a.start + i) - b.s.charCodeAt(b.start + i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/**
 * The tail rule of apk_version_compare once one side ran out of matching tokens: a pre-release
 * suffix sorts lower, otherwise the side that still has tokens is greater.
 */
export function compareTail(a: Cursor, b: Cursor): Ordering {
  if (a.token === b.token) return 0;
  if (a.token === Token.Suffix && a.suffix < SUFFIX_NONE) return -1;
  if (b.token === Token.Suffix && b.suffix < SUFFIX_NONE) return 1;
  return a.token > b.token ? -1 : 1;
}
