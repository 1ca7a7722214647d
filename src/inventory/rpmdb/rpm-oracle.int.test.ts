import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePackages } from '../../domain/inventory.js';
import { parseInventory } from '../index.js';
import { rpmQueryFormat } from '../rpm/index.js';
import { readRootInventory } from '../rootfs/index.js';
import { rpmRows } from '../../../test/rpm-rows.js';
import { readRpmdbFile } from './index.js';

/**
 * Differential test against the real rpm 4.18: roots of generated packages (a fifth of them in
 * a module stream), written by rpm itself as sqlite and rewritten as a Berkeley DB hash file,
 * read natively and by `rpm --root R -qa`; both lists must be equal, field for field.
 */
const repo = join(import.meta.dirname, '../../..');
const build = join(repo, 'test/peers/rpmroot/rpmdb-root.sh');
const count = 150;
const dir = mkdtempSync(join(tmpdir(), 'rpmdb-oracle-'));
const roots = { sqlite: join(dir, 'sqlite'), bdb: join(dir, 'bdb') } as const;
const backendDefine = { sqlite: [], bdb: ['--define', '_db_backend bdb_ro'] } as const;

function rpmQa(root: string, backend: keyof typeof roots, format: string): string {
  return execFileSync(
    'rpm',
    ['--root', root, '--dbpath', '/var/lib/rpm', ...backendDefine[backend], '-qa', '--qf', format],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

beforeAll(() => {
  for (const [backend, root] of Object.entries(roots)) {
    execFileSync('bash', [build, root, String(count), backend]);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['sqlite', 'bdb'] as const)(
  'inventory/rpmdb against rpm --root -qa (%s)',
  (backend) => {
    it('reads every package with the fields rpm prints', () => {
      const fields =
        '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{MODULARITYLABEL}\\n';
      const fromRpm = rpmRows(rpmQa(roots[backend], backend, fields));

      const native = readRootInventory(roots[backend]);

      expect(native.root.backend).toBe(backend);
      expect(fromRpm).toHaveLength(count + 3);
      expect(fromRpm.filter((p) => p.modularityLabel !== '').length).toBeGreaterThanOrEqual(
        count / 5,
      );
      expect(native.value.packages).toEqual(fromRpm);
    });

    it('equals the documented queryformat read by the text parser', () => {
      const text = rpmQa(roots[backend], backend, rpmQueryFormat);

      const listed = parseInventory(text, { format: 'rpm' }).value.packages;
      const native = readRpmdbFile(
        join(roots[backend], 'var/lib/rpm', backend === 'bdb' ? 'Packages' : 'rpmdb.sqlite'),
      );

      expect([...native.packages].sort(comparePackages)).toEqual(listed);
    });
  },
);
