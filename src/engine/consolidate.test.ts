import { describe, expect, it } from 'vitest';
import type { Severity } from '../domain/advisory.js';
import { getScheme } from '../versioning/registry.js';
import { consolidate, describeDisagreement } from './consolidate.js';
import { FindingStatus, MatchRule, type ClearVote, type Finding } from './types.js';

interface Raw {
  id: string;
  source: string;
  cves?: string[];
  fixed?: string;
  status?: FindingStatus;
  severity?: Severity;
  pkg?: string;
  arch?: string;
  kev?: boolean;
}

function raw(r: Raw): Finding {
  const fixed = r.fixed ?? '2.36-9+deb12u4';
  return {
    asset: 'h',
    advisory: r.id,
    cves: r.cves ?? [],
    package: r.pkg ?? 'libc6',
    arch: r.arch ?? 'amd64',
    sourcePackage: 'glibc',
    installed: '2.36-9+deb12u1',
    ...(fixed !== '' && { fixed }),
    severity: r.severity ?? 'high',
    ...(r.kev && { knownExploited: true }),
    status: r.status ?? FindingStatus.Open,
    evidence: {
      source: r.source,
      rule: MatchRule.SourcePackage,
      scheme: 'dpkg',
      installed: '2.36-9+deb12u1',
      ...(fixed !== '' && { fixed }),
      platform: 'debian:12',
    },
  };
}

/** advisory, +others, cves, status, fixed: what the operator reads off a finding. */
function summary(f: Finding): string {
  const others = (f.advisories ?? [])
    .filter((a) => a.id !== f.advisory || a.source !== f.evidence.source)
    .map((a) => a.id);
  return [
    f.advisory + (others.length > 0 ? ` +${others.join('+')}` : ''),
    f.cves.join(',') || '-',
    f.status,
    f.fixed ?? '-',
    f.severity,
  ].join(' ');
}

const tracker = (cve: string, extra: Partial<Raw> = {}): Raw => ({
  id: cve,
  source: 'debian-tracker',
  cves: [cve],
  ...extra,
});
const dsa = (extra: Partial<Raw> = {}): Raw => ({
  id: 'DSA-5514-1',
  source: 'osv',
  cves: ['CVE-2023-4911'],
  ...extra,
});

