import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { runInventoryConformance } from '../conformance.js';
import { parseInventory } from '../index.js';
import { rpmAdapter } from './index.js';
import { parseSourceRpm } from './srpm.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`__fixtures__/${name}`, import.meta.url));
const read = (name: string): Buffer => readFileSync(fixture(name));

describe('inventory/rpm', () => {
  runInventoryConformance({
    adapter: rpmAdapter,
    folder: 'rpm',
    fixtures: [
      'amazonlinux2.rpm-qa.tsv',
      'centos7.rpm-qa.tsv',
      'ubi8.rpm-qa.tsv',
      'ubi9-aarch64.rpm-qa.json',
      'ubi9-sourcerpm.tsv',
    ].map((f) => ({ path: fixture(f) })),
  });

  it.each`
    file                          | count  | platform                              | name                | version
    ${'amazonlinux2.rpm-qa.tsv'}  | ${103} | ${{ family: 'amzn', release: '2' }}   | ${'system-release'} | ${'1:2-11.amzn2'}
    ${'centos7.rpm-qa.tsv'}       | ${146} | ${{ family: 'centos', release: '7' }} | ${'centos-release'} | ${'7-6.1810.2.el7.centos'}
    ${'ubi8.rpm-qa.tsv'}          | ${178} | ${{ family: 'rhel', release: '8' }}   | ${'redhat-release'} | ${'8.1-3.3.el8'}
    ${'ubi9-aarch64.rpm-qa.json'} | ${179} | ${{ family: 'rhel', release: '9' }}   | ${'openssl'}        | ${'1:3.0.1-23.el9_0'}
  `('$file: $count packages, $name $version', ({ file, count, platform, name, version }) => {
    const { value, diagnostics } = parseInventory(read(file), { fileName: file });

    expect(value.format).toBe('rpm');
    expect(value.packages).toHaveLength(count);
    expect(value.platform).toEqual(platform);
    expect(value.packages.find((p) => p.name === name)?.version).toBe(version);
    expect(value.packages.some((p) => p.name === 'gpg-pubkey')).toBe(false);
    expect(diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });

  it('reads arch from the JSON shape', () => {
    const pkgs = parseInventory(read('ubi9-aarch64.rpm-qa.json')).value.packages;

    expect(pkgs.find((p) => p.name === 'tzdata')).toEqual({
      name: 'tzdata',
      version: '2022a-1.el9_0',
      arch: 'noarch',
      sourceName: 'tzdata',
      sourceVersion: '2022a-1.el9_0',
    });
  });

  it('derives the source package from SOURCERPM in the 6-column queryformat', () => {
    const pkgs = parseInventory(read('ubi9-sourcerpm.tsv')).value.packages;
    const get = (n: string) => pkgs.find((p) => p.name === n);

    expect(pkgs).toHaveLength(13);
    expect(get('openssl-libs')).toEqual({
      name: 'openssl-libs',
      version: '1:3.0.1-23.el9_0',
      arch: 'aarch64',
      sourceName: 'openssl',
      sourceVersion: '1:3.0.1-23.el9_0',
    });
    expect(get('python3-setuptools-wheel')).toMatchObject({
      sourceName: 'python-setuptools',
      sourceVersion: '53.0.0-10.el9',
    });
    expect(get('libgcc')).toMatchObject({ sourceName: 'gcc', sourceVersion: '11.2.1-9.4.el9' });
  });

  it.each`
    file                                        | expected
    ${'openssl-3.0.7-24.el9.src.rpm'}           | ${{ name: 'openssl', version: '3.0.7-24.el9' }}
    ${'python3.9-3.9.18-1.el9_3.src.rpm'}       | ${{ name: 'python3.9', version: '3.9.18-1.el9_3' }}
    ${'kernel-rt-5.14.0-362.8.1.el9_3.src.rpm'} | ${{ name: 'kernel-rt', version: '5.14.0-362.8.1.el9_3' }}
    ${'foo-1-2.nosrc.rpm'}                      | ${{ name: 'foo', version: '1-2' }}
    ${'(none)'}                                 | ${null}
    ${'noversion.src.rpm'}                      | ${null}
    ${'a-1-.src.rpm'}                           | ${null}
  `('parseSourceRpm($file)', ({ file, expected }) => {
    expect(parseSourceRpm(file)).toEqual(expected);
  });

  it('reads plain rpm -qa lines and warns that they carry no epoch', () => {
    const text = [
      'openssl-libs-3.0.1-23.el9_0.aarch64',
      'gpg-pubkey-fd431d51-4ae0493b',
      'ncurses-base-6.2-8.20210508.el9.noarch',
      'redhat-release-9.0-2.17.el9.aarch64',
      '',
    ].join('\n');

    const { value, diagnostics } = parseInventory(text, { fileName: 'rpm-qa.txt' });

    expect(value.format).toBe('rpm');
    expect(value.platform).toEqual({ family: 'rhel', release: '9' });
    expect(value.packages).toEqual([
      {
        name: 'ncurses-base',
        version: '6.2-8.20210508.el9',
        arch: 'noarch',
        sourceName: 'ncurses-base',
        sourceVersion: '6.2-8.20210508.el9',
      },
      {
        name: 'openssl-libs',
        version: '3.0.1-23.el9_0',
        arch: 'aarch64',
        sourceName: 'openssl-libs',
        sourceVersion: '3.0.1-23.el9_0',
      },
      {
        name: 'redhat-release',
        version: '9.0-2.17.el9',
        arch: 'aarch64',
        sourceName: 'redhat-release',
        sourceVersion: '9.0-2.17.el9',
      },
    ]);
    expect(diagnostics[0]).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('3 plain "rpm -qa" line(s) carry no epoch'),
    });
  });

  it('reports a malformed row with its line and keeps the rest', () => {
    const text =
      'bash\t0\t5.1.8\t4.el9\tx86_64\tbash-5.1.8-4.el9.src.rpm\nbroken\tx\t1\n\nzlib\t0\t1.2.11\t31.el9\tx86_64\tzlib-1.2.11-31.el9.src.rpm\n';

    const { value, diagnostics } = parseInventory(text, {
      fileName: 'qa.tsv',
      platform: { family: 'rhel', release: '9' },
    });

    expect(value.packages.map((p) => p.name)).toEqual(['bash', 'zlib']);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        message: 'package broken: "x" is not [EPOCH:]VERSION-RELEASE',
        location: { file: 'qa.tsv', line: 2, record: 'broken' },
      },
    ]);
  });

  it('a row cut off at the end of a truncated file is INVENTORY_INVALID at that line', () => {
    const text =
      'bash\t0\t5.1.8\t4.el9\tx86_64\tbash-5.1.8-4.el9.src.rpm\nzlib\t0\t1.2.11\t31.el9\tx86_64\tzlib-1.2';

    expect(() => parseInventory(text, { fileName: 'qa.tsv', format: 'rpm' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: { file: 'qa.tsv', line: 2, record: 'zlib' },
      }),
    );
  });

  it('reports a bad JSON entry by pointer', () => {
    const text = JSON.stringify([
      { name: 'a', version: '1', release: '1.el9', arch: 'x86_64' },
      { name: 'b', version: 'has space', release: '1' },
    ]);

    const { value, diagnostics } = parseInventory(text, { fileName: 'qa.json', format: 'rpm' });

    expect(value.packages.map((p) => p.name)).toEqual(['a']);
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      location: { file: 'qa.json', pointer: '/1/version' },
    });
  });

  it('truncated JSON is INVENTORY_INVALID with line and column', () => {
    const text = read('ubi9-aarch64.rpm-qa.json').toString('utf8').slice(0, 500);

    expect(() => parseInventory(text, { fileName: 'qa.json', format: 'rpm' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: expect.objectContaining({ file: 'qa.json', line: 1, column: 501 }),
      }),
    );
  });
});
