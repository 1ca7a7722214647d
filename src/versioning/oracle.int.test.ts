import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRealVersions, loadVectors } from './fixtures.js';
import { getScheme } from './registry.js';

/**
 * Differential tests against the real comparators: apt_pkg (dpkg order) and librpm (rpm.ver),
 * served by test/peers/version-oracle.py. The oracle must start; there is no skip.
 */
const oracleScript = new URL('../../test/peers/version-oracle.py', import.meta.url).pathname;

interface Oracle {
  ask(requests: readonly string[]): Promise<string[]>;
  close(): void;
}

function startOracle(): Promise<Oracle> {
  const child: ChildProcessWithoutNullStreams = spawn('/usr/bin/python3', [oracleScript]);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A queue with a read index: Array#shift is linear, and a batch holds 100k requests.
  let waiting: ((line: string) => void)[] = [];
  let next = 0;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    waiting[next++]?.(line);
    if (next === waiting.length) [waiting, next] = [[], 0];
  });
  const dead = new Promise<never>((_, reject) => {
    child.on('exit', (code) => reject(new Error(`version oracle exited (${code}): ${stderr}`)));
    child.on('error', reject);
  });
  dead.catch(() => undefined);
  const ask = async (requests: readonly string[]): Promise<string[]> => {
    const answers = requests.map(() => new Promise<string>((resolve) => waiting.push(resolve)));
    child.stdin.write(requests.map((r) => `${r}\n`).join(''));
    return Promise.race([Promise.all(answers), dead]);
  };
  const close = (): void => {
    child.stdin.end();
    child.kill();
  };
  return ask(['hello']).then(([hello]) => {
    if (!hello?.startsWith('ok ')) throw new Error(`version oracle handshake failed: ${hello}`);
    return { ask, close };
  });
}

type Kind = 'dpkg' | 'rpm';
interface Disagreement {
  readonly a: string;
  readonly b: string;
  readonly ours: number | string;
  readonly oracle: string;
}

// Started by the first test that needs it; every test awaits it, so a missing oracle fails each
// test with the reason instead of skipping them.
let started: Promise<Oracle> | undefined;
function oracleProcess(): Promise<Oracle> {
  started ??= startOracle();
  return started;
}

/** Compares every pair with our scheme and the oracle; returns the pairs where they differ. */
async function disagreements(kind: Kind, pairs: readonly (readonly [string, string])[]) {
  const scheme = getScheme(kind);
  const oracle = await oracleProcess();
  const answers = await oracle.ask(pairs.map(([a, b]) => `${kind}\t${a}\t${b}`));
  const out: Disagreement[] = [];
  pairs.forEach(([a, b], i) => {
    let ours: number | string;
    try {
      ours = scheme.compare(a, b);
    } catch (e) {
      ours = (e as Error).message;
    }
    if (String(ours) !== answers[i]) out.push({ a, b, ours, oracle: answers[i] ?? '(none)' });
  });
  return out;
}

function allPairs(versions: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < versions.length; i++) {
    for (let j = i; j < versions.length; j++) pairs.push([versions[i]!, versions[j]!]);
  }
  return pairs;
}

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const num = fc.oneof(
  fc.integer({ min: 0, max: 12 }).map(String),
  pick('0', '00', '01', '007', '10', '99', '100', '2024', '20240101', '4294967296'),
);
const word = pick(
  'a',
  'b',
  'z',
  'A',
  'Z',
  'rc',
  'beta',
  'git',
  'dfsg',
  'ubuntu',
  'deb',
  'el',
  'fc',
);

