import { SchemeId } from '../../domain/platform.js';
import { assertScheme, invalidVersion } from '../errors.js';
import type { Ordering, ParsedVersion, VersioningScheme } from '../types.js';
import { compareTail, compareTokens, cursor, first, next, Token, type Cursor } from './tokens.js';

/** An Alpine version: `upstream` (digits, letter, `_suffix`es, `~hash`) and the `-rN` revision. */
export interface ApkVersion extends ParsedVersion {
  readonly scheme: 'apk';
  readonly upstream: string;
  /** Digits of `-rN`, or null when absent (absent sorts below `-r0`). */
  readonly revision: string | null;
}

export const id = SchemeId.Apk;
export const displayName = 'Alpine (apk)';
export const urls = [
  'https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c',
  'https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver',
] as const;

const ta = cursor();
const tb = cursor();

/** Reads `s` to its end; returns the index where it stopped being a valid version, or -1. */
function scan(t: Cursor, s: string): number {
  for (first(t, s); t.token < Token.End; next(t));
  return t.token === Token.End ? -1 : Math.max(0, Math.min(t.pos, s.length - 1));
}

function error(s: string, at: number): Error {
  const reason =
    s.length === 0
      ? 'version string is empty'
      : 'not of the form digit{.digit}…{letter}{_suffix{#}}…{~hash}{-r#}';
  return invalidVersion(id, s, reason, s.length === 0 ? undefined : Math.max(at, 0));
}

export function isValid(version: string): boolean {
  return scan(ta, version) < 0;
}

/** Validates as apk_version_validate() does and splits off the `-rN` revision. */
export function parse(version: string): ApkVersion {
  const at = scan(ta, version);
  if (at >= 0) throw error(version, at);
  const r = version.lastIndexOf('-r');
  return {
    scheme: id,
    text: version,
    upstream: r < 0 ? version : version.slice(0, r),
    revision: r < 0 ? null : version.slice(r + 2),
  };
}

/**
 * Orders two versions as apk-tools' apk_version_compare(): token by token while the kinds match,
 * then the tail rule (see `compareTail`). Both must be valid; invalid versions are not compared.
 */
export function compare(a: string, b: string): Ordering {
  let at = scan(ta, a);
  if (at >= 0) throw error(a, at);
  at = scan(tb, b);
  if (at >= 0) throw error(b, at);
  if (a === b) return 0;
  first(ta, a);
  first(tb, b);
  while (ta.token === tb.token && ta.token < Token.End) {
    const r = compareTokens(ta, tb);
    if (r !== 0) return r;
    next(ta);
    next(tb);
  }
  return compareTail(ta, tb);
}

export function compareParsed(a: ApkVersion, b: ApkVersion): Ordering {
  assertScheme(id, a, b);
  return compare(a.text, b.text);
}

/** The apk scheme (Alpine Linux). */
export const apkScheme: VersioningScheme<ApkVersion> = {
  id,
  displayName,
  urls,
  parse,
  isValid,
  compare,
  compareParsed,
};