describe('engine/consolidate', () => {
  it.each`
    case                                                 | input                                                                                                                                                              | expected
    ${'one advisory stays alone'}                        | ${[dsa()]}                                                                                                                                                         | ${['DSA-5514-1 CVE-2023-4911 open 2.36-9+deb12u4 high']}
    ${'tracker before OSV for the same CVE'}             | ${[dsa(), tracker('CVE-2023-4911')]}                                                                                                                               | ${['CVE-2023-4911 +DSA-5514-1 CVE-2023-4911 open 2.36-9+deb12u4 high']}
    ${'USN before per-CVE OSV records: union of CVEs'}   | ${[{ id: 'UBUNTU-CVE-2024-2', source: 'osv', cves: ['CVE-2024-2'] }, { id: 'USN-1-1', source: 'ubuntu-usn', cves: ['CVE-2024-1', 'CVE-2024-2'] }]}                 | ${['USN-1-1 +UBUNTU-CVE-2024-2 CVE-2024-1,CVE-2024-2 open 2.36-9+deb12u4 high']}
    ${'CSAF before OVAL before OSV (Red Hat family)'}    | ${[{ id: 'RLSA-1', source: 'osv', cves: ['CVE-9'] }, { id: 'RHSA-1@rhel:9', source: 'oval', cves: ['CVE-9'] }, { id: 'RHSA-1', source: 'csaf', cves: ['CVE-9'] }]} | ${['RHSA-1 +RHSA-1@rhel:9+RLSA-1 CVE-9 open 2.36-9+deb12u4 high']}
    ${'overlap is transitive'}                           | ${[{ id: 'A', source: 'osv', cves: ['CVE-1', 'CVE-2'] }, { id: 'B', source: 'osv', cves: ['CVE-3'] }, { id: 'C', source: 'osv', cves: ['CVE-2', 'CVE-3'] }]}       | ${['A +B+C CVE-1,CVE-2,CVE-3 open 2.36-9+deb12u4 high']}
    ${'disjoint CVEs stay apart, in input order'}        | ${[tracker('CVE-2'), tracker('CVE-1')]}                                                                                                                            | ${['CVE-2 CVE-2 open 2.36-9+deb12u4 high', 'CVE-1 CVE-1 open 2.36-9+deb12u4 high']}
    ${'CVE ids match in any letter case'}                | ${[tracker('CVE-2023-4911'), dsa({ cves: ['cve-2023-4911'] })]}                                                                                                    | ${['CVE-2023-4911 +DSA-5514-1 CVE-2023-4911 open 2.36-9+deb12u4 high']}
    ${'no CVEs: alone, unless the same id'}              | ${[{ id: 'X-1', source: 'osv' }, { id: 'X-2', source: 'osv' }, { id: 'X-1', source: 'oval' }]}                                                                     | ${['X-1 +X-1 - open 2.36-9+deb12u4 high', 'X-2 - open 2.36-9+deb12u4 high']}
    ${'other packages and arches stay apart'}            | ${[dsa(), dsa({ pkg: 'libc-bin' }), tracker('CVE-2023-4911', { arch: 'i386' })]}                                                                                   | ${['DSA-5514-1 CVE-2023-4911 open 2.36-9+deb12u4 high', 'DSA-5514-1 CVE-2023-4911 open 2.36-9+deb12u4 high', 'CVE-2023-4911 CVE-2023-4911 open 2.36-9+deb12u4 high']}
    ${'highest severity wins'}                           | ${[tracker('CVE-2023-4911', { severity: 'low' }), dsa({ severity: 'critical' })]}                                                                                  | ${['CVE-2023-4911 +DSA-5514-1 CVE-2023-4911 open 2.36-9+deb12u4 critical']}
    ${'most severe status wins; its first source leads'} | ${[tracker('CVE-2023-4911', { status: 'no-fix-yet', fixed: '' }), dsa({ fixed: '2.36-9+deb12u3' })]}                                                               | ${['DSA-5514-1 +CVE-2023-4911 CVE-2023-4911 open 2.36-9+deb12u3 high']}
    ${'unknown source after known ones, by name'}        | ${[{ id: 'Z', source: 'zeta', cves: ['CVE-1'] }, { id: 'Y', source: 'alpha', cves: ['CVE-1'] }, { id: 'W', source: 'osv', cves: ['CVE-1'] }]}                      | ${['W +Y+Z CVE-1 open 2.36-9+deb12u4 high']}
  `('$case', ({ input, expected }: { input: Raw[]; expected: string[] }) => {
    const out = consolidate(input.map(raw));

    expect(out.map(summary)).toEqual(expected);
  });

  it.each`
    case                                                         | input                                                                                                                                                                                                | expected
    ${'one source: the higher fixed version leads (a revision)'} | ${[{ id: 'DSA-4509-1', source: 'debian-tracker', cves: ['CVE-1', 'CVE-2'], fixed: '2.4.38-3+deb10u1' }, { id: 'DSA-4509-3', source: 'debian-tracker', cves: ['CVE-2'], fixed: '2.4.38-3+deb10u3' }]} | ${['DSA-4509-3 +DSA-4509-1 CVE-2,CVE-1 open 2.4.38-3+deb10u3 high']}
    ${'one source, same fix: the notice before per-CVE records'} | ${[{ id: 'UBUNTU-CVE-2021-3782', source: 'osv', cves: ['CVE-2021-3782'] }, { id: 'USN-5614-1', source: 'osv', cves: ['CVE-2021-3782'] }]}                                                            | ${['USN-5614-1 +UBUNTU-CVE-2021-3782 CVE-2021-3782 open 2.36-9+deb12u4 high']}
    ${'source precedence beats a higher fixed version'}          | ${[{ id: 'DSA-1', source: 'osv', cves: ['CVE-1'], fixed: '9' }, { id: 'CVE-1', source: 'debian-tracker', cves: ['CVE-1'], fixed: '1' }]}                                                             | ${['CVE-1 +DSA-1 CVE-1 open 1 high']}
    ${'an unparsable version compares equal'}                    | ${[{ id: 'B', source: 'osv', cves: ['CVE-1'], fixed: '1' }, { id: 'A', source: 'osv', cves: ['CVE-1'], fixed: 'x:y' }]}                                                                              | ${['A +B CVE-1 open x:y high']}
  `('$case', ({ input, expected }: { input: Raw[]; expected: string[] }) => {
    const out = consolidate(input.map(raw), (a, b) => getScheme('dpkg').compare(a, b));

    expect(out.map(summary)).toEqual(expected);
  });

  it('returns a lone finding as the same object, with no advisories field', () => {
    const one = raw(dsa());
    const other = raw(tracker('CVE-1'));

    const out = consolidate([one, other]);

    expect(out[0]).toBe(one);
    expect(out[1]).toBe(other);
    expect('advisories' in out[0]!).toBe(false);
  });

  it('lists every advisory with its verdict and uses the primary fixed version', () => {
    const out = consolidate([
      raw(dsa({ fixed: '2.36-9+deb12u3' })),
      raw(tracker('CVE-2023-4911', { kev: true })),
    ]);

    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      advisory: 'CVE-2023-4911',
      fixed: '2.36-9+deb12u4',
      knownExploited: true,
      evidence: { source: 'debian-tracker', fixed: '2.36-9+deb12u4' },
      advisories: [
        { id: 'CVE-2023-4911', source: 'debian-tracker', fixed: '2.36-9+deb12u4', status: 'open' },
        { id: 'DSA-5514-1', source: 'osv', fixed: '2.36-9+deb12u3', status: 'open' },
      ],
      disagreement:
        'debian-tracker CVE-2023-4911 says fixed in 2.36-9+deb12u4, osv DSA-5514-1 says fixed in 2.36-9+deb12u3',
    });
  });

  it('records no disagreement when the advisories agree', () => {
    const out = consolidate([raw(dsa()), raw(tracker('CVE-2023-4911'))]);

    expect(out[0]?.advisories).toHaveLength(2);
    expect(out[0]).not.toHaveProperty('disagreement');
  });

  it('is independent of input order within a group', () => {
    const a = [raw(dsa()), raw(tracker('CVE-2023-4911', { fixed: '2.36-9+deb12u5' }))];

    expect(consolidate(a)).toEqual(consolidate([...a].reverse()));
  });

  it.each`
    votes                                                                                                                   | expected
    ${[]}                                                                                                                   | ${undefined}
    ${[{ id: 'A', source: 's', fixed: '1', status: 'open' }, { id: 'B', source: 't', fixed: '1', status: 'open' }]}         | ${undefined}
    ${[{ id: 'A', source: 's', status: 'no-fix-yet' }, { id: 'B', source: 't', status: 'will-not-fix' }]}                   | ${'s A says no-fix-yet, t B says will-not-fix'}
    ${[{ id: 'A', source: 's', fixed: '1', status: 'unverifiable' }, { id: 'B', source: 't', fixed: '1', status: 'open' }]} | ${'s A says unverifiable (fixed in 1), t B says fixed in 1'}
  `('describeDisagreement $expected', ({ votes, expected }) => {
    expect(describeDisagreement(votes)).toBe(expected);
  });
});

