import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import { fixtureNames, goldenOf, readFixture, readGolden } from '../testing/golden.js';
import { parseOsv } from './parse.js';

const dir = import.meta.dirname;
const enc = new TextEncoder();

function parseFixture(name: string) {
  return parseOsv({ name, bytes: readFixture(dir, name) });
}

function parseJson(value: unknown) {
  return parseOsv({ name: 'inline.json', bytes: enc.encode(JSON.stringify(value)) });
}

describe('advisories/osv/parse', () => {
  it.each(fixtureNames(dir))('matches the golden output for %s', (name) => {
    const outcome = parseFixture(name);

    expect(goldenOf(outcome)).toEqual(readGolden(dir, name, outcome));
  });

  // Facts read by hand from the raw fixtures.
  it('reads a Debian DSA: source package, fixed version, introduced 0 = from the start', () => {
    const [a] = parseFixture('DSA-135.json').advisories;

    expect(a?.cves).toEqual(['CVE-2002-0653']);
    expect(a?.affected).toEqual([
      {
        kind: 'package',
        platform: 'debian:3.0',
        package: 'libapache-mod-ssl',
        packageKind: 'source',
        status: 'fixed',
        fixed: '2.8.9-2',
      },
    ]);
  });

  it('reads Ubuntu USN binaries with their own versions and CVEs from cves_map', () => {
    const [a] = parseFixture('USN-5614-1.json').advisories;

    expect(a?.cves).toEqual(['CVE-2021-3782']);
    expect(a?.vendorSeverity).toBe('medium');
    expect(a?.affected).toContainEqual({
      kind: 'package',
      platform: 'ubuntu:18.04',
      package: 'libwayland-client0',
      packageKind: 'binary',
      status: 'fixed',
      fixed: '1.16.0-1ubuntu1.1~18.04.4',
    });
  });

  it('maps Ubuntu Pro ecosystems to the release and keeps unfixed ranges as no-fix-yet', () => {
    const [a] = parseFixture('UBUNTU-CVE-2016-20013.json').advisories;

    expect(a?.severity).toBe('none');
    expect(a?.vendorSeverity).toBe('negligible');
    expect(a?.affected).toContainEqual({
      kind: 'package',
      platform: 'ubuntu:14.04',
      package: 'eglibc',
      packageKind: 'source',
      status: 'no-fix-yet',
    });
  });

  it.each`
    file                            | platform         | pkg          | fixed
    ${'ALSA-2024_0310.json'}        | ${'almalinux:9'} | ${'openssl'} | ${'1:3.0.7-25.el9_3'}
    ${'RLSA-2024_3671.json'}        | ${'rocky:9'}     | ${'ruby'}    | ${'0:3.3.1-2.module+el9.4.0+20787+4c237fd3'}
    ${'ALPINE-CVE-2023-46850.json'} | ${'alpine:3.18'} | ${'openvpn'} | ${'2.6.7-r0'}
  `('maps $file to $platform with fixed $fixed', ({ file, platform, pkg, fixed }) => {
    const [a] = parseFixture(file).advisories;

    expect(a?.affected).toContainEqual(expect.objectContaining({ platform, package: pkg, fixed }));
  });

  it('takes Red Hat-style severity from the summary prefix and CVSS from vectors', () => {
    const [alma] = parseFixture('ALSA-2024_0310.json').advisories;
    const [alpine] = parseFixture('ALPINE-CVE-2023-46850.json').advisories;

    expect([alma?.vendorSeverity, alma?.severity]).toEqual(['Moderate', 'medium']);
    expect(alpine?.cvss).toEqual([
      { version: '3.1', score: 9.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    ]);
    expect(alpine?.severity).toBe('critical');
  });

  it('turns two intervals of one range into two entries', () => {
    const outcome = parseJson({
      id: 'DSA-1-1',
      affected: [
        {
          package: { ecosystem: 'Debian:12', name: 'foo' },
          ranges: [
            {
              type: 'ECOSYSTEM',
              events: [{ introduced: '0' }, { fixed: '1.0-1' }, { introduced: '2.0-1' }],
            },
          ],
        },
      ],
    });

    expect(
      outcome.advisories[0]?.affected.map((e) => [
        e.status,
        'introduced' in e ? e.introduced : undefined,
      ]),
    ).toEqual([
      ['fixed', undefined],
      ['no-fix-yet', '2.0-1'],
    ]);
  });

  it('reports a bad affected element and an unknown ecosystem, keeping the rest', () => {
    const outcome = parseJson({
      id: 'USN-1-1',
      affected: [
        { package: { ecosystem: 'Ubuntu:22.04:LTS' } },
        { package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [] },
        {
          package: { ecosystem: 'Ubuntu:22.04:LTS', name: 'bar' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2' }] }],
        },
      ],
    });

    expect(outcome.advisories[0]?.affected).toHaveLength(1);
    expect(
      outcome.diagnostics.map((d) => [d.severity, d.location.pointer, d.location.record]),
    ).toEqual([
      ['error', '/affected/0/package/name', 'USN-1-1'],
      ['warning', '/affected/1/package/ecosystem', 'USN-1-1'],
    ]);
  });

  it('skips a bad record in an array of records', () => {
    const outcome = parseJson([{ id: 'DSA-1-1' }, { summary: 'no id' }]);

    expect(outcome.advisories.map((a) => a.id)).toEqual(['DSA-1-1']);
    expect(outcome.diagnostics[0]?.location.pointer).toBe('/1/id');
  });

  it.each([['not json'], ['{"summary": "no id"}'], ['42']])('rejects %s as a document', (text) => {
    expect(() => parseOsv({ name: 'bad.json', bytes: enc.encode(text) })).toThrow(AppError);
  });
});
