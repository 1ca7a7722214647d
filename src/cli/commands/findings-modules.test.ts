import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { useCliStore } from '../../../test/cli-store.js';

const fixtures = join(import.meta.dirname, '../../app/__fixtures__/modules');
const reason = 'module stream unknown: the inventory does not carry MODULARITYLABEL';

useCliStore('findings-modules', async () => {
  const inv = await runCli([
    'import',
    'inventory',
    join(fixtures, 'rocky9-ruby.rpm-qa.tsv'),
    '--name',
    'rocky9-ruby',
    '--platform',
    'rocky:9',
  ]);
  expect(inv.code).toBe(0);
  const adv = await runCli(['import', 'advisories', join(fixtures, 'RLSA-2024_3671.json')]);
  expect(adv.code).toBe(0);
});

describe('cli/commands/findings unverifiable reasons', () => {
  it('marks the status cell and gives the reason under a table that fits', async () => {
    const r = await runCli(['findings'], { columns: 90 });

    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const table = lines.slice(0, -2);
    expect(table.every((l) => [...l].length <= 90)).toBe(true);
    expect(table.join('\n')).toMatch(/│ \[1\] /);
    expect(lines.at(-2)).toBe(`[1] ${reason}`);
    expect(lines.at(-1)).toMatch(/^1 findings; /);
  });

  it('shows the reason as a column when asked for, without a note', async () => {
    const r = await runCli(['findings', '--fields', 'package,status,reason']);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain(reason);
    expect(r.stdout).not.toContain('[1]');
  });

  it('writes the reason to CSV', async () => {
    const r = await runCli(['findings', '--csv', '--fields', 'package,status,reason']);

    expect(r.stdout.trimEnd().split(/\r?\n/)).toEqual([
      'package,status,reason',
      `ruby,unverifiable,${reason}`,
    ]);
  });
});
