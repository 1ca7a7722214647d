import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInventory } from '../index.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`__fixtures__/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'patchline-dpkg-'));

/** Hand-written states dpkg itself must agree on: hold, config-files, half-installed, multi-arch, binNMU. */
const mixed = `Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4

Package: libc6
Status: hold ok installed
Architecture: i386
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4

Package: oldconf
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: broken
Status: install reinstreq half-installed
Architecture: amd64
Version: 2.0-1

Package: bash
Status: install ok installed
Architecture: amd64
Source: bash (5.2.15-2)
Version: 5.2.15-2+b8
`;

/** What dpkg-query reports as installed (status `?i?` with no error flag) in `adminDir`. */
function dpkgQueryInstalled(statusFile: string): string[] {
  const admin = mkdtempSync(join(scratch, 'admin-'));
  mkdirSync(join(admin, 'info'));
  mkdirSync(join(admin, 'updates'));
  copyFileSync(statusFile, join(admin, 'status'));
  const format =
    '${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n';
  const r = spawnSync('dpkg-query', [`--admindir=${admin}`, '-W', '-f', format], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`dpkg-query failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l[1] === 'i' && l[2] === ' ')
    .map((l) => l.split('\t').slice(1).join('\t'))
    .sort();
}

describe('inventory/dpkg against dpkg-query', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  writeFileSync(join(scratch, 'mixed.status'), mixed);
  it.each([
    [fixture('debian12-bookworm-thishost.status')],
    [fixture('ubuntu24.04-noble-debootstrap.status')],
    [fixture('debian-bookworm-osv-scalibr-valid.status')],
    [join(scratch, 'mixed.status')],
  ])('same installed set, versions and source fields as dpkg-query for %s', (file) => {
    const expected = dpkgQueryInstalled(file);

    const { value } = parseInventory(readFileSync(file), {
      format: 'dpkg',
      fileName: file,
    });
    const got = value.packages
      .map((p) => [p.name, p.version, p.arch, p.sourceName, p.sourceVersion].join('\t'))
      .sort();

    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(2);
  });
});
