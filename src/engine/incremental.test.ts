import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Advisory, AffectedPackage } from '../domain/advisory.js';
import { parsePlatform } from '../domain/platform.js';
import { schemeComparator } from './compare.js';
import { type BaseSet, type DeltaHost, type HostEvaluation } from './fleet.js';
import { createIncrementalFleet, type HostState, type IncrementalFleet } from './incremental.js';
import { findingKey } from './origin.js';
import type { Finding } from './types.js';
import {
  advisoryModel,
  arbPackageSet,
  debPackage,
  deltaHost,
  refKey,
  scratchFleet,
} from './testing/fleet.js';
import { sourceAdvisory } from '../../test/advisories.js';

const platform = parsePlatform('debian:12');
const names = ['openssl', 'zlib', 'curl', 'bash', 'tar'];
const versions = ['1.0-1', '1.0-2', '1.1-1', '2.0-1', '2.0-1+deb12u1'];

function advisory(id: string, name: string, fixed: string): Advisory {
  return sourceAdvisory(id, fixed, { package: name, cves: [id] });
}

const arbSet = arbPackageSet(names, versions);
const arbAdvisory = fc.record({
  name: fc.constantFrom(...names),
  fixed: fc.constantFrom(...versions),
});

const keys = (fs: readonly Finding[]) => fs.map(findingKey).sort();
/** Key plus what a revision can change, so a status or fixed-version edit cannot pass unseen. */
const details = (fs: readonly Finding[]) =>
  fs.map((f) => [findingKey(f), f.status, f.fixed, f.evidence.source].join(' ')).sort();
const view = (h: HostState | HostEvaluation) => ({
  inherited: details(h.inherited),
  introduced: details(h.introduced),
  regressed: details(h.regressed),
});

const statuses = ['fixed', 'no-fix-yet', 'will-not-fix', 'not-affected'] as const;
const arbEntry = fc.record({
  name: fc.constantFrom(...names),
  binary: fc.boolean(),
  status: fc.constantFrom(...statuses),
  fixed: fc.constantFrom(...versions),
  introduced: fc.option(fc.constantFrom(...versions), { nil: undefined }),
});
const arbEntries = fc.array(arbEntry, { minLength: 1, maxLength: 3 });
/** Few ids and two sources, so revisions hit existing advisories and ids collide across sources. */
const arbRef = fc.record({
  source: fc.constantFrom('debian', 'osv'),
  id: fc.constantFrom('A-1', 'A-2', 'A-3'),
});
const arbSpec = fc.record({ ref: arbRef, entries: arbEntries });
type Spec = { ref: { source: string; id: string }; entries: readonly EntrySpec[] };
type EntrySpec = {
  name: string;
  binary: boolean;
  status: (typeof statuses)[number];
  fixed: string;
  introduced: string | undefined;
};

function fromSpec({ ref, entries }: Spec): Advisory {
  return {
    ...ref,
    severity: 'high',
    cves: [ref.id],
    classification: 'security',
    affected: entries.map((e) => ({
      kind: 'package' as const,
      platform: 'debian:12',
      package: e.binary ? `lib${e.name}` : e.name,
      packageKind: e.binary ? ('binary' as const) : ('source' as const),
      status: e.status,
      fixed: e.fixed,
      ...(e.introduced !== undefined && { introduced: e.introduced }),
    })),
  };
}

/** One or two image versions, an unchanged clone of each, and drifted hosts spread over them. */
const arbFleet = fc
  .record({
    bases: fc.array(arbSet, { minLength: 1, maxLength: 2 }),
    hosts: fc.array(fc.record({ base: fc.nat(1), spec: arbSet }), { minLength: 1, maxLength: 4 }),
  })
  .map(({ bases, hosts }): DeltaHost[] => {
    const sets: BaseSet[] = bases.map((spec, i) => ({
      id: `img${i}@1`,
      platform,
      packages: spec.map((p) => debPackage(p.name, p.version)),
    }));
    return [
      ...sets.map((base) => ({ asset: `clone-${base.id}`, base, removed: [], added: [] })),
      ...hosts.map((h, i) => deltaHost(sets[h.base % sets.length]!, `h${i}`, h.spec)),
    ];
  });