/** Freer dpkg versions: epochs, `~` pre-releases, `+` suffixes, letters, revisions. */
const dpkgUpstreamPart = fc.tuple(pick('.', '.', '+', '~', '', '-'), fc.oneof(num, word));
const dpkgRevisionPart = fc.tuple(pick('.', '+', '~', ''), fc.oneof(num, word));
const dpkgVersion = fc
  .record({
    epoch: fc.option(pick('0', '1', '2', '01', '10'), { nil: undefined }),
    head: num,
    upstream: fc.array(dpkgUpstreamPart, { maxLength: 6 }),
    revision: fc.option(fc.tuple(num, fc.array(dpkgRevisionPart, { maxLength: 4 })), {
      nil: undefined,
    }),
  })
  .map(({ epoch, head, upstream, revision }) => {
    const up = head + upstream.map(([s, p]) => s + p).join('');
    const rev = revision ? `-${revision[0]}${revision[1].map(([s, p]) => s + p).join('')}` : '';
    return `${epoch === undefined ? '' : `${epoch}:`}${rev ? up : up.replaceAll('-', '.')}${rev}`;
  })
  .filter((v) => getScheme('dpkg').isValid(v));

/** Freer EVRs: `~` and `^` anywhere, `_` and `+` separators, letters, releases. */
// Non-ASCII letters are separators to librpm (it tests bytes with ASCII-only risalpha).
const rpmWord = fc.oneof({ arbitrary: word, weight: 6 }, pick('α', 'é', 'ß'));
const rpmPart = fc.tuple(pick('.', '.', '_', '+', '~', '^', '', '-'), fc.oneof(num, rpmWord));
const rpmVersion = fc
  .record({
    epoch: fc.option(pick('0', '1', '2', '01', '10', ''), { nil: undefined }),
    parts: fc.array(rpmPart, { minLength: 1, maxLength: 7 }),
    release: fc.option(fc.array(rpmPart, { maxLength: 5 }), { nil: undefined }),
  })
  .map(({ epoch, parts, release }) => {
    const v = parts.map(([s, p], i) => (i === 0 ? p : s + p)).join('');
    const r = release === undefined ? '' : `-${release.map(([s, p]) => s + p).join('')}`;
    return `${epoch === undefined ? '' : `${epoch}:`}${v}${r}`;
  })
  .filter((v) => getScheme('rpm').isValid(v));

const small = fc.integer({ min: 0, max: 4 }).map(String);
const opt = (a: fc.Arbitrary<string>) => fc.oneof(fc.constant(''), a);

/** Versions shaped like the archives': `1:2.36.1-8+deb12u1`, `1.2~rc1-0ubuntu2`. */
const debianLike = fc
  .tuple(
    opt(pick('1:', '2:')),
    small,
    small.map((n) => `.${n}`),
    opt(small.map((n) => `.${n}`)),
    opt(pick('~rc1', '~rc2', '~beta1', '+dfsg', '+ds', 'a', 'b', '+git20240101', '~')),
    opt(
      fc
        .tuple(
          small,
          opt(
            pick(
              '+deb12u1',
              '+deb12u2',
              '+deb12u10',
              'ubuntu1',
              'ubuntu0.24.04.1',
              '~bpo12+1',
              '.1',
              '+b1',
            ),
          ),
        )
        .map(([r, s]) => `-${r}${s}`),
    ),
  )
  .map((parts) => parts.join(''));

/** EVRs shaped like the Red Hat family's: `1:3.0.7-27.el9_3.1`, `1.0~rc1^20240101git-1.fc39`. */
const redhatLike = fc
  .tuple(
    opt(pick('1:', '2:', '0:')),
    small,
    small.map((n) => `.${n}`),
    opt(small.map((n) => `.${n}`)),
    opt(pick('~rc1', '~rc2', '^20240101git', '^1', 'a', 'b', '_1', '+1')),
    opt(
      fc
        .tuple(
          small,
          pick('.el9', '.el9_3', '.el8_6.1', '.fc39', '.amzn2.0.1', '.module+el9.2.0+1'),
        )
        .map(([r, s]) => `-${r}${s}`),
    ),
  )
  .map((parts) => parts.join(''));

