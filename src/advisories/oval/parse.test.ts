import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import type { AffectedPackage, Advisory } from '../../domain/index.js';
import { decompress } from '../compression.js';
import { fixtureNames, goldenOf, readFixture, readGolden } from '../testing/golden.js';
import { parseOval } from './parse.js';
import { maxItemBytes } from './scan.js';

const dir = import.meta.dirname;
const enc = new TextEncoder();

function parseFixture(name: string) {
  return parseOval(decompress({ name, bytes: readFixture(dir, name) }));
}

function byId(name: string, id: string): Advisory | undefined {
  return parseFixture(name).advisories.find((a) => a.id === id);
}

function parseText(text: string, name = 'inline.oval.xml') {
  return parseOval({ name, bytes: enc.encode(text) });
}

const ns =
  'xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" ' +
  'xmlns:red-def="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux" ' +
  'xmlns:linux-def="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"';

/** A document in a vendor's shape (made up here: no stored file has these forms). */
function doc(definitions: string, rest: string): string {
  return `<?xml version="1.0"?>\n<oval_definitions ${ns}>\n<definitions>\n${definitions}\n</definitions>\n${rest}\n</oval_definitions>\n`;
}

// Red Hat's module-stream shape: "Module X is enabled" beside the package checks of one AND.
const redHatModule = doc(
  `<definition class="patch" id="oval:com.redhat.rhsa:def:20230001" version="1">
    <metadata><title>RHSA-2023:0001: ruby:2.7 security update (Moderate)</title>
      <reference ref_id="RHSA-2023:0001" source="RHSA"/>
      <advisory><severity>Moderate</severity><issued date="2023-01-02"/></advisory>
    </metadata>
    <criteria operator="AND">
      <criterion comment="Red Hat Enterprise Linux 8 is installed" test_ref="oval:com.redhat.rhsa:tst:1"/>
      <criterion comment="Module ruby:2.7 is enabled" test_ref="oval:com.redhat.rhsa:tst:2"/>
      <criteria operator="OR">
        <criterion comment="ruby is earlier than 0:2.7.6-139.module+el8.7.0+1" test_ref="oval:com.redhat.rhsa:tst:3"/>
        <criterion comment="ruby is signed with Red Hat redhatrelease2 key" test_ref="oval:com.redhat.rhsa:tst:4"/>
      </criteria>
    </criteria>
  </definition>`,
  `<tests>
    <red-def:rpmverifyfile_test comment="Red Hat Enterprise Linux 8 is installed" id="oval:com.redhat.rhsa:tst:1" version="1"/>
    <red-def:rpminfo_test comment="ruby is earlier than 0:2.7.6-139.module+el8.7.0+1" id="oval:com.redhat.rhsa:tst:3" version="1">
      <red-def:object object_ref="oval:com.redhat.rhsa:obj:1"/><red-def:state state_ref="oval:com.redhat.rhsa:ste:1"/>
    </red-def:rpminfo_test>
    <red-def:rpminfo_test comment="ruby is signed with Red Hat redhatrelease2 key" id="oval:com.redhat.rhsa:tst:4" version="1">
      <red-def:object object_ref="oval:com.redhat.rhsa:obj:1"/><red-def:state state_ref="oval:com.redhat.rhsa:ste:2"/>
    </red-def:rpminfo_test>
  </tests>
  <objects><red-def:rpminfo_object id="oval:com.redhat.rhsa:obj:1" version="1"><red-def:name>ruby</red-def:name></red-def:rpminfo_object></objects>
  <states>
    <red-def:rpminfo_state id="oval:com.redhat.rhsa:ste:1" version="1"><red-def:evr datatype="evr_string" operation="less than">0:2.7.6-139.module+el8.7.0+1</red-def:evr></red-def:rpminfo_state>
    <red-def:rpminfo_state id="oval:com.redhat.rhsa:ste:2" version="1"><red-def:signature_keyid operation="equals">199e2f91fd431d51</red-def:signature_keyid></red-def:rpminfo_state>
  </states>`,
);