describe('engine/consolidate: feeds that judge the package clear', () => {
  const clear = (c: Partial<ClearVote> & Pick<ClearVote, 'advisory' | 'source'>): ClearVote => ({
    asset: 'h',
    package: 'libc6',
    arch: 'amd64',
    cves: [],
    verdict: 'fixed',
    ...c,
  });
  const tracker = raw({ id: 'CVE-2023-4911', source: 'debian-tracker', cves: ['CVE-2023-4911'] });

  it.each([
    [
      'another feed says fixed: listed after, disagreement said, status kept',
      [
        clear({
          advisory: 'DSA-5514-1',
          source: 'osv',
          cves: ['CVE-2023-4911'],
          fixed: '2.36-9+deb12u1',
        }),
      ],
      ['debian-tracker:open', 'osv:fixed'],
      'debian-tracker CVE-2023-4911 says fixed in 2.36-9+deb12u4, osv DSA-5514-1 says fixed in 2.36-9+deb12u1, which is installed',
    ],
    [
      'another feed says not affected',
      [
        clear({
          advisory: 'CVE-2023-4911@debian:12',
          source: 'oval',
          cves: ['CVE-2023-4911'],
          verdict: 'not-affected',
        }),
      ],
      ['debian-tracker:open', 'oval:not-affected'],
      'debian-tracker CVE-2023-4911 says fixed in 2.36-9+deb12u4, oval CVE-2023-4911@debian:12 says not affected',
    ],
    [
      "the same feed's earlier fix is its own revision, not a second opinion",
      [clear({ advisory: 'CVE-2023-4911', source: 'debian-tracker', cves: ['CVE-2023-4911'] })],
      undefined,
      undefined,
    ],
    [
      'a clear verdict on another CVE or another package joins nothing',
      [
        clear({ advisory: 'DSA-1', source: 'osv', cves: ['CVE-2020-1'] }),
        clear({
          advisory: 'DSA-5514-1',
          source: 'osv',
          cves: ['CVE-2023-4911'],
          package: 'libc-bin',
        }),
      ],
      undefined,
      undefined,
    ],
  ])('%s', (_what, clears, votes, disagreement) => {
    const [f, ...rest] = consolidate([tracker], undefined, clears);

    expect(rest).toEqual([]);
    expect(f!.status).toBe('open');
    expect(f!.advisory).toBe('CVE-2023-4911');
    expect(f!.advisories?.map((a) => `${a.source}:${a.status}`)).toEqual(votes);
    expect(f!.disagreement).toBe(disagreement);
  });

  it('clear verdicts alone make no finding', () => {
    expect(consolidate([], undefined, [clear({ advisory: 'DSA-1', source: 'osv' })])).toEqual([]);
  });
});