/** A pair that often shares a prefix, so comparisons run deep. */
function pairOf(version: fc.Arbitrary<string>, kind: Kind): fc.Arbitrary<[string, string]> {
  const tweak = fc.tuple(version, pick('', '~1', '^1', '+1', 'a', '.0', '-1', '0', '~'));
  return fc.oneof(
    fc.tuple(version, version),
    tweak
      .map(([v, t]): [string, string] => [v, v + t])
      .filter(([a, b]) => getScheme(kind).isValid(a) && getScheme(kind).isValid(b)),
  );
}

/** Any string over the characters that matter to `kind`, kept when the scheme accepts it. */
function wild(kind: Kind, chars: string): fc.Arbitrary<string> {
  const char = fc.constantFrom(...chars);
  return fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.array(char, { minLength: 1, maxLength: 12 }))
    .map(([d, cs]) => `${d}${cs.join('')}`)
    .filter((v) => getScheme(kind).isValid(v));
}

const generated: Record<Kind, fc.Arbitrary<[string, string]>> = {
  dpkg: pairOf(
    fc.oneof(
      { arbitrary: debianLike, weight: 4 },
      { arbitrary: dpkgVersion, weight: 2 },
      { arbitrary: wild('dpkg', '0019aAzZ.+~-:'), weight: 1 },
    ),
    'dpkg',
  ),
  rpm: pairOf(
    fc.oneof(
      { arbitrary: redhatLike, weight: 4 },
      { arbitrary: rpmVersion, weight: 2 },
      { arbitrary: wild('rpm', '0019aAzZ.+~^_-:'), weight: 1 },
    ),
    'rpm',
  ),
};

/** 100 batches of 400 pairs by default; PATCHLINE_ORACLE_RUNS / _SEED widen a local sweep. */
const sweep = {
  runs: Number(process.env.PATCHLINE_ORACLE_RUNS ?? 100),
  seed: Number(process.env.PATCHLINE_ORACLE_SEED ?? 20261127),
};

const vectorFiles: Record<Kind, string[]> = {
  dpkg: [
    'dpkg-Dpkg_Version_t.tsv',
    'osv-scalibr-debian-versions.txt',
    'osv-scalibr-debian-versions-generated.txt',
  ],
  rpm: ['rpm-rpmvercmp_at.tsv', 'osv-scalibr-redhat-versions.txt'],
};

describe('versioning/oracle (differential: apt_pkg, librpm)', () => {
  afterAll(async () => {
    if (started) (await started.catch(() => undefined))?.close();
  });

  it('oracle starts and answers known pairs', async () => {
    const oracle = await oracleProcess();

    const answers = await oracle.ask(['dpkg\t1.0~rc1\t1.0', 'rpm\t1.0^git1\t1.0', 'rpm\t1\t1-1']);

    expect(answers).toEqual(['-1', '1', '-1']);
  });

  describe.each(['dpkg', 'rpm'] as const)('%s', (kind) => {
    it('agrees on every upstream and osv-scalibr vector pair', async () => {
      const pairs = vectorFiles[kind].flatMap((f) =>
        loadVectors(f).map((c) => [c.a, c.b] as const),
      );

      const wrong = await disagreements(kind, pairs);

      expect(wrong).toEqual([]);
      expect(pairs.length).toBeGreaterThan(kind === 'dpkg' ? 14_000 : 250);
    });

    it('agrees on every pair of real installed versions', async () => {
      const pairs = allPairs(loadRealVersions(kind));

      const wrong = await disagreements(kind, pairs);

      expect(wrong).toEqual([]);
      expect(pairs.length).toBeGreaterThan(100_000);
    });

    it(`agrees on ${sweep.runs * 400} generated pairs (fast-check)`, async () => {
      let checked = 0;

      await fc.assert(
        fc.asyncProperty(
          fc.array(generated[kind], { minLength: 400, maxLength: 400 }),
          async (pairs) => {
            checked += pairs.length;
            expect(await disagreements(kind, pairs)).toEqual([]);
          },
        ),
        { numRuns: sweep.runs, seed: sweep.seed },
      );

      expect(checked).toBe(sweep.runs * 400);
    });
  });
});
