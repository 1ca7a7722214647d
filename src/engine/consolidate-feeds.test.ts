import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAdvisoryFile } from '../advisories/registry.js';
import type { Advisory } from '../domain/advisory.js';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { getScheme } from '../versioning/registry.js';
import { createEvaluator } from './evaluate.js';
import { buildMatchIndex } from './match-index.js';

/*
 * Two real feeds for one platform give one finding per (asset, package, CVE); origins in
 * __fixtures__/feeds/SOURCES.md.
 */

const dir = new URL('./__fixtures__/feeds/', import.meta.url);

function parsed(name: string): Advisory[] {
  const out = parseAdvisoryFile({ bytes: readFileSync(new URL(name, dir)), name });
  expect(out.diagnostics, name).toEqual([]);
  return out.advisories;
}

function host(platform: string, packages: InstalledPackage[]): Inventory {
  return { format: 'dpkg', platform: parsePlatform(platform), packages };
}

function deb(name: string, version: string, source = name): InstalledPackage {
  return { name, version, arch: 'amd64', sourceName: source, sourceVersion: version };
}

function evaluate(advisories: Advisory[], inventory: Inventory) {
  const index = buildMatchIndex(advisories);
  return createEvaluator(index, { compareFor: (s) => getScheme(s).compare }).evaluate(
    'h',
    inventory,
  );
}

