import { SchemeId } from '../../domain/platform.js';
import { compareDigitRuns, isDigit } from '../digits.js';
import { assertScheme, invalidVersion } from '../errors.js';
import type { Ordering, ParsedVersion, VersioningScheme } from '../types.js';
import { rpmvercmp } from './rpmvercmp.js';

/**
 * `[epoch:]version[-release]` split as librpm's rpmverParse() does: the epoch is the leading
 * digits when a `:` follows them, the release is what follows the last `-`. Null means absent,
 * which is not the same as empty: a present release (even '') sorts after an absent one.
 */
export interface RpmVersion extends ParsedVersion {
  readonly scheme: 'rpm';
  readonly epoch: string | null;
  readonly version: string;
  readonly release: string | null;
}

export const id = SchemeId.Rpm;
export const displayName = 'RPM (Red Hat family)';
export const urls = [
  'https://github.com/rpm-software-management/rpm/blob/rpm-4.18.0-release/rpmio/rpmvercmp.c',
  'https://github.com/rpm-software-management/rpm/blob/rpm-4.18.0-release/rpmio/rpmver.c',
  'https://rpm-software-management.github.io/rpm/manual/dependencies.html',
] as const;

const reasons = [
  '',
  'version string is empty',
  'whitespace or control character in version',
  'version part is empty',
] as const;

/** Whitespace (any Unicode space) and control characters; rpm never has them in a version. */
const unprintable = /[\s\p{Cc}]/u;

let colonAt = -1;
let hyphenAt = -1;
let errorAt = -1;

/**
 * Splits like rpmverParse() and applies the few checks Patchline adds so nothing is guessed:
 * non-empty, no whitespace or control characters, non-empty version part. Returns an index into
 * `reasons`, 0 when valid.
 */
function scan(s: string): number {
  const n = s.length;
  errorAt = -1;
  if (n === 0) return 1;
  let i = 0;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const colon = i < n && s.charCodeAt(i) === 58 ? i : -1;
  const hyphen = s.lastIndexOf('-');
  colonAt = colon;
  hyphenAt = hyphen;
  if (unprintable.test(s)) {
    errorAt = s.search(unprintable);
    return 2;
  }
  if ((hyphen < 0 ? n : hyphen) === colon + 1) {
    errorAt = colon + 1;
    return 3;
  }
  return 0;
}

function error(s: string, code: number): Error {
  return invalidVersion(id, s, reasons[code] ?? 'invalid', errorAt < 0 ? undefined : errorAt);
}

export function isValid(version: string): boolean {
  return scan(version) === 0;
}

export function parse(version: string): RpmVersion {
  const code = scan(version);
  if (code !== 0) throw error(version, code);
  const n = version.length;
  return {
    scheme: id,
    text: version,
    epoch: colonAt < 0 ? null : version.slice(0, colonAt),
    version: version.slice(colonAt + 1, hyphenAt < 0 ? n : hyphenAt),
    release: hyphenAt < 0 ? null : version.slice(hyphenAt + 1),
  };
}

/**
 * Orders two EVR strings as librpm's rpmverCmp() (what `rpm.ver` and dnf use): epoch (absent =
 * 0), then version with rpmvercmp, then release, where an absent release sorts first. Reads the
 * strings in place (no allocation).
 */
export function compare(a: string, b: string): Ordering {
  let code = scan(a);
  if (code !== 0) throw error(a, code);
  const ac = colonAt;
  const ah = hyphenAt;
  code = scan(b);
  if (code !== 0) throw error(b, code);
  if (a === b) return 0;
  const bc = colonAt;
  const bh = hyphenAt;
  const epoch = compareDigitRuns(a, 0, ac < 0 ? 0 : ac, b, 0, bc < 0 ? 0 : bc);
  if (epoch !== 0) return epoch;
  const an = a.length;
  const bn = b.length;
  const v = rpmvercmp(a, ac + 1, ah < 0 ? an : ah, b, bc + 1, bh < 0 ? bn : bh);
  if (v !== 0) return v;
  if (ah < 0 || bh < 0) return ah < 0 && bh < 0 ? 0 : ah < 0 ? -1 : 1;
  return rpmvercmp(a, ah + 1, an, b, bh + 1, bn);
}

export function compareParsed(a: RpmVersion, b: RpmVersion): Ordering {
  assertScheme(id, a, b);
  const ae = a.epoch ?? '';
  const be = b.epoch ?? '';
  const epoch = compareDigitRuns(ae, 0, ae.length, be, 0, be.length);
  if (epoch !== 0) return epoch;
  const v = rpmvercmp(a.version, 0, a.version.length, b.version, 0, b.version.length);
  if (v !== 0) return v;
  if (a.release === null || b.release === null) {
    return a.release === b.release ? 0 : a.release === null ? -1 : 1;
  }
  return rpmvercmp(a.release, 0, a.release.length, b.release, 0, b.release.length);
}

/** The rpm scheme (RHEL, AlmaLinux, Rocky, CentOS, Fedora, Amazon Linux, Oracle Linux). */
export const rpmScheme: VersioningScheme<RpmVersion> = {
  id,
  displayName,
  urls,
  parse,
  isValid,
  compare,
  compareParsed,
};
