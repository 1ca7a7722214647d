import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { buildBdb } from '../../inventory/rpmdb/bdb/build.js';
import { packageHeader } from '../../inventory/rpmdb/header/build.js';

const scanDir = join(import.meta.dirname, '../../app/__fixtures__/scan');
const listed = join(scanDir, 'ubi9-base.rpm-qa.json');
const advisories = [join(scanDir, 'ALSA-2024_2447.json'), join(scanDir, 'ALSA-2024_9405.json')];
const scratch = mkdtempSync(join(tmpdir(), 'patchline-root-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Entry {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
}

/** A root holding the JSON inventory's packages as a Berkeley DB rpmdb, and an os-release. */
function rootOf(json: string): string {
  const entries = JSON.parse(readFileSync(json, 'utf8')) as Entry[];
  const root = join(scratch, 'ubi9');
  mkdirSync(join(root, 'var/lib/rpm'), { recursive: true });
  mkdirSync(join(root, 'etc'), { recursive: true });
  const headers = entries.map((e) => packageHeader({ ...e, sourceRpm: '(none)' }));
  writeFileSync(join(root, 'var/lib/rpm/Packages'), buildBdb(headers, { le: true }));
  writeFileSync(join(root, 'etc/os-release'), 'ID="almalinux"\nVERSION_ID="9.3"\n');
  return root;
}

const root = rootOf(listed);

describe('cli: a directory as an inventory (a root file system)', () => {
  it('inventory parse DIR reads the root natively and says what it read', async () => {
    const r = await runCli(['inventory', 'parse', root, '--json']);
    const listedOut = await runCli([
      'inventory',
      'parse',
      listed,
      '--json',
      '--platform',
      'almalinux:9',
    ]);

    expect(r.code).toBe(0);
    const inv = JSON.parse(r.stdout) as {
      platform: string;
      packages: { name: string; version: string }[];
      root: object;
    };
    const want = JSON.parse(listedOut.stdout) as { packages: { name: string; version: string }[] };
    expect(inv.platform).toBe('almalinux:9');
    expect(inv.packages.map((p) => `${p.name} ${p.version}`)).toEqual(
      want.packages.map((p) => `${p.name} ${p.version}`),
    );
    expect(inv.root).toEqual({
      root,
      database: '/var/lib/rpm/Packages',
      backend: 'bdb',
      osRelease: '/etc/os-release',
      kernels: [],
    });
  });

  it('inventory parse DIR prints the database in the summary', async () => {
    const r = await runCli(['inventory', 'parse', root]);

    expect(r.stdout).toContain('database: /var/lib/rpm/Packages (bdb)');
  });

  it('scan --inventory DIR finds what the listed inventory finds', async () => {
    const r = await runCli(['scan', '--inventory', root, '--advisories', ...advisories]);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 findings on 1 assets from 2 advisories');
  });

  it('import inventory DIR stores the root as an asset', async () => {
    const env = {
      PATCHLINE_DATABASE_URL: join(scratch, 'p.db'),
      PATCHLINE_ACTOR: 'tester',
      HOME: scratch,
    };

    const r = await runCli(
      ['import', 'inventory', root, '--name', 'img', '--kind', 'image', '--json'],
      { env },
    );
    const assets = await runCli(['assets', '--json', '--kind', 'image'], { env });

    expect(r.code).toBe(0);
    expect(JSON.parse(assets.stdout)).toEqual([
      expect.objectContaining({ name: 'img', platform: 'almalinux:9' }),
    ]);
  });

  it('refuses --format with a directory', async () => {
    const r = await runCli(['inventory', 'parse', root, '--format', 'rpm']);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'is a directory, read as a root file system: --format does not apply',
    );
  });

  it('refuses a directory holding no package database', async () => {
    const r = await runCli(['inventory', 'parse', join(root, 'etc')]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no package database in ${join(root, 'etc')}`);
  });
});
