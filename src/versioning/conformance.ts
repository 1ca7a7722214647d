import { isAppError, type ErrorCode } from '../domain/errors.js';
import { SchemeId } from '../domain/platform.js';
import type { ParsedVersion, VersioningScheme } from './types.js';

/** What a scheme's test gives the conformance suite. */
export interface ConformanceSamples {
  /** Versions the scheme must accept; keep it under ~60 (pairs and triples are checked). */
  readonly validSamples: readonly string[];
  /** Versions the scheme must reject with VERSION_INVALID. */
  readonly invalidSamples: readonly string[];
  /** Each chain is strictly ascending. */
  readonly orderedChains: readonly (readonly string[])[];
}

/**
 * The contract every `VersioningScheme` keeps, checked on the given samples: metadata present;
 * valid samples parse and are reflexive; `compare` is antisymmetric, transitive and agrees with
 * `compareParsed(parse(a), parse(b))`; equal versions are interchangeable; ordered chains sort
 * as given (every pair, not just neighbours); invalid samples fail `isValid`, `parse` and
 * `compare` with VERSION_INVALID; parsed versions of another scheme are refused with
 * VERSION_SCHEME_MISMATCH. Returns one message per broken rule (empty = conforms).
 */
export function runConformance(scheme: VersioningScheme, samples: ConformanceSamples): string[] {
  const failures: string[] = [];
  const fail = (m: string): void => void failures.push(m);
  if (!scheme.id || !scheme.displayName || scheme.urls.length === 0) fail('metadata incomplete');
  const valid = [...samples.validSamples, ...samples.orderedChains.flat()];
  const parsed = new Map<string, ParsedVersion>();
  for (const v of valid) {
    if (!scheme.isValid(v)) fail(`isValid('${v}') is false for a valid sample`);
    const p = attempt(() => scheme.parse(v));
    if (!p.ok) {
      fail(`parse('${v}') threw: ${p.error}`);
      continue;
    }
    if (p.value.scheme !== scheme.id || p.value.text !== v) fail(`parse('${v}') mislabelled`);
    parsed.set(v, p.value);
    const self = attempt(() => scheme.compare(v, v));
    if (!self.ok || self.value !== 0) fail(`compare('${v}', '${v}') is not 0`);
  }
  const sections: [string, () => void][] = [
    ['pairs', () => checkPairs(scheme, [...parsed.entries()], fail)],
    ['chains', () => checkChains(scheme, samples.orderedChains, fail)],
    ['invalid', () => checkInvalid(scheme, samples.invalidSamples, valid[0] ?? '', fail)],
    ['mismatch', () => checkMismatch(scheme, parsed.values().next().value, fail)],
  ];
  for (const [name, run] of sections) {
    const r = attempt(run);
    if (!r.ok) fail(`${name}: unexpected error: ${r.error}`);
  }
  return failures;
}

function checkPairs(
  scheme: VersioningScheme,
  entries: readonly (readonly [string, ParsedVersion])[],
  fail: (m: string) => void,
): void {
  const vs = entries.map(([v]) => v);
  const n = vs.length;
  const cmp: number[][] = vs.map((a) => vs.map((b) => scheme.compare(a, b)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const r = cmp[i]![j]!;
      const [a, pa] = entries[i]!;
      const [b, pb] = entries[j]!;
      if (r !== -1 && r !== 0 && r !== 1) fail(`compare('${a}', '${b}') returned ${r}`);
      if (r !== -cmp[j]![i]!) fail(`compare not antisymmetric on '${a}', '${b}'`);
      if (scheme.compareParsed(pa, pb) !== r) fail(`compareParsed disagrees on '${a}', '${b}'`);
      for (let k = 0; k < n; k++) {
        const rk = cmp[j]![k]!;
        if (r === 0 && cmp[i]![k] !== rk) fail(`'${a}' = '${b}' but they differ on '${vs[k]}'`);
        if (r <= 0 && rk <= 0 && cmp[i]![k]! > Math.min(r, rk)) {
          fail(`not transitive: '${a}' <= '${b}' <= '${vs[k]}'`);
        }
      }
    }
  }
}

function checkChains(
  scheme: VersioningScheme,
  chains: readonly (readonly string[])[],
  fail: (m: string) => void,
): void {
  for (const chain of chains) {
    for (let i = 0; i < chain.length; i++) {
      for (let j = i + 1; j < chain.length; j++) {
        const r = scheme.compare(chain[i]!, chain[j]!);
        if (r !== -1) fail(`chain: compare('${chain[i]}', '${chain[j]}') is ${r}, want -1`);
      }
    }
  }
}

function checkInvalid(
  scheme: VersioningScheme,
  invalid: readonly string[],
  good: string,
  fail: (m: string) => void,
): void {
  for (const v of invalid) {
    if (scheme.isValid(v)) fail(`isValid('${v}') is true for an invalid sample`);
    for (const [what, fn] of [
      ['parse', () => scheme.parse(v)],
      ['compare(invalid, valid)', () => scheme.compare(v, good)],
      ['compare(valid, invalid)', () => scheme.compare(good, v)],
    ] as const) {
      const code = thrownCode(fn);
      if (code !== 'VERSION_INVALID') fail(`${what} on '${v}' gave ${code}, want VERSION_INVALID`);
    }
  }
}

function checkMismatch(
  scheme: VersioningScheme,
  p: ParsedVersion | undefined,
  fail: (m: string) => void,
): void {
  if (!p) return;
  const other = scheme.id === SchemeId.Dpkg ? SchemeId.Rpm : SchemeId.Dpkg;
  const foreign = { ...p, scheme: other };
  for (const fn of [
    () => scheme.compareParsed(p, foreign),
    () => scheme.compareParsed(foreign, p),
  ]) {
    const code = thrownCode(fn);
    if (code !== 'VERSION_SCHEME_MISMATCH') fail(`foreign parsed version gave ${code}`);
  }
}

function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function thrownCode(fn: () => unknown): ErrorCode | 'no error' | 'non-AppError' {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return isAppError(e) ? e.code : 'non-AppError';
  }
}
