import { describe, expect, it } from 'vitest';
import type { Advisory, AffectedEntry } from '../domain/advisory.js';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { getScheme } from '../versioning/registry.js';
import { createEvaluator } from './evaluate.js';
import { buildMatchIndex } from './match-index.js';

function advisory(
  id: string,
  affected: AffectedEntry[],
  cves = [`CVE-2099-${id.length}`],
): Advisory {
  return { id, source: 'test', severity: 'high', cves, classification: 'security', affected };
}

function pkg(
  name: string,
  version: string,
  src?: [string, string],
  arch = 'amd64',
): InstalledPackage {
  return { name, version, arch, sourceName: src?.[0] ?? name, sourceVersion: src?.[1] ?? version };
}

function inv(
  platform: string,
  packages: InstalledPackage[],
  extra: Partial<Inventory> = {},
): Inventory {
  const format = platform.startsWith('alma') || platform.startsWith('rhel') ? 'rpm' : 'dpkg';
  return { format, platform: parsePlatform(platform), packages, ...extra };
}

function evaluator(advisories: Advisory[]) {
  return createEvaluator(buildMatchIndex(advisories), {
    compareFor: (s) => getScheme(s).compare,
  });
}

const opensslDsa = advisory('DSA-5532-1', [
  {
    kind: 'package',
    platform: 'debian:12',
    package: 'openssl',
    packageKind: 'source',
    status: 'fixed',
    fixed: '3.0.11-1~deb12u2',
  },
]);

