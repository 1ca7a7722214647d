import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

const dir = join(import.meta.dirname, '../../app/__fixtures__/scan');
const inventory = join(dir, 'ubi9-base.rpm-qa.json');
const good = [join(dir, 'ALSA-2024_2447.json'), join(dir, 'ALSA-2024_9405.json')];

/** `scan` argv for the UBI 9 inventory against `advisories`, read as `platform`. */
function scan(platform: string, advisories: readonly string[] = good): string[] {
  return ['scan', '--inventory', inventory, '--advisories', ...advisories, '--platform', platform];
}

describe('cli/commands/scan', () => {
  it('exits 0 when every input was read', async () => {
    const r = await runCli(scan('almalinux:9'));

    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('3 findings on 1 assets from 2 advisories');
  });

  it('exits 1 PARTIAL naming the skipped file, with the findings of the rest', async () => {
    const argv = scan('almalinux:9', [dir]);

    const table = await runCli(argv);
    const json = await runCli([...argv, '--json']);

    expect(table.code).toBe(1);
    expect(table.stderr).toContain(`skipped: ${join(dir, 'broken.json')}`);
    expect(table.stderr).toContain(`error PARTIAL: ${join(dir, 'broken.json')}: 2 item(s)`);
    expect(table.stdout).toContain('3 findings on 1 assets');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { result: unknown[]; error: { code: string } };
    expect(out.result).toHaveLength(3);
    expect(out.error.code).toBe('PARTIAL');
  });

  it('says which inventory no advisory given covers', async () => {
    const r = await runCli(scan('almalinux:8'));

    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '0 findings on 1 assets from 2 advisories\nubi9-base.rpm-qa.json (almalinux:8): not assessed — no loaded feed covers almalinux:8\n',
    );
  });
});
