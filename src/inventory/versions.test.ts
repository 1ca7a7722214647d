import { describe, expect, it } from 'vitest';
import { parseInventory } from './index.js';

const dpkg = (version: string, source = 'zlib') =>
  [
    'Package: zlib1g',
    'Status: install ok installed',
    'Architecture: amd64',
    `Source: ${source}`,
    `Version: ${version}`,
    '',
    'Package: bash',
    'Status: install ok installed',
    'Architecture: amd64',
    'Version: 5.2.15-2+b2',
    '',
    '',
  ].join('\n');

const apk = (version: string) =>
  [
    'P:musl',
    `V:${version}`,
    'A:x86_64',
    'o:musl',
    '',
    'P:busybox',
    'V:1.36.1-r5',
    'A:x86_64',
    'o:busybox',
    '',
    '',
  ].join('\n');

const rpmTsv = (version: string) =>
  [
    `zlib\t0\t${version}\t3.el9\tx86_64\tzlib-1.2.11-3.el9.src.rpm`,
    'bash\t0\t5.1.8\t6.el9\tx86_64\tbash-5.1.8-6.el9.src.rpm',
    '',
  ].join('\n');

describe('inventory/versions', () => {
  it.each`
    case                          | format    | text                           | location                   | message
    ${'dpkg: no leading digit'}   | ${'dpkg'} | ${dpkg('x1.2.13')}             | ${{ file: 'in', line: 5 }} | ${/zlib1g: version "x1.2.13" is not a valid dpkg version/}
    ${'dpkg: bad source version'} | ${'dpkg'} | ${dpkg('1.2.13', 'zlib (:1)')} | ${{ file: 'in', line: 5 }} | ${/source version ":1" is not a valid dpkg version/}
    ${'apk: bad suffix'}          | ${'apk'}  | ${apk('1.2.4_foo-r0')}         | ${{ file: 'in', line: 1 }} | ${/musl: version "1.2.4_foo-r0" is not a valid apk version/}
    ${'rpm tsv: epoch garbage'}   | ${'rpm'}  | ${rpmTsv('1.2.11:')}           | ${{ file: 'in', line: 1 }} | ${/package zlib: invalid version/}
  `('$case: skipped as a bad record, where it is said', ({ format, text, location, message }) => {
    const r = parseInventory(text, { format, fileName: 'in' });

    expect(r.value.packages.map((p) => p.name)).toEqual([
      format === 'dpkg' ? 'bash' : format === 'apk' ? 'busybox' : 'bash',
    ]);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(message);
    expect(errors[0]!.location).toMatchObject(location);
  });
});
