import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

const full = join(
  import.meta.dirname,
  '../../inventory/dpkg/__fixtures__/debian12-bookworm-thishost.status',
);

let dir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-shrink-'));
  env = { PATCHLINE_DATABASE_URL: join(dir, 'p.db'), PATCHLINE_ACTOR: 'tester', HOME: dir };
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const importAs = (file: string, ...flags: string[]) =>
  runCli(['import', 'inventory', file, '--name', 'web-1', ...flags], { env });

describe('cli/commands/import --allow-shrink', () => {
  it('a truncated re-import exits 2 naming the counts; --allow-shrink stores it', async () => {
    const cut = join(dir, 'cut.status');
    writeFileSync(cut, readFileSync(full).subarray(0, 5000));
    const clean = join(dir, 'six.status');
    writeFileSync(
      clean,
      `${readFileSync(full, 'utf8').split('\n\n').slice(0, 6).join('\n\n')}\n\n`,
    );
    expect((await importAs(full)).code).toBe(0);

    const truncated = await importAs(cut);
    const shrunk = await importAs(clean);
    const allowed = await importAs(clean, '--allow-shrink');

    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toContain(`${cut}:`);
    expect(truncated.stderr).toContain('INVENTORY_INVALID');
    expect(shrunk.code).toBe(2);
    expect(shrunk.stderr).toMatch(/768 stored, 6 in the new one/);
    expect(shrunk.stderr).toContain('--allow-shrink');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('6 packages');
  });
});