describe('engine/evaluate', () => {
  it.each`
    case                         | platform           | expected
    ${'covered stream'}          | ${'debian:12.5'}   | ${'assessed'}
    ${'release no feed covers'}  | ${'debian:11'}     | ${'not-assessed: no loaded feed covers debian:11'}
    ${'point release named too'} | ${'alpine:3.18.4'} | ${'not-assessed: no loaded feed covers alpine:3.18 (alpine:3.18.4)'}
    ${'unknown platform'}        | ${null}            | ${'not-assessed: platform unknown: the inventory names no operating-system release'}
  `('assess: $case', ({ platform, expected }) => {
    const ev = evaluator([opensslDsa]);

    const a = ev.assess(platform === null ? null : parsePlatform(platform));

    expect(a.status === 'assessed' ? a.status : `${a.status}: ${a.reason}`).toBe(expected);
  });

  it.each`
    case                                  | platform         | packages                                                                    | expected
    ${'source-keyed below fix'}           | ${'debian:12'}   | ${[pkg('libssl3', '3.0.11-1~deb12u1', ['openssl', '3.0.11-1~deb12u1'])]}    | ${['libssl3:open']}
    ${'source-keyed at fix'}              | ${'debian:12'}   | ${[pkg('libssl3', '3.0.11-1~deb12u2', ['openssl', '3.0.11-1~deb12u2'])]}    | ${[]}
    ${'binNMU: binary +b1, source fixed'} | ${'debian:12'}   | ${[pkg('libssl3', '3.0.11-1~deb12u2+b1', ['openssl', '3.0.11-1~deb12u2'])]} | ${[]}
    ${'binNMU: binary newer, source old'} | ${'debian:12'}   | ${[pkg('libssl3', '3.0.11-1~deb12u1+b1', ['openssl', '3.0.11-1~deb12u1'])]} | ${['libssl3:open']}
    ${'other stream does not match'}      | ${'debian:11'}   | ${[pkg('libssl3', '1.1.1n-0+deb11u1', ['openssl', '1.1.1n-0+deb11u1'])]}    | ${[]}
    ${'point release maps to stream'}     | ${'debian:12.5'} | ${[pkg('openssl', '3.0.9-1')]}                                              | ${['openssl:open']}
  `('$case', ({ platform, packages, expected }) => {
    const ev = evaluator([opensslDsa]);

    const found = ev.evaluate('h1', inv(platform, packages));

    expect(found.map((f) => `${f.package}:${f.status}`)).toEqual(expected);
  });

  it('records evidence with rule, scheme, installed and fixed', () => {
    const ev = evaluator([opensslDsa]);

    const [f] = ev.evaluate(
      'h1',
      inv('debian:12', [pkg('libssl3', '3.0.9-1', ['openssl', '3.0.9-1'])]),
    );

    expect(f?.evidence).toEqual({
      source: 'test',
      rule: 'source-package',
      scheme: 'dpkg',
      installed: '3.0.9-1',
      fixed: '3.0.11-1~deb12u2',
      platform: 'debian:12',
    });
  });

  it('matches rpm binaries by name and arch, honouring introduced', () => {
    const adv = advisory('ALSA-2024:0001', [
      {
        kind: 'package',
        platform: 'almalinux:9',
        package: 'openssl-libs',
        packageKind: 'binary',
        arch: ['x86_64'],
        status: 'fixed',
        introduced: '1:3.0.0-1.el9',
        fixed: '1:3.0.7-25.el9_3',
      },
    ]);
    const ev = evaluator([adv]);

    const x86 = ev.evaluate(
      'a',
      inv('almalinux:9.3', [pkg('openssl-libs', '1:3.0.7-24.el9', undefined, 'x86_64')]),
    );
    const arm = ev.evaluate(
      'b',
      inv('almalinux:9.3', [pkg('openssl-libs', '1:3.0.7-24.el9', undefined, 'aarch64')]),
    );
    const old = ev.evaluate(
      'c',
      inv('almalinux:9', [pkg('openssl-libs', '1:1.1.1k-1.el9', undefined, 'x86_64')]),
    );

    expect(x86.map((f) => f.status)).toEqual(['open']);
    expect(arm).toEqual([]);
    expect(old).toEqual([]);
  });

  it.each`
    status            | expected
    ${'no-fix-yet'}   | ${'no-fix-yet'}
    ${'will-not-fix'} | ${'will-not-fix'}
    ${'not-affected'} | ${undefined}
  `('vendor status $status gives $expected', ({ status, expected }) => {
    const adv = advisory('CVE-2099-1', [
      { kind: 'package', platform: 'debian:12', package: 'zlib', packageKind: 'source', status },
    ]);

    const found = evaluator([adv]).evaluate(
      'h',
      inv('debian:12', [pkg('zlib1g', '1:1.2.13.dfsg-1', ['zlib', '1:1.2.13.dfsg-1'])]),
    );

    expect(found[0]?.status).toBe(expected);
  });

  describe('fails closed on a comparison it cannot make', () => {
    const entry = (over: Partial<AffectedEntry>): AffectedEntry =>
      ({
        kind: 'package',
        platform: 'debian:12',
        package: 'zlib',
        packageKind: 'source',
        status: 'fixed',
        fixed: '1:1.2.13.dfsg-2',
        ...over,
      }) as AffectedEntry;

    it.each`
      case                       | installed            | over                                                            | expected
      ${'garbage installed'}     | ${'not a version!'}  | ${{}}                                                           | ${'unverifiable'}
      ${'garbage fixed'}         | ${'1:1.2.13.dfsg-1'} | ${{ fixed: '1:' }}                                              | ${'unverifiable'}
      ${'garbage introduced'}    | ${'1:1.2.13.dfsg-1'} | ${{ introduced: 'ünïcode' }}                                    | ${'unverifiable'}
      ${'garbage, no fix yet'}   | ${'1:1.2.13.dfsg-1'} | ${{ status: 'no-fix-yet', fixed: undefined, introduced: '::' }} | ${'unverifiable'}
      ${'valid below fix'}       | ${'1:1.2.13.dfsg-1'} | ${{}}                                                           | ${'open'}
      ${'valid at fix'}          | ${'1:1.2.13.dfsg-2'} | ${{}}                                                           | ${undefined}
      ${'not-affected, garbage'} | ${'not a version!'}  | ${{ status: 'not-affected' }}                                   | ${undefined}
    `('$case gives $expected', ({ installed, over, expected }) => {
      const adv = advisory('DSA-1-1', [entry(over)]);

      const found = evaluator([adv]).evaluate(
        'h',
        inv('debian:12', [pkg('zlib1g', installed, ['zlib', installed])]),
      );

      expect(found[0]?.status).toBe(expected);
      expect(found.length).toBe(expected === undefined ? 0 : 1);
      if (expected === 'unverifiable') {
        expect(found[0]?.reason).toMatch(/^cannot compare: invalid dpkg version/);
      } else expect(found[0]?.reason).toBeUndefined();
    });
  });

  it('evaluates a shared package version once across hosts', () => {
    const ev = evaluator([opensslDsa]);
    const p = [pkg('libssl3', '3.0.9-1', ['openssl', '3.0.9-1'])];

    for (let i = 0; i < 50; i++) ev.evaluate(`h${i}`, inv('debian:12', p));

    expect(ev.cacheSize).toBe(1);
  });

  describe('running kernel', () => {
    const kernelAdv = advisory('ALSA-2024:9999', [
      {
        kind: 'package',
        platform: 'almalinux:9',
        package: 'kernel-core',
        packageKind: 'binary',
        status: 'fixed',
        fixed: '5.14.0-427.13.1.el9_4',
      },
    ]);
    const old = pkg('kernel-core', '5.14.0-362.8.1.el9_3', undefined, 'x86_64');
    const fixed = pkg('kernel-core', '5.14.0-427.13.1.el9_4', undefined, 'x86_64');

    it.each`
      case                              | packages        | running                           | expected
      ${'fixed installed, old running'} | ${[old, fixed]} | ${'5.14.0-362.8.1.el9_3.x86_64'}  | ${['fixed-pending-reboot']}
      ${'fixed running'}                | ${[old, fixed]} | ${'5.14.0-427.13.1.el9_4.x86_64'} | ${[]}
      ${'only old installed'}           | ${[old]}        | ${'5.14.0-362.8.1.el9_3.x86_64'}  | ${['open']}
      ${'garbage running kernel'}       | ${[old, fixed]} | ${'5.14.0-362 8.1.el9_3.x86_64'}  | ${['unverifiable']}
    `('$case', ({ packages, running, expected }) => {
      const found = evaluator([kernelAdv]).evaluate(
        'k',
        inv('almalinux:9', packages, { runningKernel: running }),
      );

      expect(found.map((f) => f.status)).toEqual(expected);
    });
  });
});
