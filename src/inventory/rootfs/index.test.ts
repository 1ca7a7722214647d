import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { parseInventory } from '../index.js';
import { readRootInventory } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'rootfs-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A root under the temp folder: files copied or written, symlinks made, by path inside it. */
function makeRoot(
  name: string,
  files: Record<string, string | { copy: string } | { link: string }>,
): string {
  const root = join(base, name);
  for (const [rel, what] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof what === 'string') writeFileSync(path, what);
    else if ('copy' in what) copyFileSync(join(here, '..', what.copy), path);
    else symlinkSync(what.link, path);
  }
  return root;
}

const rhel9 = 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="9.3"\n';

describe('inventory/rootfs/index', () => {
  it('reads an rpm root natively, following an absolute os-release link inside the root', () => {
    const root = makeRoot('rhel', {
      'usr/lib/os-release': rhel9,
      'etc/os-release': { link: '/usr/lib/os-release' },
      'var/lib/rpm/rpmdb.sqlite': { copy: 'rpmdb/__fixtures__/cbl-mariner-2.0/rpmdb.sqlite' },
      'boot/vmlinuz-5.15.0-1.cm2.x86_64': '',
      'lib/modules/5.15.0-1.cm2.x86_64/modules.dep': '',
    });

    const r = readRootInventory(root);

    expect(r.value.format).toBe('rpm');
    expect(r.value.platform).toEqual({ family: 'rhel', release: '9' });
    expect(r.value.packages).toHaveLength(129);
    expect(r.value.runningKernel).toBeUndefined();
    expect(r.root).toEqual({
      root,
      database: '/var/lib/rpm/rpmdb.sqlite',
      backend: 'sqlite',
      osRelease: '/usr/lib/os-release',
      kernels: ['5.15.0-1.cm2.x86_64'],
    });
  });

  it('reads a SUSE root whose rpmdb moved to /usr/lib/sysimage/rpm behind a link', () => {
    const root = makeRoot('suse', {
      'usr/lib/sysimage/rpm/Packages.db': { copy: 'rpmdb/__fixtures__/sle15-bci/Packages.db' },
      'var/lib/rpm': { link: '../../usr/lib/sysimage/rpm' },
      'etc/os-release': 'ID="sles"\nVERSION_ID="15.3"\n',
    });

    const r = readRootInventory(root);

    expect(r.root.backend).toBe('ndb');
    expect(r.root.database).toBe('/usr/lib/sysimage/rpm/Packages.db');
    expect(r.value.packages).toHaveLength(35);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/ID=sles VERSION_ID=15.3, no platform/),
      }),
    );
  });

  it('reads a dpkg root exactly as the status file alone, and a link out of the root finds nothing', () => {
    const status = 'dpkg/__fixtures__/debian12-bookworm-thishost.status';
    const root = makeRoot('debian', {
      'var/lib/dpkg/status': { copy: status },
      'etc/os-release': { link: '../../../../../../../etc/os-release-outside' },
      'boot/vmlinuz-6.1.0-13-amd64': '',
    });

    const r = readRootInventory(root);
    const alone = parseInventory(readFileSync(join(here, '..', status)), { format: 'dpkg' });

    expect(r.value.packages).toEqual(alone.value.packages);
    expect(r.value.platform).toEqual(alone.value.platform);
    expect(r.root.osRelease).toBeUndefined();
    expect(r.root.kernels).toContain('6.1.0-13-amd64');
  });

  it('reads an Alpine root', () => {
    const root = makeRoot('alpine', {
      'lib/apk/db/installed': { copy: 'apk/__fixtures__/alpine-installed' },
    });

    const r = readRootInventory(root);

    expect(r.value.format).toBe('apk');
    expect(r.root.database).toBe('/lib/apk/db/installed');
  });

  it('prefers the database holding packages over an empty rpmdb, and says so', () => {
    const root = makeRoot('debian-with-rpm', {
      'var/lib/dpkg/status': { copy: 'dpkg/__fixtures__/debian12-bookworm-thishost.status' },
      'etc/os-release': 'ID=debian\nVERSION_ID="12"\n',
    });
    mkdirSync(join(root, 'var/lib/rpm'));
    const db = new Database(join(root, 'var/lib/rpm/rpmdb.sqlite'));
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    db.close();

    const r = readRootInventory(root);

    expect(r.value.format).toBe('dpkg');
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(
          /read \/var\/lib\/dpkg\/status, not \/var\/lib\/rpm\/rpmdb.sqlite/,
        ),
      }),
    );
  });

  it('refuses a root without a package database', () => {
    const root = makeRoot('empty', { 'etc/os-release': rhel9 });

    expect(() => readRootInventory(root)).toThrow(
      expect.objectContaining({ code: ErrorCode.InventoryInvalid }),
    );
    expect(() => readRootInventory(root)).toThrow(/no package database in/);
  });

  it('never reads a database linked to outside the root, nor waits on a pipe in its place', () => {
    const outside = join(base, 'host-rpmdb.sqlite');
    copyFileSync(join(here, '..', 'rpmdb/__fixtures__/cbl-mariner-2.0/rpmdb.sqlite'), outside);
    const root = makeRoot('escape', {
      'var/lib/rpm/rpmdb.sqlite': { link: outside },
      'var/lib/dpkg/status': { copy: 'dpkg/__fixtures__/debian12-bookworm-thishost.status' },
    });
    execFileSync('mkfifo', [join(root, 'var/lib/rpm/Packages')]);

    const r = readRootInventory(root);

    expect(r.value.format).toBe('dpkg');
    expect(r.diagnostics.map((d) => d.message)).not.toContainEqual(
      expect.stringMatching(/several/),
    );
  });

  it('refuses a database over the size limit', () => {
    const root = makeRoot('big', {
      'var/lib/rpm/Packages': { copy: 'rpmdb/__fixtures__/libuuid/Packages' },
    });

    expect(() => readRootInventory(root, { maxBytes: 1000 })).toThrow(/over the 1000-byte limit/);
  });
});
