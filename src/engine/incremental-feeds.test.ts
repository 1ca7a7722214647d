import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Advisory } from '../domain/advisory.js';
import { parsePlatform } from '../domain/platform.js';
import { schemeComparator } from './compare.js';
import { type BaseSet, type DeltaHost, type HostEvaluation } from './fleet.js';
import { createIncrementalFleet, type HostState } from './incremental.js';
import { findingKey } from './origin.js';
import type { Finding } from './types.js';
import {
  advisoryModel,
  arbPackageSet,
  debPackage,
  deltaHost,
  scratchFleet,
} from './testing/fleet.js';

/*
 * Advisories of different ids that share CVEs (a DSA and the tracker's CVE records, a USN and
 * UBUNTU-CVE records) are one finding per package; a change to one of them must re-derive the
 * whole group, whichever advisory names it.
 */

const platform = parsePlatform('debian:12');
const names = ['openssl', 'zlib', 'curl'];
const versions = ['1.0-1', '1.1-1', '2.0-1'];
const cvePool = ['CVE-1', 'CVE-2', 'CVE-3'];

const arbAdvisory = fc
  .record({
    source: fc.constantFrom('debian-tracker', 'osv'),
    id: fc.constantFrom('DSA-1', 'DSA-2', 'CVE-1', 'CVE-2', 'CVE-3'),
    cves: fc.subarray(cvePool, { minLength: 0, maxLength: 2 }),
    name: fc.constantFrom(...names),
    status: fc.constantFrom('fixed', 'no-fix-yet'),
    fixed: fc.constantFrom(...versions),
  })
  .map((a): Advisory => ({
    id: a.id,
    source: a.source,
    severity: 'high',
    cves: a.cves,
    classification: 'security',
    affected: [
      {
        kind: 'package',
        platform: 'debian:12',
        package: a.name,
        packageKind: 'source',
        status: a.status,
        ...(a.status === 'fixed' && { fixed: a.fixed }),
      },
    ],
  }));

const arbSet = arbPackageSet(names, versions);

const arbFleet = fc
  .record({ base: arbSet, hosts: fc.array(arbSet, { minLength: 1, maxLength: 3 }) })
  .map(({ base, hosts }): DeltaHost[] => {
    const set: BaseSet = {
      id: 'img@1',
      platform,
      packages: base.map((p) => debPackage(p.name, p.version)),
    };
    return [
      { asset: 'clone', base: set, removed: [], added: [] },
      ...hosts.map((spec, i) => deltaHost(set, `h${i}`, spec)),
    ];
  });

const detail = (f: Finding) =>
  [
    findingKey(f),
    f.status,
    f.fixed,
    f.cves.join(','),
    (f.advisories ?? []).map((a) => `${a.source}:${a.id}`).join(','),
  ].join(' ');
const view = (h: HostState | HostEvaluation) => ({
  inherited: h.inherited.map(detail).sort(),
  introduced: h.introduced.map(detail).sort(),
  regressed: h.regressed.map(detail).sort(),
});

describe('engine/incremental with overlapping feeds', () => {
  it('puts and withdrawals of advisories sharing CVEs keep every host equal to scratch', () => {
    const arbOp = fc.oneof(
      arbAdvisory.map((a) => ({ put: a })),
      arbAdvisory.map((a) => ({ remove: a })),
    );
    fc.assert(
      fc.property(
        arbFleet,
        fc.array(arbAdvisory, { maxLength: 4 }),
        fc.array(arbOp, { minLength: 1, maxLength: 6 }),
        (hosts, initial, ops) => {
          const model = advisoryModel(initial);
          const live = createIncrementalFleet(hosts, initial, schemeComparator);
          for (const op of ops) {
            model.apply(live, op);
            const scratch = scratchFleet(model.values());
            for (const h of hosts) {
              expect(view(live.hosts.get(h.asset)!)).toEqual(view(scratch.evaluateHost(h)));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
