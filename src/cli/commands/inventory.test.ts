import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

const fixture = (path: string): string =>
  fileURLToPath(new URL(`../../inventory/${path}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'patchline-inventory-cli-'));

describe('cli/commands/inventory', () => {
  it('--json prints the normalized asset; diagnostics go to stderr as FILE:LINE', async () => {
    const file = fixture('dpkg/__fixtures__/debian12-bookworm-thishost.status');

    const r = await runCli(['inventory', 'parse', file, '--json']);

    expect(r.code).toBe(0);
    const inv = JSON.parse(r.stdout) as {
      platform: string;
      packages: { name: string; sourceName: string }[];
    };
    expect(inv.platform).toBe('debian:12');
    expect(inv.packages).toHaveLength(768);
    expect(inv.packages.find((p) => p.name === 'libc6')?.sourceName).toBe('glibc');
    expect(r.stderr).toBe(
      `${file}: warning: platform debian:12 inferred from base-files 12.4+deb12u11; pass --os-release or --platform to state it\n`,
    );
  });

  it('prints a Windows summary with build and KBs', async () => {
    const r = await runCli([
      'inventory',
      'parse',
      fixture('windows/__fixtures__/srv_2022_systeminfo.txt'),
    ]);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('platform: windows:10.0.20348');
    expect(r.stdout).toContain('KBs (3): KB5004330 KB5005039 KB5005552');
  });

  it('--os-release and --platform are honoured', async () => {
    const osRelease = join(scratch, 'os-release');
    writeFileSync(osRelease, 'ID=alpine\nVERSION_ID=3.18.4\n');

    const a = await runCli([
      'inventory',
      'parse',
      fixture('apk/__fixtures__/alpine-installed'),
      '--os-release',
      osRelease,
      '--json',
    ]);
    const b = await runCli([
      'inventory',
      'parse',
      fixture('apk/__fixtures__/alpine-installed'),
      '--platform',
      'alpine:3.19',
      '--format',
      'apk',
    ]);

    expect(JSON.parse(a.stdout)).toMatchObject({ platform: 'alpine:3.18' });
    expect(a.stderr).toBe('');
    expect(b.stdout).toContain('platform: alpine:3.19');
    expect(b.stdout).toContain('packages: 15');
  });

  it('a skipped record is reported as FILE:LINE: reason and the rest printed', async () => {
    const file = join(scratch, 'status');
    writeFileSync(
      file,
      'Package: a\nStatus: install ok installed\nArchitecture: all\nVersion: 1\n\nPackage: b\nStatus: install ok installed\nArchitecture: all\n\n',
    );

    const r = await runCli(['inventory', 'parse', file, '--platform', 'debian:12', '--json']);

    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${file}:6: package b: no Version field\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ packages: [{ name: 'a' }] });
  });

  it.each`
    content                         | message
    ${'garbage\n'}                  | ${':1: not a recognised inventory format'}
    ${'{"bomFormat": "CycloneDX",'} | ${':1:27: invalid JSON'}
  `('bad input exits 2 naming file and line ($message)', async ({ content, message }) => {
    const file = join(scratch, 'bad.txt');
    writeFileSync(file, content);

    const r = await runCli(['inventory', 'parse', file]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error INVENTORY_INVALID: ${file}${message}`);
  });

  it('a missing file exits 2', async () => {
    const r = await runCli(['inventory', 'parse', join(scratch, 'nope')]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist');
  });
});