describe('engine/consolidate over real feeds', () => {
  const tracker = parsed('DSA-list-excerpt.txt');
  const osvDsa = parsed('DSA-135.json');
  const usn = parsed('USN-5614-1.json');
  const perCve = parsed('UBUNTU-CVE-2021-3782.json');
  const woody = host('debian:3.0', [deb('libapache-mod-ssl', '2.8.9-1')]);
  const jammy = host('ubuntu:22.04', [deb('libwayland-client0', '1.20.0-1', 'wayland')]);

  it('each feed alone finds the flaw once', () => {
    expect(evaluate(tracker, woody).map((f) => f.advisory)).toEqual(['DSA-135']);
    expect(evaluate(osvDsa, woody).map((f) => f.advisory)).toEqual(['DSA-135']);
    expect(evaluate(tracker, woody)[0]).not.toHaveProperty('advisories');
  });

  it('a feed that says the installed version is fixed is listed beside one that says affected', () => {
    // OSV's record as if it named an earlier fix, which the host has: the two feeds disagree.
    const earlier = osvDsa.map((a) => ({
      ...a,
      affected: a.affected.map((e) => ({ ...e, fixed: '2.8.9-1' })),
    }));
    const found = evaluate([...earlier, ...tracker], woody);

    expect(
      found.map((f) => [f.advisory, f.status, f.advisories?.map((v) => `${v.source}:${v.status}`)]),
    ).toEqual([['DSA-135', 'open', ['debian-tracker:open', 'osv:fixed']]]);
    expect(found[0]!.disagreement).toBe(
      'debian-tracker DSA-135 says fixed in 2.8.9-2, osv DSA-135 says fixed in 2.8.9-1, which is installed',
    );
    // Alone, the feed that says fixed finds nothing.
    expect(evaluate(earlier, woody)).toEqual([]);
  });

  it('Debian tracker and Debian OSV: one finding naming both, the tracker first', () => {
    const found = evaluate([...osvDsa, ...tracker], woody);

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      advisory: 'DSA-135',
      cves: ['CVE-2002-0653'],
      fixed: '2.8.9-2',
      status: 'open',
      evidence: { source: 'debian-tracker' },
      advisories: [
        { id: 'DSA-135', source: 'debian-tracker', fixed: '2.8.9-2', status: 'open' },
        { id: 'DSA-135', source: 'osv', fixed: '2.8.9-2', status: 'open' },
      ],
    });
    expect(found[0]).not.toHaveProperty('disagreement');
  });

  it('Debian tracker JSON and Debian OVAL: agreeing records merge, a feed that says not affected is listed and the disagreement said', () => {
    const feeds = [
      ...parsed('oval-definitions-bullseye.xml.bz2'),
      ...parsed('tracker-json-sample-vuls.json'),
    ];
    const bullseye = host('debian:11', [deb('389-ds-base', '1.3.5.14-1')]);

    const found = evaluate(feeds, bullseye);

    // CVE-2016-5405: both say fixed in 1.3.5.15-1. CVE-2016-5416: the tracker says will-not-fix,
    // OVAL says not affected: the finding stays the tracker's, and the disagreement is said.
    expect(
      found.map((f) => [f.advisory, f.status, f.advisories?.map((a) => `${a.source}:${a.id}`)]),
    ).toEqual([
      ['CVE-2016-5405', 'open', ['debian-tracker:CVE-2016-5405', 'oval:CVE-2016-5405@debian:11']],
      [
        'CVE-2016-5416',
        'will-not-fix',
        ['debian-tracker:CVE-2016-5416', 'oval:CVE-2016-5416@debian:11'],
      ],
    ]);
    expect(found[0]!.disagreement).toBeUndefined();
    expect(found[1]!.disagreement).toBe(
      'debian-tracker CVE-2016-5416 says will-not-fix, oval CVE-2016-5416@debian:11 says not affected',
    );
  });

  it('Ubuntu notice and per-CVE record: one finding, the notice leads', () => {
    const found = evaluate([...perCve, ...usn], jammy);

    expect(found.map((f) => [f.advisory, f.advisories?.map((a) => a.id), f.fixed])).toEqual([
      ['USN-5614-1', ['USN-5614-1', 'UBUNTU-CVE-2021-3782'], '1.20.0-1ubuntu0.1'],
    ]);
  });

  it('Ubuntu OVAL per notice, per CVE and per package: one finding per package', () => {
    const oval = ['usn', 'cve', 'pkg'].flatMap((f) =>
      parsed(`oci.com.ubuntu.jammy.${f}.oval.xml.bz2`),
    );
    const libssh = deb('libssh-4', '0.9.6-2', 'libssh');
    const openssh = deb('openssh-client', '1:8.9p1-3ubuntu0.4', 'openssh');

    const jammy = host('ubuntu:22.04', [libssh, openssh]);
    const flavours = ['usn', 'cve', 'pkg'].map((f) =>
      evaluate(parsed(`oci.com.ubuntu.jammy.${f}.oval.xml.bz2`), jammy).map((x) => x.package),
    );

    const found = evaluate(oval, jammy);

    // Alone, the flavours find libssh-4 three times and openssh-client twice, all one CVE.
    expect(flavours).toEqual([
      ['libssh-4'],
      ['libssh-4', 'openssh-client'],
      ['libssh-4', 'openssh-client'],
    ]);
    expect(found.map((f) => [f.package, f.advisory, f.cves, f.advisories?.length])).toEqual([
      ['libssh-4', 'USN-6561-1@ubuntu:22.04', ['CVE-2023-48795'], 3],
      ['openssh-client', 'CVE-2023-48795@ubuntu:22.04', ['CVE-2023-48795'], 2],
    ]);
    expect(found.every((f) => f.disagreement === undefined)).toBe(true);
  });

  it('a revised DSA with a later fix: one finding, the later fix leads, the difference said', () => {
    const found = evaluate(tracker, host('debian:10', [deb('apache2', '2.4.38-3')]));

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      advisory: 'DSA-4509-3',
      fixed: '2.4.38-3+deb10u3',
      disagreement:
        'debian-tracker DSA-4509-3 says fixed in 2.4.38-3+deb10u3, debian-tracker DSA-4509-1 says fixed in 2.4.38-3+deb10u1',
    });
    expect(found[0]?.cves).toEqual([
      'CVE-2019-10092',
      'CVE-2019-9517',
      'CVE-2019-10081',
      'CVE-2019-10082',
      'CVE-2019-10098',
    ]);
  });

  it('between the two fixes only the revision remains, alone', () => {
    const found = evaluate(tracker, host('debian:10', [deb('apache2', '2.4.38-3+deb10u1')]));

    expect(found.map((f) => [f.advisory, f.cves, 'advisories' in f])).toEqual([
      ['DSA-4509-3', ['CVE-2019-10092'], false],
    ]);
  });
});