/** Every host's results equal `createFleetEvaluator`'s from scratch on `advisories`. */
function expectScratch(
  live: IncrementalFleet,
  hosts: readonly DeltaHost[],
  advisories: readonly Advisory[],
): void {
  const scratch = scratchFleet(advisories);
  for (const h of hosts) {
    expect(view(live.hosts.get(h.asset)!)).toEqual(view(scratch.evaluateHost(h)));
  }
}

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
            packages: baseSpec.map((p) => debPackage(p.name, p.version)),
          };
          const hosts = [
            { asset: 'clone-same', base, removed: [], added: [] },
            ...hostSpecs.map((s, i) => deltaHost(base, `h${i}`, s)),
          ];
          const old = before.map((a, i) => advisory(`OLD-${i}`, a.name, a.fixed));
          const fresh = advisory('NEW-1', added.name, added.fixed);

          const live = createIncrementalFleet(hosts, old, schemeComparator);
          live.addAdvisory(fresh);
          expectScratch(live, hosts, [...old, fresh]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('touches only the bases that hold the advisory’s package', () => {
    const a: BaseSet = { id: 'a@1', platform, packages: [debPackage('openssl', '1.0-1')] };
    const b: BaseSet = { id: 'b@1', platform, packages: [debPackage('zlib', '1.0-1')] };
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

  it('a revised advisory gives the same results as evaluating from scratch', () => {
    fc.assert(
      fc.property(
        arbFleet,
        fc.array(arbSpec, { maxLength: 4 }),
        arbSpec,
        arbEntries,
        (hosts, others, oldSpec, newEntries) => {
          const initial = [...others.map(fromSpec), fromSpec(oldSpec)];
          const revised = fromSpec({ ref: oldSpec.ref, entries: newEntries });
          const live = createIncrementalFleet(hosts, initial, schemeComparator);
          const shared = live.hosts.get(hosts[0]!.asset)!.inherited;

          live.putAdvisory(revised);

          const final = new Map(initial.map((a) => [refKey(a), a]));
          final.set(refKey(revised), revised);
          expectScratch(live, hosts, [...final.values()]);
          expect(live.hosts.get(hosts[0]!.asset)!.inherited).toBe(shared);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a sequence of puts and withdrawals keeps every host equal to scratch', () => {
    const arbOp = fc.oneof(
      arbSpec.map((spec) => ({ put: fromSpec(spec) })),
      arbRef.map((ref) => ({ remove: ref })),
    );
    fc.assert(
      fc.property(
        arbFleet,
        fc.array(arbSpec, { maxLength: 4 }),
        fc.array(arbOp, { minLength: 1, maxLength: 8 }),
        (hosts, initialSpecs, ops) => {
          const initial = initialSpecs.map(fromSpec);
          const model = advisoryModel(initial);
          const live = createIncrementalFleet(hosts, initial, schemeComparator);
          for (const op of ops) {
            model.apply(live, op);
            expectScratch(live, hosts, model.values());
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('host arrivals, replacements and departures among advisory changes keep scratch results', () => {
    const arbOp = fc.oneof(
      arbSpec.map((spec) => ({ put: fromSpec(spec) })),
      arbRef.map((ref) => ({ remove: ref })),
      fc.record({ host: fc.nat(5), base: fc.nat(1), spec: arbSet }),
      fc.record({ drop: fc.nat(5) }),
    );
    fc.assert(
      fc.property(
        arbFleet,
        fc.array(arbSpec, { maxLength: 3 }),
        fc.array(arbOp, { minLength: 1, maxLength: 8 }),
        (initialHosts, initialSpecs, ops) => {
          const initial = initialSpecs.map(fromSpec);
          const model = advisoryModel(initial);
          const hosts = new Map(initialHosts.map((h) => [h.asset, h]));
          const bases = [...new Set(initialHosts.map((h) => h.base))];
          const live = createIncrementalFleet(initialHosts, initial, schemeComparator);
          for (const op of ops) {
            if ('put' in op || 'remove' in op) {
              model.apply(live, op);
            } else if ('host' in op) {
              const h = deltaHost(bases[op.base % bases.length]!, `n${op.host}`, op.spec);
              live.putHost(h);
              hosts.set(h.asset, h);
            } else {
              const name = [...hosts.keys()][op.drop % Math.max(1, hosts.size)];
              expect(live.removeHost(name ?? 'none')).toBe(name !== undefined);
              if (name !== undefined) hosts.delete(name);
            }
            expectScratch(live, [...hosts.values()], model.values());
            expect(new Set(live.assets())).toEqual(new Set(hosts.keys()));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a whole-inventory host is re-evaluated when a change names one of its packages', () => {
    const inventory = {
      format: 'dpkg' as const,
      platform,
      packages: [debPackage('openssl', '1.0-1'), debPackage('zlib', '1.0-1')],
      runningKernel: '6.1.0-13-amd64',
    };
    const live = createIncrementalFleet([{ asset: 'k', inventory }], [], schemeComparator);
    expect(live.evaluationOf('k')!.introduced).toEqual([]);

    const onZlib = live.putAdvisory(advisory('DSA-1', 'zlib', '1.1-1'));
    const onCurl = live.putAdvisory(advisory('DSA-2', 'curl', '1.1-1'));

    expect(onZlib.hosts).toEqual(['k']);
    expect(onCurl.hosts).toEqual([]);
    expect(keys(live.evaluationOf('k')!.introduced)).toEqual(['DSA-1\u0000libzlib']);
    expect(live.removeHost('k')).toBe(true);
    expect(live.evaluationOf('k')).toBeUndefined();
  });

  it('a Windows host stating only its build is re-evaluated when a product of its build changes', () => {
    const win = (asset: string, release: string) => ({
      asset,
      inventory: {
        format: 'windows' as const,
        platform: parsePlatform(`windows:${release}`),
        packages: [],
        windows: { productName: '', build: '10.0.17763', kbs: [] },
      },
    });
    const live = createIncrementalFleet(
      [
        win('bare', '10.0.17763'),
        win('pc', '10.0.17763:client:x64'),
        win('srv', '10.0.17763:server:x64'),
      ],
      [],
      schemeComparator,
    );
    const fix: Advisory = {
      id: 'CVE-2023-1',
      source: 'msrc-cvrf',
      severity: 'high',
      cves: ['CVE-2023-1'],
      classification: 'security',
      affected: [
        {
          kind: 'kb',
          platform: 'windows:10.0.17763:server:x64',
          product: 'Windows Server 2019',
          status: 'fixed',
          kb: 'KB5032196',
        },
      ],
    };

    const put = live.putAdvisory(fix);

    expect(put.hosts).toContain('bare');
    expect(live.evaluationOf('bare')!.introduced.map((f) => f.status)).toEqual(['unverifiable']);
    expect(live.evaluationOf('srv')!.introduced.map((f) => f.status)).toEqual(['open']);
    expect(live.evaluationOf('pc')!.introduced).toEqual([]);
  });

  it('re-putting an unchanged advisory swaps its findings one for one', () => {
    fc.assert(
      fc.property(arbFleet, fc.array(arbSpec, { minLength: 1, maxLength: 4 }), (hosts, specs) => {
        const advisories = specs.map(fromSpec);
        const live = createIncrementalFleet(hosts, advisories, schemeComparator);
        const before = hosts.map((h) => view(live.hosts.get(h.asset)!));

        const r = live.putAdvisory(advisories.at(-1)!);

        expect(r.newFindings).toBe(r.removedFindings);
        expect(hosts.map((h) => view(live.hosts.get(h.asset)!))).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  describe('a change on openssl leaves a base holding only zlib alone', () => {
    const a: BaseSet = {
      id: 'a@1',
      platform,
      packages: [debPackage('openssl', '1.0-1'), debPackage('curl', '1.0-1')],
    };
    const z: BaseSet = { id: 'z@1', platform, packages: [debPackage('zlib', '1.0-1')] };
    const hosts: DeltaHost[] = [
      { asset: 'a-clone', base: a, removed: [], added: [] },
      deltaHost(a, 'a-drift', [
        { name: 'openssl', version: '1.0-1' },
        { name: 'curl', version: '1.1-1' },
      ]),
      { asset: 'z-clone', base: z, removed: [], added: [] },
      deltaHost(z, 'z-drift', [{ name: 'zlib', version: '1.1-1' }]),
      deltaHost(z, 'z-openssl', [
        { name: 'zlib', version: '1.0-1' },
        { name: 'openssl', version: '1.0-1' },
      ]),
    ];
    const original = advisory('DSA-1', 'openssl', '1.1-1');
    const revise = (patch: Partial<AffectedPackage>): Advisory => ({
      ...original,
      affected: [{ ...(original.affected[0] as AffectedPackage), ...patch }],
    });
    // Touched hosts: a-drift (its base's findings change) and z-openssl (its delta holds openssl).
    // Moved to zlib: z@1 gains a finding, which z-drift (removed zlib 1.0-1) regresses.
    it.each([
      ['fixed version bumped', revise({ fixed: '2.0-1' }), 1, 2, 2, 2, true],
      ['will-not-fix', revise({ status: 'will-not-fix' }), 1, 2, 2, 2, true],
      ['fixed below what is installed', revise({ fixed: '1.0-1' }), 1, 2, 0, 2, true],
      ['moved to zlib', revise({ package: 'zlib' }), 2, 3, 1, 2, false],
      ['withdrawn', null, 1, 2, 0, 2, true],
    ])('%s', (_, next, basesTouched, hostsTouched, newFindings, removedFindings, zlibKept) => {
      const live = createIncrementalFleet(hosts, [original], schemeComparator);
      const zFindings = live.hosts.get('z-clone')!.inherited;
      const zBefore = ['z-clone', 'z-drift'].map((n) => view(live.hosts.get(n)!));

      const r = next ? live.putAdvisory(next) : live.removeAdvisory(original);

      expect(r).toMatchObject({ basesTouched, hostsTouched, newFindings, removedFindings });
      expect(r.bases).toHaveLength(basesTouched);
      expect(r.hosts).toHaveLength(hostsTouched);
      expect(live.hosts.get('z-clone')!.inherited).toBe(zFindings);
      const zAfter = ['z-clone', 'z-drift'].map((n) => view(live.hosts.get(n)!));
      if (zlibKept) expect(zAfter).toEqual(zBefore);
      else expect(zAfter).not.toEqual(zBefore);
      expectScratch(live, hosts, next ? [next] : []);
    });
  });

  describe('a host that swapped the image’s vulnerable version for another', () => {
    const base: BaseSet = { id: 'img@1', platform, packages: [debPackage('openssl', '1.0-1')] };
    const host = deltaHost(base, 'h', [{ name: 'openssl', version: '1.0-2' }]);
    const hosts = [host, { asset: 'clone', base, removed: [], added: [] }];
    const key = 'DSA-1\u0000libopenssl';
    const revisions: [string, Advisory | null, 'inherited' | 'introduced' | 'regressed' | null][] =
      [
        ['both affected', advisory('DSA-1', 'openssl', '2.0-1'), 'inherited'],
        ['only the image’s version', advisory('DSA-1', 'openssl', '1.0-2'), 'regressed'],
        [
          'only the host’s version',
          { ...advisory('DSA-1', 'openssl', '2.0-1'), affected: [introducedAt('1.0-2')] },
          'introduced',
        ],
        ['withdrawn', null, null],
      ];
    const pairs = revisions.flatMap(([fromName, from]) =>
      revisions.map(([toName, to, where]) => [fromName, toName, from, to, where] as const),
    );
    it.each(pairs)('%s → %s', (_from, _to, from, to, where) => {
      const live = createIncrementalFleet(hosts, from ? [from] : [], schemeComparator);

      if (to) live.putAdvisory(to);
      else if (from) live.removeAdvisory(from);

      const h = live.hosts.get('h')!;
      for (const list of ['inherited', 'introduced', 'regressed'] as const) {
        expect(keys(h[list])).toEqual(list === where ? [key] : []);
      }
      expectScratch(live, hosts, to ? [to] : []);
    });
  });

  it('withdrawing an unknown advisory changes nothing', () => {
    const base: BaseSet = { id: 'img@1', platform, packages: [debPackage('openssl', '1.0-1')] };
    const live = createIncrementalFleet(
      [{ asset: 'x', base, removed: [], added: [] }],
      [advisory('DSA-1', 'openssl', '1.1-1')],
      schemeComparator,
    );

    const r = live.removeAdvisory({ source: 'other', id: 'DSA-1' });

    expect(r).toEqual({
      basesTouched: 0,
      hostsTouched: 0,
      newFindings: 0,
      removedFindings: 0,
      bases: [],
      hosts: [],
    });
    expect(keys(live.hosts.get('x')!.inherited)).toEqual(['DSA-1\u0000libopenssl']);
  });
});

function introducedAt(version: string): Advisory['affected'][number] {
  return {
    kind: 'package',
    platform: 'debian:12',
    package: 'openssl',
    packageKind: 'source',
    status: 'fixed',
    fixed: '2.0-1',
    introduced: version,
  };
}
