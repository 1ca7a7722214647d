import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';

const dir = join(import.meta.dirname, '../../app/__fixtures__/modules');
const argv = [
  'scan',
  '--inventory',
  join(dir, 'rocky9-ruby.rpm-qa.tsv'),
  '--advisories',
  join(dir, 'RLSA-2024_3671.json'),
  '--platform',
  'rocky:9',
];

describe('cli/commands/scan module streams', () => {
  it('reports an unlabeled modular package as unverifiable with its reason', async () => {
    const r = await runCli([...argv, '--json']);

    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(out.map((f) => [f['package'], f['status'], f['reason']])).toEqual([
      [
        'ruby',
        'unverifiable',
        'module stream unknown: the inventory does not carry MODULARITYLABEL',
      ],
    ]);
  });

  it('shows the reason under the table, the table still fitting the terminal', async () => {
    const r = await runCli(argv, { columns: 80 });

    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const table = lines.slice(0, -2);
    expect(table.every((l) => [...l].length <= 80)).toBe(true);
    expect(table.join('\n')).toMatch(/│ \[1\] unv/);
    expect(lines.at(-2)).toBe(
      '[1] module stream unknown: the inventory does not carry MODULARITYLABEL',
    );
    expect(lines.at(-1)).toMatch(/^1 findings on 1 assets/);
  });
});
