import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Advisory } from '../domain/advisory.js';
import type { InstalledPackage } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { schemeComparator } from './compare.js';
import { packageIdentity, type BaseSet, type DeltaHost } from './fleet.js';
import { createIncrementalFleet, type HostState } from './incremental.js';
import { findingKey } from './origin.js';
import type { Finding } from './types.js';

const platform = parsePlatform('debian:12');
const names = ['openssl', 'zlib', 'curl', 'bash', 'tar'];
const versions = ['1.0-1', '1.0-2', '1.1-1', '2.0-1', '2.0-1+deb12u1'];

function pkg(name: string, version: string): InstalledPackage {
  return { name: `lib${name}`, version, arch: 'amd64', sourceName: name, sourceVersion: version };
}

function advisory(id: string, name: string, fixed: string): Advisory {
  return {
    id,
    source: 'test',
    severity: 'high',
    cves: [id],
    classification: 'security',
    affected: [
      {
        kind: 'package',
        platform: 'debian:12',
        package: name,
        packageKind: 'source',
        status: 'fixed',
        fixed,
      },
    ],
  };
}

const arbSet = fc.uniqueArray(
  fc.record({ name: fc.constantFrom(...names), version: fc.constantFrom(...versions) }),
  { selector: (p) => p.name, minLength: 1 },
);
const arbAdvisory = fc.record({
  name: fc.constantFrom(...names),
  fixed: fc.constantFrom(...versions),
});

function hostFrom(
  base: BaseSet,
  asset: string,
  spec: { name: string; version: string }[],
): DeltaHost {
  const pkgs = spec.map((p) => pkg(p.name, p.version));
  const ids = new Set(pkgs.map(packageIdentity));
  const baseIds = new Set(base.packages.map(packageIdentity));
  return {
    asset,
    base,
    removed: base.packages.filter((p) => !ids.has(packageIdentity(p))),
    added: pkgs.filter((p) => !baseIds.has(packageIdentity(p))),
  };
}

const keys = (fs: readonly Finding[]) => fs.map(findingKey).sort();
const view = (h: HostState) => ({
  inherited: keys(h.inherited),
  introduced: keys(h.introduced),
  regressed: keys(h.regressed),
});

describe('engine/incremental', () => {
  it('adding an advisory gives the same results as evaluating from scratch', () => {
    fc.assert(
      fc.property(
        arbSet,
        fc.array(arbSet, { minLength: 1, maxLength: 4 }),
        fc.array(arbAdvisory, { maxLength: 4 }),
        arbAdvisory,
        (baseSpec, hostSpecs, before, added) => {
          const base: BaseSet = {
            id: 'img@1',
            platform,
            packages: baseSpec.map((p) => pkg(p.name, p.version)),
          };
          const hosts = [
            { asset: 'clone-same', base, removed: [], added: [] },
            ...hostSpecs.map((s, i) => hostFrom(base, `h${i}`, s)),
          ];
          const old = before.map((a, i) => advisory(`OLD-${i}`, a.name, a.fixed));
          const fresh = advisory('NEW-1', added.name, added.fixed);

          const live = createIncrementalFleet(hosts, old, schemeComparator);
          live.addAdvisory(fresh);
          const scratch = createIncrementalFleet(hosts, [...old, fresh], schemeComparator);

          for (const h of hosts) {
            expect(view(live.hosts.get(h.asset)!)).toEqual(view(scratch.hosts.get(h.asset)!));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('touches only the bases that hold the advisory’s package', () => {
    const a: BaseSet = { id: 'a@1', platform, packages: [pkg('openssl', '1.0-1')] };
    const b: BaseSet = { id: 'b@1', platform, packages: [pkg('zlib', '1.0-1')] };
    const live = createIncrementalFleet(
      [
        { asset: 'x', base: a, removed: [], added: [] },
        { asset: 'y', base: b, removed: [], added: [] },
      ],
      [],
      schemeComparator,
    );

    const r = live.addAdvisory(advisory('DSA-1', 'openssl', '1.1-1'));

    expect(r).toMatchObject({ basesTouched: 1, newFindings: 1 });
    expect(keys(live.hosts.get('x')!.inherited)).toEqual(['DSA-1\u0000libopenssl']);
    expect(live.hosts.get('y')!.inherited).toEqual([]);
  });
});