// Ubuntu's classic (non-OCI) shape: dpkginfo objects whose name is a variable of binaries.
const ubuntuClassic = doc(
  `<definition class="vulnerability" id="oval:com.ubuntu.noble:def:202400010000000" version="1">
    <metadata><title>CVE-2024-0001 on Ubuntu 24.04 LTS (noble) - low</title>
      <affected family="unix"><platform>Ubuntu 24.04 LTS</platform></affected>
      <reference source="CVE" ref_id="CVE-2024-0001"/>
      <advisory><severity>Low</severity><public_date>2024-01-05 10:00:00 UTC</public_date></advisory>
    </metadata>
    <criteria><criteria operator="OR">
      <criterion test_ref="oval:com.ubuntu.noble:tst:1" comment="foo package in noble is affected and needs fixing."/>
      <criterion test_ref="oval:com.ubuntu.noble:tst:2" comment="bar package in noble is affected, but will not be fixed."/>
    </criteria></criteria>
  </definition>`,
  `<tests>
    <linux-def:dpkginfo_test id="oval:com.ubuntu.noble:tst:1" version="1" check_existence="at_least_one_exists" check="at least one" comment="foo">
      <linux-def:object object_ref="oval:com.ubuntu.noble:obj:1"/></linux-def:dpkginfo_test>
    <linux-def:dpkginfo_test id="oval:com.ubuntu.noble:tst:2" version="1" check_existence="at_least_one_exists" check="at least one" comment="bar">
      <linux-def:object object_ref="oval:com.ubuntu.noble:obj:2"/></linux-def:dpkginfo_test>
  </tests>
  <objects>
    <linux-def:dpkginfo_object id="oval:com.ubuntu.noble:obj:1" version="1"><linux-def:name var_ref="oval:com.ubuntu.noble:var:1" var_check="at least one"/></linux-def:dpkginfo_object>
    <linux-def:dpkginfo_object id="oval:com.ubuntu.noble:obj:2" version="1"><linux-def:name var_ref="oval:com.ubuntu.noble:var:2" var_check="at least one"/></linux-def:dpkginfo_object>
  </objects>
  <variables>
    <constant_variable id="oval:com.ubuntu.noble:var:1" version="1" datatype="string"><value>libfoo1</value><value>libstdc++-foo</value></constant_variable>
    <constant_variable id="oval:com.ubuntu.noble:var:2" version="1" datatype="string"><value>bar-utils</value></constant_variable>
  </variables>`,
);

const pkg = (platform: string, name: string, rest: Partial<AffectedPackage>): AffectedPackage =>
  ({ kind: 'package', platform, package: name, ...rest }) as AffectedPackage;

