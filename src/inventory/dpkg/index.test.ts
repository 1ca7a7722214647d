import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { runInventoryConformance } from '../conformance.js';
import { parseInventory } from '../index.js';
import { dpkgAdapter, parseSource } from './index.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`__fixtures__/${name}`, import.meta.url));
const debian12 = fixture('debian12-bookworm-thishost.status');
const ubuntu = fixture('ubuntu24.04-noble-debootstrap.status');
const scalibr = fixture('debian-bookworm-osv-scalibr-valid.status');

function stanza(pkg: string, fields: Record<string, string>): string {
  const lines = [`Package: ${pkg}`, ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\n')}\n`;
}
const ok = { Status: 'install ok installed', Architecture: 'amd64' };

describe('inventory/dpkg', () => {
  runInventoryConformance({
    adapter: dpkgAdapter,
    folder: 'dpkg',
    fixtures: [{ path: debian12 }, { path: ubuntu }, { path: scalibr }],
  });

  it('reads the Debian 12 host: 768 installed packages, binNMU and bare Source lines', () => {
    const { value, diagnostics } = parseInventory(readFileSync(debian12), { fileName: 'status' });

    expect(value.packages).toHaveLength(768);
    const get = (n: string) => value.packages.find((p) => p.name === n);
    expect(get('bash')).toEqual({
      name: 'bash',
      version: '5.2.15-2+b8',
      arch: 'amd64',
      sourceName: 'bash',
      sourceVersion: '5.2.15-2',
    });
    expect(get('libc6')).toMatchObject({ sourceName: 'glibc', sourceVersion: '2.36-9+deb12u14' });
    expect(get('bsdutils')).toMatchObject({
      version: '1:2.38.1-5+deb12u3',
      sourceName: 'util-linux',
      sourceVersion: '2.38.1-5+deb12u3',
    });
    expect(get('openssl')).toMatchObject({
      sourceName: 'openssl',
      sourceVersion: '3.0.19-1~deb12u2',
    });
    expect(value.platform).toEqual({ family: 'debian', release: '12' });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('inferred from base-files 12.4+deb12u11'),
      }),
    ]);
  });

  it('infers ubuntu:24.04 from base-files 13ubuntu10 and keeps epochs', () => {
    const { value } = parseInventory(readFileSync(ubuntu));

    expect(value.platform).toEqual({ family: 'ubuntu', release: '24.04' });
    expect(value.packages).toHaveLength(90);
    expect(value.packages.find((p) => p.name === 'bsdutils')).toMatchObject({
      version: '1:2.39.3-9ubuntu6',
      sourceName: 'util-linux',
      sourceVersion: '2.39.3-9ubuntu6',
    });
  });

  it('os-release given alongside wins over inference, without a warning', () => {
    const osRelease = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';

    const { value, diagnostics } = parseInventory(readFileSync(debian12), { osRelease });

    expect(value.platform).toEqual({ family: 'debian', release: '12' });
    expect(diagnostics).toEqual([]);
  });

  it.each`
    status                                | kept
    ${'install ok installed'}             | ${true}
    ${'hold ok installed'}                | ${true}
    ${'deinstall ok config-files'}        | ${false}
    ${'install reinstreq half-installed'} | ${false}
    ${'purge ok not-installed'}           | ${false}
    ${'install ok unpacked'}              | ${false}
  `('status "$status" kept: $kept', ({ status, kept }: { status: string; kept: boolean }) => {
    const text =
      stanza('base', { ...ok, Version: '1.0' }) +
      '\n' +
      stanza('pkg', { ...ok, Status: status, Version: '2.0' });

    const names = parseInventory(text, { format: 'dpkg' }).value.packages.map((p) => p.name);

    expect(names).toEqual(kept ? ['base', 'pkg'] : ['base']);
  });

  it.each`
    source                      | name          | version                | sourceName      | sourceVersion
    ${undefined}                | ${'zlib1g'}   | ${'1:1.2.13.dfsg-1'}   | ${'zlib1g'}     | ${'1:1.2.13.dfsg-1'}
    ${'glibc'}                  | ${'libc6'}    | ${'2.36-9+deb12u4'}    | ${'glibc'}      | ${'2.36-9+deb12u4'}
    ${'glibc (2.36-9+deb12u4)'} | ${'libc6'}    | ${'2.36-9+deb12u4+b1'} | ${'glibc'}      | ${'2.36-9+deb12u4'}
    ${'util-linux (2.38.1-5)'}  | ${'bsdutils'} | ${'1:2.38.1-5+b1'}     | ${'util-linux'} | ${'2.38.1-5'}
  `(
    'Source $source → $sourceName $sourceVersion',
    ({ source, name, version, sourceName, sourceVersion }) => {
      expect(parseSource(source, name, version)).toEqual({
        name: sourceName,
        version: sourceVersion,
      });
    },
  );

  it.each`
    version            | platform
    ${'12.4+deb12u11'} | ${{ family: 'debian', release: '12' }}
    ${'11.1+deb11u9'}  | ${{ family: 'debian', release: '11' }}
    ${'13ubuntu10'}    | ${{ family: 'ubuntu', release: '24.04' }}
    ${'12ubuntu4.6'}   | ${{ family: 'ubuntu', release: '22.04' }}
    ${'13.3ubuntu6'}   | ${null}
    ${'9weird'}        | ${null}
  `('base-files $version → $platform', ({ version, platform }) => {
    const text = stanza('base-files', { ...ok, Version: version });

    expect(parseInventory(text, { format: 'dpkg' }).value.platform).toEqual(platform);
  });

  it('keeps one entry per architecture for Multi-Arch: same packages', () => {
    const text = [
      stanza('libc6', {
        ...ok,
        Architecture: 'i386',
        'Multi-Arch': 'same',
        Source: 'glibc',
        Version: '2.36-9+deb12u4',
      }),
      stanza('libc6', { ...ok, 'Multi-Arch': 'same', Source: 'glibc', Version: '2.36-9+deb12u4' }),
    ].join('\n');

    const pkgs = parseInventory(text).value.packages;

    expect(pkgs.map((p) => `${p.name}:${p.arch}`)).toEqual(['libc6:amd64', 'libc6:i386']);
  });

  it('reports a stanza without Version with file and line, and keeps the rest', () => {
    const text = [
      stanza('a', { ...ok, Version: '1' }),
      stanza('broken', ok),
      stanza('c', { ...ok, Version: '3' }),
    ].join('\n');

    const { value, diagnostics } = parseInventory(text, {
      fileName: 'status',
      platform: { family: 'debian', release: '12' },
    });

    expect(value.packages.map((p) => p.name)).toEqual(['a', 'c']);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        message: 'package broken: no Version field',
        location: { file: 'status', line: 6, record: 'broken' },
      },
    ]);
  });

  it.each`
    text                                                                                                                                                                         | names         | errors
    ${'Description: x\n continued\nPackage: a\nStatus: install ok installed\nArchitecture: all\nVersion: 1\n'}                                                                   | ${['a']}      | ${0}
    ${' leading continuation\nPackage: a\nStatus: install ok installed\nArchitecture: all\nVersion: 1\n'}                                                                        | ${[]}         | ${1}
    ${'Package: a\r\nStatus: install ok installed\r\nArchitecture: all\r\nVersion: 1\r\n \r\nPackage: b\r\nStatus: install ok installed\r\nArchitecture: all\r\nVersion: 2\r\n'} | ${['a', 'b']} | ${0}
  `('continuations, CRLF and whitespace-only separators: $names', ({ text, names, errors }) => {
    const run = (): ReturnType<typeof parseInventory> =>
      parseInventory(text, { format: 'dpkg', platform: { family: 'debian', release: '12' } });

    if (errors > 0) {
      expect(run).toThrow(expect.objectContaining({ code: ErrorCode.InventoryInvalid }));
      return;
    }
    expect(run().value.packages.map((p) => p.name)).toEqual(names);
  });

  it('a file truncated mid-Version is INVENTORY_INVALID at the cut line, not a shorter list', () => {
    const full = readFileSync(debian12, 'utf8');
    const text = full.slice(0, full.indexOf('Version: 5.2.15-2+b8') + 'Version: 5.2'.length);
    const line = text.split('\n').length;

    expect(() => parseInventory(text, { fileName: 'status', format: 'dpkg' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: { file: 'status', line, record: 'bash' },
      }),
    );
  });

  it.each`
    cut                                                                | line | record
    ${'Package: b\nStatus: install ok inst'}                           | ${7} | ${'b'}
    ${'Package: b\nStatus: install ok installed\n'}                    | ${6} | ${'b'}
    ${'Package: b\nStatus: install ok installed\nArchitecture: all\n'} | ${6} | ${'b'}
  `('a last stanza cut off ($cut) is INVENTORY_INVALID at line $line', ({ cut, line, record }) => {
    const whole = 'Package: a\nStatus: install ok installed\nArchitecture: all\nVersion: 1\n\n';

    expect(() => parseInventory(whole + cut, { fileName: 'status', format: 'dpkg' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: { file: 'status', line, record },
      }),
    );
  });

  it('a last stanza that has every field it needs may end the file without a blank line', () => {
    const text = 'Package: a\nStatus: install ok installed\nArchitecture: all\nVersion: 1\n';

    expect(parseInventory(text, { format: 'dpkg' }).value.packages.map((p) => p.name)).toEqual([
      'a',
    ]);
  });

  it('a file of garbage lines is INVENTORY_INVALID with the first bad line', () => {
    const text = 'Package: x\nthis is not a field\n';

    expect(() => parseInventory(text, { fileName: 'status', format: 'dpkg' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: { file: 'status', line: 2, record: 'x' },
      }),
    );
  });

  it('refuses a platform of another scheme', () => {
    expect(() =>
      parseInventory(readFileSync(scalibr), { platform: { family: 'alpine', release: '3.18' } }),
    ).toThrow(expect.objectContaining({ code: ErrorCode.PlatformInvalid }));
  });
});
