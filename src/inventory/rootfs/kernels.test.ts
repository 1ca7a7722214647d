import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstalledPackage } from '../../domain/inventory.js';
import { installedKernels } from './kernels.js';

const root = mkdtempSync(join(tmpdir(), 'rootfs-kernels-'));
const empty = mkdtempSync(join(tmpdir(), 'rootfs-kernels-empty-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

const pkg = (name: string, version: string, arch: string): InstalledPackage => ({
  name,
  version,
  arch,
  sourceName: name,
  sourceVersion: version,
});

describe('inventory/rootfs/kernels', () => {
  it.each`
    packages                                                                                        | expected
    ${[pkg('kernel-core', '5.14.0-362.8.1.el9_3', 'x86_64')]}                                       | ${['5.14.0-362.8.1.el9_3.x86_64']}
    ${[pkg('kernel', '1:4.18.0-477.10.1.el8_8', 'x86_64')]}                                         | ${['4.18.0-477.10.1.el8_8.x86_64']}
    ${[pkg('linux-image-6.1.0-13-amd64', '6.1.55-1', 'amd64')]}                                     | ${['6.1.0-13-amd64']}
    ${[pkg('linux-image-amd64', '6.1.55-1', 'amd64'), pkg('kernel-headers', '5.14.0-1', 'x86_64')]} | ${[]}
  `(
    'names $expected from the packages',
    ({ packages, expected }: { packages: InstalledPackage[]; expected: string[] }) => {
      expect(installedKernels(empty, packages)).toEqual(expected);
    },
  );

  it('adds /boot/vmlinuz-* and /lib/modules/* and leaves out the rescue image', () => {
    mkdirSync(join(root, 'boot'));
    mkdirSync(join(root, 'lib/modules/5.14.0-70.el9.x86_64'), { recursive: true });
    for (const f of [
      'vmlinuz-5.14.0-362.el9.x86_64',
      'vmlinuz-0-rescue-abc',
      'config-5.14.0-362.el9.x86_64',
    ]) {
      writeFileSync(join(root, 'boot', f), '');
    }

    expect(installedKernels(root, [pkg('kernel-core', '5.14.0-362.el9', 'x86_64')])).toEqual([
      '5.14.0-362.el9.x86_64',
      '5.14.0-70.el9.x86_64',
    ]);
  });
});