describe('advisories/oval/parse', () => {
  it.each(fixtureNames(dir))('matches the golden output for %s', (name) => {
    const outcome = parseFixture(name);

    expect(goldenOf(outcome)).toEqual(readGolden(dir, name, outcome));
  });

  // Facts below were read by hand off the decompressed fixtures.
  it('Red Hat patch: RHSA id, binary rpm fixed at the evr without epoch 0, arches, dates', () => {
    const a = byId('rhel-9-including-unpatched.oval.xml.bz2', 'RHSA-2022:4765@rhel:9');

    expect(a).toMatchObject({
      severity: 'critical',
      vendorSeverity: 'Critical',
      published: '2022-05-27T00:00:00.000Z',
      cves: ['CVE-2022-1529', 'CVE-2022-1802'],
      cvss: [{ version: '3.0', score: 8.8 }],
    });
    expect(a?.affected).toEqual([
      pkg('rhel:9', 'firefox', {
        packageKind: 'binary',
        arch: ['aarch64', 'ppc64le', 's390x', 'x86_64'],
        status: 'fixed',
        fixed: '91.9.1-1.el9_0',
      }),
    ]);
  });

  it.each([
    ['CVE-2005-2541@rhel:9', [['tar', 'will-not-fix']]],
    [
      'CVE-2002-0059@rhel:9',
      [
        ['zlib-static', 'not-affected'],
        ['zlib-debugsource', 'not-affected'],
        ['zlib', 'not-affected'],
        ['zlib-devel', 'not-affected'],
      ],
    ],
  ])('Red Hat unpatched and unaffected definitions: %s', (id, expected) => {
    const a = byId('rhel-9-including-unpatched.oval.xml.bz2', id);

    expect(a?.affected.map((e) => [(e as AffectedPackage).package, e.status])).toEqual(expected);
  });

  it.each([
    ['CVE-2016-5405@debian:11', 'fixed', '1.3.5.15-1'],
    ['CVE-2016-5416@debian:11', 'not-affected', undefined],
    ['DSA-5179-1@debian:11', 'fixed', '7.4.30-1+deb11u1'],
  ])('Debian %s: source package %s %s', (id, status, fixed) => {
    const e = byId('oval-definitions-bullseye.xml.bz2', id)?.affected[0] as AffectedPackage;

    expect([e.packageKind, e.status, e.fixed]).toEqual(['source', status, fixed]);
  });

  it('Debian DSA: id from the title, both CVEs, the DSA date, unrated', () => {
    const a = byId('oval-definitions-bullseye.xml.bz2', 'DSA-5179-1@debian:11');

    expect(a?.cves).toEqual(['CVE-2022-31625', 'CVE-2022-31626']);
    expect(a?.published).toBe('2022-07-08T00:00:00.000Z');
    expect([a?.severity, a?.vendorSeverity]).toEqual(['medium', undefined]);
  });

  it.each([
    ['oci.com.ubuntu.jammy.usn.oval.xml.bz2', ['USN-6561-1@ubuntu:22.04'], 5],
    ['oci.com.ubuntu.jammy.cve.oval.xml.bz2', ['CVE-2023-48795@ubuntu:22.04'], 8],
    [
      'oci.com.ubuntu.jammy.pkg.oval.xml.bz2',
      ['libssh/CVE-2023-48795@ubuntu:22.04', 'openssh/CVE-2023-48795@ubuntu:22.04'],
      8,
    ],
  ])('Ubuntu %s: ids and binaries from the manifest patterns', (name, ids, binaries) => {
    const outcome = parseFixture(name);
    const all = outcome.advisories.flatMap((a) => a.affected) as AffectedPackage[];

    expect(outcome.advisories.map((a) => a.id)).toEqual(ids);
    expect(all).toHaveLength(binaries);
    expect(all.every((e) => e.packageKind === 'binary' && e.status === 'fixed')).toBe(true);
    expect(outcome.diagnostics).toEqual([]);
  });

  it('Ubuntu OCI cve file: epoch kept, 0: dropped, Ubuntu severity', () => {
    const a = byId('oci.com.ubuntu.jammy.cve.oval.xml.bz2', 'CVE-2023-48795@ubuntu:22.04');
    const fixedOf = (n: string) =>
      (a?.affected as AffectedPackage[]).find((e) => e.package === n)?.fixed;

    expect([fixedOf('ssh'), fixedOf('libssh-4')]).toEqual([
      '1:8.9p1-3ubuntu0.5',
      '0.9.6-2ubuntu0.22.04.2',
    ]);
    expect([a?.severity, a?.published]).toEqual(['medium', '2023-12-18T15:00:00.000Z']);
  });

  it('Red Hat module stream: the AND-level "Module ruby:2.7 is enabled" reaches the package', () => {
    const a = parseText(redHatModule).advisories[0];

    expect(a?.id).toBe('RHSA-2023:0001@rhel:8');
    expect(a?.affected).toEqual([
      pkg('rhel:8', 'ruby', {
        packageKind: 'binary',
        status: 'fixed',
        fixed: '2.7.6-139.module+el8.7.0+1',
        module: 'ruby:2.7',
      }),
    ]);
  });

  it('Ubuntu classic dpkginfo names from a variable; unfixed statuses from the comment', () => {
    const a = parseText(ubuntuClassic).advisories[0];

    expect(a?.affected.map((e) => [(e as AffectedPackage).package, e.status])).toEqual([
      ['libfoo1', 'no-fix-yet'],
      ['libstdc++-foo', 'no-fix-yet'],
      ['bar-utils', 'will-not-fix'],
    ]);
    expect([a?.id, a?.severity, a?.published]).toEqual([
      'CVE-2024-0001@ubuntu:24.04',
      'low',
      '2024-01-05T10:00:00.000Z',
    ]);
  });

  it('reports and skips other vendors, definitions without platform, negated branches', () => {
    const text = redHatModule
      .replace('oval:com.redhat.rhsa:def:20230001', 'oval:org.example:def:1')
      .replace(
        '</definitions>',
        ubuntuClassic.split('<definitions>')[1]!.split('</definitions>')[0]! + '</definitions>',
      )
      .replace(
        '<criteria><criteria operator="OR">',
        '<criteria><criteria operator="OR" negate="true">',
      );

    const outcome = parseText(text);

    expect(outcome.advisories).toEqual([]);
    expect(outcome.diagnostics.map((d) => [d.location.record, d.location.line])).toEqual([
      ['oval:org.example:def:1', 4],
      ['oval:com.ubuntu.noble:def:202400010000000', 19],
    ]);
  });

  it('reports an item that is not UTF-8 with its line and keeps the rest', () => {
    const [before, after] = redHatModule.split('<objects>') as [string, string];
    const bytes = new Uint8Array([
      ...enc.encode(`${before}<objects><red-def:rpminfo_object id="x">`),
      0xff,
      ...enc.encode(`</red-def:rpminfo_object>${after}`),
    ]);

    const outcome = parseOval({ name: 'inline.oval.xml', bytes });

    expect(outcome.advisories).toHaveLength(1);
    expect(outcome.diagnostics).toMatchObject([{ severity: 'error', location: { line: 28 } }]);
    expect(outcome.diagnostics[0]?.message).toMatch(/not valid UTF-8/);
  });

  it('reports an unreadable item with its line and keeps the rest', () => {
    const text = redHatModule.replace(
      '<objects>',
      '<objects><red-def:rpminfo_object id="x" a=b></red-def:rpminfo_object>',
    );

    const outcome = parseText(text);

    expect(outcome.advisories).toHaveLength(1);
    expect(outcome.diagnostics).toMatchObject([{ severity: 'error' }]);
    expect(outcome.diagnostics[0]?.location.line).toBe(28);
  });

  it.each([
    [
      'a mismatched end tag',
      redHatModule.replace('<objects>', '<objects><a></b>'),
      /<\/b> closes <a>; line 28/,
    ],
    ['not OVAL', '<cvrfdoc/>', /not an OVAL definitions document/],
    ['a DTD', '<!DOCTYPE x [<!ENTITY a "b">]><oval_definitions/>', /DTD/],
    ['truncated', redHatModule.slice(0, 900), /ends inside|unterminated/],
    ['bad UTF-8', '\u0000', /not an OVAL/],
  ])('throws ADVISORY_INVALID for %s', (_what, text, message) => {
    expect(() => parseText(text)).toThrow(AppError);
    expect(() => parseText(text)).toThrow(message);
  });

  it('refuses an item larger than the per-item limit instead of building its tree', () => {
    const big = redHatModule.replace('<title>', `<title>${'x'.repeat(maxItemBytes)}`);

    expect(() => parseText(big)).toThrow(/larger than/);
  });
});
