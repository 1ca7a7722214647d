import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveInRoot } from './resolve.js';

const base = mkdtempSync(join(tmpdir(), 'rootfs-resolve-'));
const root = join(base, 'root');
mkdirSync(join(root, 'etc'), { recursive: true });
mkdirSync(join(root, 'usr/lib'), { recursive: true });
writeFileSync(join(root, 'usr/lib/os-release'), 'ID=inside\n');
writeFileSync(join(base, 'outside'), 'ID=outside\n');
symlinkSync('/usr/lib/os-release', join(root, 'etc/os-release'));
symlinkSync('../../../outside', join(root, 'etc/dotdot'));
symlinkSync(join(base, 'outside'), join(root, 'etc/absolute-host'));
symlinkSync('loop-b', join(root, 'etc/loop-a'));
symlinkSync('loop-a', join(root, 'etc/loop-b'));
symlinkSync('../usr/lib', join(root, 'etc/lib'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('inventory/rootfs/resolve', () => {
  it.each`
    rel                                  | inRoot
    ${'etc/os-release'}                  | ${'/usr/lib/os-release'}
    ${'/etc/lib/os-release'}             | ${'/usr/lib/os-release'}
    ${'etc/../../../usr/lib/os-release'} | ${'/usr/lib/os-release'}
  `(
    'resolves $rel inside the root to $inRoot',
    ({ rel, inRoot }: { rel: string; inRoot: string }) => {
      const r = resolveInRoot(root, rel);

      expect(r?.inRoot).toBe(inRoot);
      expect(r?.path.endsWith(join('root', inRoot))).toBe(true);
    },
  );

  it.each`
    rel
    ${'etc/dotdot'}
    ${'etc/absolute-host'}
    ${'etc/missing'}
    ${'usr/lib/os-release/below-a-file'}
  `('never leaves the root: $rel is not found', ({ rel }: { rel: string }) => {
    expect(resolveInRoot(root, rel)).toBeNull();
  });

  it('refuses a loop of links', () => {
    expect(() => resolveInRoot(root, 'etc/loop-a')).toThrow(/more than 40 symbolic links/);
  });
});
