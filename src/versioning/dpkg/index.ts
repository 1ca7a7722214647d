import { SchemeId } from '../../domain/platform.js';
import { compareDigitRuns, isAsciiAlpha, isDigit } from '../digits.js';
import { assertScheme, invalidVersion } from '../errors.js';
import type { Ordering, ParsedVersion, VersioningScheme } from '../types.js';
import { verrevcmp } from './verrevcmp.js';

/** `[epoch:]upstream_version[-debian_revision]`; an absent epoch is 0, an absent revision ''. */
export interface DpkgVersion extends ParsedVersion {
  readonly scheme: 'dpkg';
  readonly epoch: number;
  readonly upstream: string;
  readonly revision: string;
}

export const id = SchemeId.Dpkg;
export const displayName = 'Debian (dpkg)';
export const urls = [
  'https://manpages.debian.org/bookworm/dpkg-dev/deb-version.7.en.html',
  'https://www.debian.org/doc/debian-policy/ch-controlfields.html#version',
  'https://git.dpkg.org/cgit/dpkg/dpkg.git/tree/lib/dpkg/version.c',
] as const;

const UPSTREAM = 1;
const REVISION = 2;
/** Characters deb-version(5) allows: alphanumerics and `.+~` everywhere, `-:` in upstream. */
const allowed = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (isDigit(c) || isAsciiAlpha(c) || c === 46 || c === 43 || c === 126) {
    allowed[c] = UPSTREAM | REVISION;
  }
}
allowed[45] = UPSTREAM;
allowed[58] = UPSTREAM;

const INT_MAX = '2147483647';
const reasons = [
  '',
  'version string is empty',
  'epoch is empty',
  'epoch is not a number',
  'epoch is too big',
  'upstream version is empty',
  'upstream version does not start with a digit',
  'invalid character in upstream version',
  'revision is empty',
  'invalid character in revision',
] as const;

// Outputs of the last `scan`, kept in module state so the hot path allocates nothing.
let colonAt = -1;
let hyphenAt = -1;
let errorAt = -1;

/**
 * Checks `s` against deb-version(5) as dpkg's parseversion() does (its warnings count as errors
 * here), and records where the epoch colon and revision hyphen are. Returns an index into
 * `reasons`, 0 when valid.
 */
function scan(s: string): number {
  const n = s.length;
  errorAt = -1;
  if (n === 0) return 1;
  const colon = s.indexOf(':');
  let hyphen = s.lastIndexOf('-');
  if (hyphen < colon) hyphen = -1;
  colonAt = colon;
  hyphenAt = hyphen;
  if (colon === 0) return 2;
  for (let i = 0; i < colon; i++) {
    if (!isDigit(s.charCodeAt(i))) return fail(i, 3);
  }
  if (colon >= 10 && compareDigitRuns(s, 0, colon, INT_MAX, 0, INT_MAX.length) > 0) return 4;
  const end = hyphen < 0 ? n : hyphen;
  if (colon + 1 === end) return fail(end, 5);
  if (!isDigit(s.charCodeAt(colon + 1))) return fail(colon + 1, 6);
  for (let i = colon + 2; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (allowed[c]! & UPSTREAM) === 0) return fail(i, 7);
  }
  if (hyphen < 0) return 0;
  if (hyphen === n - 1) return fail(hyphen, 8);
  for (let i = hyphen + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (allowed[c]! & REVISION) === 0) return fail(i, 9);
  }
  return 0;
}

function fail(at: number, code: number): number {
  errorAt = at;
  return code;
}

function error(s: string, code: number): Error {
  return invalidVersion(id, s, reasons[code] ?? 'invalid', errorAt < 0 ? undefined : errorAt);
}

export function isValid(version: string): boolean {
  return scan(version) === 0;
}

/** Splits a version per deb-version(5); throws VERSION_INVALID with the reason and column. */
export function parse(version: string): DpkgVersion {
  const code = scan(version);
  if (code !== 0) throw error(version, code);
  const end = hyphenAt < 0 ? version.length : hyphenAt;
  return {
    scheme: id,
    text: version,
    epoch: colonAt < 0 ? 0 : Number(version.slice(0, colonAt)),
    upstream: version.slice(colonAt + 1, end),
    revision: hyphenAt < 0 ? '' : version.slice(hyphenAt + 1),
  };
}

/**
 * Orders two version strings as `dpkg --compare-versions` does: epoch as a number, then
 * upstream and revision with dpkg's verrevcmp. Reads the strings in place (no allocation).
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
  const upstream = verrevcmp(a, ac + 1, ah < 0 ? an : ah, b, bc + 1, bh < 0 ? bn : bh);
  if (upstream !== 0) return upstream;
  return verrevcmp(a, ah < 0 ? an : ah + 1, an, b, bh < 0 ? bn : bh + 1, bn);
}

export function compareParsed(a: DpkgVersion, b: DpkgVersion): Ordering {
  assertScheme(id, a, b);
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  const u = verrevcmp(a.upstream, 0, a.upstream.length, b.upstream, 0, b.upstream.length);
  if (u !== 0) return u;
  return verrevcmp(a.revision, 0, a.revision.length, b.revision, 0, b.revision.length);
}

/** The dpkg scheme (Debian, Ubuntu). */
export const dpkgScheme: VersioningScheme<DpkgVersion> = {
  id,
  displayName,
  urls,
  parse,
  isValid,
  compare,
  compareParsed,
};
