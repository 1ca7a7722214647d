import { performance } from 'node:perf_hooks';
import { getScheme } from '../src/versioning/registry.js';
import type { ParsedVersion } from '../src/versioning/types.js';
import { seeded as prng } from './fleet/random.js';
import type { BenchContext, BenchSuite, Metric } from './harness.js';

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const oneOf = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const maybe = (r: Rand, p: number, s: () => string): string => (r() < p ? s() : '');

function upstream(r: Rand, pre: readonly string[]): string {
  const parts = [int(r, 30), int(r, 20)];
  if (r() < 0.7) parts.push(int(r, 40));
  if (r() < 0.1) parts.push(int(r, 9));
  return parts.join('.') + maybe(r, 0.25, () => oneOf(r, pre));
}

/** Shapes seen in Debian/Ubuntu archives: `1:2.36.1-8+deb12u1`, `1.2~rc1-0ubuntu2.1`. */
function dpkgVersion(r: Rand): string {
  const pre = [
    '~rc1',
    '~rc2',
    '~beta3',
    '+dfsg',
    '+dfsg1',
    '+ds',
    'a',
    'p1',
    '+git20240101.1a2b3c',
  ];
  const rev = [
    '',
    '+deb12u1',
    '+deb12u4',
    '+deb12u10',
    'ubuntu1',
    'ubuntu0.24.04.1',
    '~bpo12+1',
    '.1',
    '+b1',
  ];
  const epoch = maybe(r, 0.1, () => `${1 + int(r, 3)}:`);
  return `${epoch}${upstream(r, pre)}${maybe(r, 0.85, () => `-${1 + int(r, 12)}${oneOf(r, rev)}`)}`;
}

/** Shapes seen in RHEL/Alma/Fedora/Amazon: `1:3.0.7-27.el9_3.1`, `1.0~rc1^20240101git-1.fc39`. */
function rpmVersion(r: Rand): string {
  const pre = ['~rc1', '~rc2', '^20240101git1a2b3c', '^1', 'a', 'b', '_1', 'p1'];
  const dist = [
    '.el9',
    '.el9_3',
    '.el9_3.1',
    '.el8_6.1',
    '.fc39',
    '.amzn2.0.1',
    '.module+el9.2.0+1+abc',
  ];
  const epoch = maybe(r, 0.1, () => `${1 + int(r, 3)}:`);
  return `${epoch}${upstream(r, pre)}-${1 + int(r, 400)}${maybe(r, 0.3, () => `.${int(r, 20)}`)}${oneOf(r, dist)}`;
}

/** Alpine: `1.2.3-r4`, `2.9_rc1-r0`, `1.1.1w-r1`. */
function apkVersion(r: Rand): string {
  const pre = ['_rc1', '_alpha2', '_beta', '_p1', '_git20240101', 'a', 'w'];
  return `${upstream(r, pre)}-r${int(r, 12)}`;
}

const generators = { dpkg: dpkgVersion, rpm: rpmVersion, apk: apkVersion } as const;
type Kind = keyof typeof generators;

/**
 * Pairs like a detection engine compares: installed vs fixed version of the same package, so
 * most pairs share a prefix (a bump of revision, minor or suffix), some are unrelated.
 */
function corpus(kind: Kind, pairs: number, seed: number): [string[], string[]] {
  const r = prng(seed);
  const gen = generators[kind];
  const a: string[] = [];
  const b: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const x = gen(r);
    a.push(x);
    b.push(r() < 0.3 ? gen(r) : sibling(r, x));
  }
  return [a, b];
}

/** `v` with one number bumped (or left alone), keeping the rest of the string. */
function sibling(r: Rand, v: string): string {
  const runs = [...v.matchAll(/\d+/g)];
  if (runs.length === 0 || r() < 0.1) return v;
  const m = oneOf(r, runs);
  const n = String(Number(m[0]) + 1 + int(r, 2));
  return v.slice(0, m.index) + n + v.slice(m.index + m[0].length);
}

interface Rate {
  /** Operations per second of this process's CPU time: the one-core figure, whatever the load. */
  readonly perCpuSecond: number;
  /** Operations per wall-clock second (lower when other processes share the cores). */
  readonly perWallSecond: number;
  readonly sink: number;
}

/** Runs `body` (n operations) until `minMs` of wall time has passed, after a JIT warm-up. */
function rate(n: number, minMs: number, body: () => number): Rate {
  let sink = body() + body();
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    sink += body();
    ops += n;
    elapsed = performance.now() - t0;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { perCpuSecond: (ops / cpuMs) * 1000, perWallSecond: (ops / elapsed) * 1000, sink };
}

function measure(kind: Kind, pairs: number, minMs: number): Metric[] {
  const scheme = getScheme(kind);
  const [as, bs] = corpus(kind, pairs, 0x5eed + kind.length);
  const compareRaw = (): number => {
    let s = 0;
    for (let i = 0; i < pairs; i++) s += scheme.compare(as[i]!, bs[i]!);
    return s;
  };
  const raw = rate(pairs, minMs, compareRaw);
  const pa: ParsedVersion[] = as.map((v) => scheme.parse(v));
  const pb: ParsedVersion[] = bs.map((v) => scheme.parse(v));
  const compareParsed = (): number => {
    let s = 0;
    for (let i = 0; i < pairs; i++) s += scheme.compareParsed(pa[i]!, pb[i]!);
    return s;
  };
  const parsed = rate(pairs, minMs, compareParsed);
  const parse = rate(pairs, minMs, () => {
    let s = 0;
    for (let i = 0; i < pairs; i++) s += scheme.parse(as[i]!).text.length;
    return s;
  });
  if (compareRaw() !== compareParsed()) {
    throw new Error(`${kind}: raw and parsed comparisons disagree`);
  }
  const note = (r: Rate): string =>
    `per CPU-second of one core; ${Math.round(r.perWallSecond).toLocaleString('en-US')}/s wall; ${pairs.toLocaleString('en-US')} seeded pairs`;
  const target = kind === 'apk' ? {} : { target: { op: '>=', value: 1_500_000 } as const };
  return [
    {
      name: `${kind} compare raw`,
      value: raw.perCpuSecond,
      unit: 'compares/s',
      ...target,
      note: note(raw),
    },
    {
      name: `${kind} compare pre-parsed`,
      value: parsed.perCpuSecond,
      unit: 'compares/s',
      note: note(parsed),
    },
    { name: `${kind} parse`, value: parse.perCpuSecond, unit: 'parses/s', note: note(parse) },
  ];
}

/**
 * Comparisons per second for each versioning scheme (issue 2 §2: ≥1.5M/s raw for dpkg and rpm
 * on one core). Rates are per CPU-second of this single-threaded process (`process.cpuUsage`),
 * so they measure one core even when the shared machine is loaded; each note gives the
 * wall-clock rate too.
 */
export const versioningBench: BenchSuite = {
  id: 'versioning',
  description: 'version comparisons per second per scheme, raw strings and pre-parsed',
  run(ctx: BenchContext): Promise<readonly Metric[]> {
    const pairs = ctx.scale === 'smoke' ? 10_000 : 120_000;
    const minMs = ctx.scale === 'smoke' ? 100 : 1_000;
    const kinds: readonly Kind[] = ['dpkg', 'rpm', 'apk'];
    return Promise.resolve(kinds.flatMap((k) => measure(k, pairs, minMs)));
  },
};
