import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Advisory } from '../domain/advisory.js';
import type { InstalledPackage } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { schemeComparator } from './compare.js';
import { createEvaluator } from './evaluate.js';
import { createFleetEvaluator, packageIdentity, type BaseSet } from './fleet.js';
import { buildMatchIndex } from './match-index.js';
import { findingKey } from './origin.js';
import type { Finding } from './types.js';

const platform = parsePlatform('debian:12');
const names = ['openssl', 'zlib', 'curl', 'bash', 'tar', 'sudo', 'gzip', 'vim'];
const versions = ['1.0-1', '1.0-2', '1.1-1', '2.0-1', '2.0-1+deb12u1', '2.1~rc1-1'];

function pkg(name: string, version: string): InstalledPackage {
  return { name: `lib${name}`, version, arch: 'amd64', sourceName: name, sourceVersion: version };
}

const advisories: Advisory[] = names.flatMap((n, i) =>
  versions.slice(1, 4).map((fixed, j) => ({
    id: `DSA-${i}${j}`,
    source: 'test',
    severity: 'high' as const,
    cves: [`CVE-2099-${i}${j}`],
    classification: 'security' as const,
    affected: [
      {
        kind: 'package' as const,
        platform: 'debian:12',
        package: n,
        packageKind: 'source' as const,
        status: 'fixed' as const,
        fixed,
      },
    ],
  })),
);

const keys = (fs: readonly Finding[]) => fs.map(findingKey).sort();

const arbSet = fc.uniqueArray(
  fc.record({ name: fc.constantFrom(...names), version: fc.constantFrom(...versions) }),
  { selector: (p) => p.name, maxLength: names.length },
);

describe('engine/fleet', () => {
  it('base + delta equals a full evaluation of the host, split by origin', () => {
    fc.assert(
      fc.property(arbSet, arbSet, (baseSpec, hostSpec) => {
        const base: BaseSet = {
          id: 'img@1',
          platform,
          packages: baseSpec.map((p) => pkg(p.name, p.version)),
        };
        const hostPkgs = hostSpec.map((p) => pkg(p.name, p.version));
        const hostIds = new Set(hostPkgs.map(packageIdentity));
        const baseIds = new Set(base.packages.map(packageIdentity));
        const evaluator = createEvaluator(buildMatchIndex(advisories), {
          compareFor: schemeComparator,
        });
        const fleet = createFleetEvaluator(evaluator);

        const r = fleet.evaluateHost({
          asset: 'h',
          base,
          removed: base.packages.filter((p) => !hostIds.has(packageIdentity(p))),
          added: hostPkgs.filter((p) => !baseIds.has(packageIdentity(p))),
        });
        const full = evaluator.evaluate('h', { format: 'dpkg', platform, packages: hostPkgs });
        const image = evaluator.evaluate('img@1', {
          format: 'dpkg',
          platform,
          packages: base.packages,
        });

        expect(keys([...r.inherited, ...r.introduced])).toEqual(keys(full));
        const imageKeys = new Set(keys(image));
        const fullKeys = new Set(keys(full));
        expect(keys(r.inherited).every((k) => imageKeys.has(k))).toBe(true);
        expect(keys(r.introduced).every((k) => !imageKeys.has(k))).toBe(true);
        expect(keys(r.regressed)).toEqual(keys(image).filter((k) => !fullKeys.has(k)));
      }),
      { numRuns: 300 },
    );
  });

  it('evaluates each base set once however many clones', () => {
    const evaluator = createEvaluator(buildMatchIndex(advisories), {
      compareFor: schemeComparator,
    });
    const fleet = createFleetEvaluator(evaluator);
    const base: BaseSet = {
      id: 'img@1',
      platform,
      packages: [pkg('openssl', '1.0-1'), pkg('zlib', '2.0-1')],
    };

    for (let i = 0; i < 100; i++) {
      fleet.evaluateHost({ asset: `h${i}`, base, removed: [], added: [pkg('curl', '1.0-1')] });
    }

    expect(fleet.baseCount).toBe(1);
    expect(evaluator.cacheSize).toBe(3);
  });

  it('names an upgraded image package as regressed on the host that fixed it', () => {
    const evaluator = createEvaluator(buildMatchIndex(advisories), {
      compareFor: schemeComparator,
    });
    const old = pkg('openssl', '1.0-1');
    const base: BaseSet = { id: 'img@1', platform, packages: [old] };

    const r = createFleetEvaluator(evaluator).evaluateHost({
      asset: 'h',
      base,
      removed: [old],
      added: [pkg('openssl', '1.1-1')],
    });

    expect(keys(r.regressed)).toEqual(['DSA-00\u0000libopenssl', 'DSA-01\u0000libopenssl']);
    expect(keys(r.inherited)).toEqual(['DSA-02\u0000libopenssl']);
    expect(r.introduced).toEqual([]);
  });
});
