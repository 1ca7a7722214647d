import { describe, expect, it } from 'vitest';
import type { Advisory } from '../domain/advisory.js';
import type { Inventory } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { getScheme } from '../versioning/registry.js';
import { createEvaluator } from './evaluate.js';
import { buildMatchIndex } from './match-index.js';
import { compareBuild, supersededClosure } from './windows.js';

const product = 'Windows 10 Version 22H2 for x64-based Systems';

function kbAdvisory(id: string, kb: string, fixedBuild: string, supersedes: string[]): Advisory {
  return {
    id,
    source: 'msrc-cvrf',
    severity: 'critical',
    cves: [id],
    classification: 'security',
    affected: [
      {
        kind: 'kb',
        platform: 'windows:10.0.19045:client:x64',
        product,
        status: 'fixed',
        kb,
        fixedBuild,
        supersedes,
      },
    ],
  };
}

// Nov fixes with KB5032189; Dec's KB5033372 supersedes it; Jan's KB5034122 supersedes Dec's.
const nov = kbAdvisory('CVE-2023-36025', 'KB5032189', '10.0.19045.3693', ['KB5031356']);
const dec = kbAdvisory('CVE-2023-35628', 'KB5033372', '10.0.19045.3803', ['KB5032189']);
const jan = kbAdvisory('CVE-2024-20674', 'KB5034122', '10.0.19045.3930', ['KB5033372']);

function host(kbs: string[], ubr?: number): Inventory {
  return {
    format: 'windows',
    platform: parsePlatform('windows:10.0.19045:client:x64'),
    packages: [],
    windows: {
      productName: 'Microsoft Windows 10 Enterprise',
      build: '10.0.19045',
      kbs,
      ...(ubr !== undefined && { ubr }),
    },
  };
}

describe('engine/windows', () => {
  const ev = createEvaluator(buildMatchIndex([nov, dec, jan]), {
    compareFor: (s) => getScheme(s).compare,
  });

  it.each`
    case                                    | kbs              | ubr          | missing
    ${'nothing installed'}                  | ${[]}            | ${undefined} | ${['CVE-2023-36025', 'CVE-2023-35628', 'CVE-2024-20674']}
    ${'Nov KB only'}                        | ${['KB5032189']} | ${undefined} | ${['CVE-2023-35628', 'CVE-2024-20674']}
    ${'Jan KB covers Nov and Dec by chain'} | ${['KB5034122']} | ${undefined} | ${[]}
    ${'build at Dec FixedBuild'}            | ${[]}            | ${3803}      | ${['CVE-2024-20674']}
  `('$case', ({ kbs, ubr, missing }) => {
    const found = ev.evaluate('w', host(kbs, ubr));

    expect(found.map((f) => f.advisory).sort()).toEqual([...missing].sort());
  });

  it('carries the vendor’s exploited-in-the-wild flag onto the finding', () => {
    const exploited = { ...jan, knownExploited: true };
    const found = createEvaluator(buildMatchIndex([exploited, dec]), {
      compareFor: (s) => getScheme(s).compare,
    }).evaluate('w', host([]));

    expect(Object.fromEntries(found.map((f) => [f.advisory, f.knownExploited ?? false]))).toEqual({
      'CVE-2024-20674': true,
      'CVE-2023-35628': false,
    });
  });

  it('walks supersedence transitively', () => {
    const edges = new Map([
      ['KB3', new Set(['KB2'])],
      ['KB2', new Set(['KB1'])],
    ]);

    expect([...supersededClosure(['kb3'], edges)].sort()).toEqual(['KB1', 'KB2', 'KB3']);
  });

  it.each`
    a                    | b                    | expected
    ${'10.0.19045.3803'} | ${'10.0.19045.3693'} | ${1}
    ${'10.0.19045'}      | ${'10.0.19045.0'}    | ${0}
    ${'10.0.17763.1'}    | ${'10.0.19045.1'}    | ${-1}
  `('compareBuild($a, $b) = $expected', ({ a, b, expected }) => {
    expect(compareBuild(a, b)).toBe(expected);
  });

  it.each`
    a                 | b
    ${'10.0.19045.x'} | ${'10.0.19045.1'}
    ${'10.0.19045.1'} | ${''}
    ${'10..19045'}    | ${'10.0.19045'}
  `('compareBuild($a, $b) throws rather than ordering garbage', ({ a, b }) => {
    expect(() => compareBuild(a, b)).toThrow(/not a dotted numeric build/);
  });
});
