import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { useCliStore } from '../../../test/cli-store.js';
import { advisoryCell } from './findings.js';

/* The same DSA from the Debian tracker's list and from Debian's OSV export: one finding. */

const feeds = (name: string) =>
  fileURLToPath(new URL(`../../engine/__fixtures__/feeds/${name}`, import.meta.url));

const status = `Package: libapache-mod-ssl
Status: install ok installed
Architecture: i386
Version: 2.8.9-1
Description: SSL for Apache

`;

useCliStore('feeds', async (dir) => {
  writeFileSync(join(dir, 'status'), status);
  for (const f of ['DSA-list-excerpt.txt', 'DSA-135.json']) {
    expect((await runCli(['import', 'advisories', feeds(f)])).code).toBe(0);
  }
  const args = ['import', 'inventory', join(dir, 'status'), '--name', 'woody-1'];
  expect((await runCli([...args, '--platform', 'debian:3.0'])).code).toBe(0);
});

describe('cli/commands/findings over two feeds', () => {
  it('the table shows one finding with the other feed counted', async () => {
    const r = await runCli(['findings', '--fields', 'asset,advisory,package,fixed,status']);

    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.includes('woody-1'));
    expect(lines).toHaveLength(1);
    const cells = lines[0]!.split('│').map((c) => c.trim());
    expect(cells.filter((c) => c !== '')).toEqual([
      'woody-1',
      'DSA-135 +1',
      'libapache-mod-ssl',
      '2.8.9-2',
      'open',
    ]);
  });

  it('--json carries every advisory; --advisory and --cve find it', async () => {
    for (const filter of [[], ['--advisory', 'dsa-135'], ['--cve', 'CVE-2002-0653']]) {
      const r = await runCli(['findings', '--json', ...filter]);
      const { findings } = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };

      expect(findings, filter.join(' ')).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        advisory: 'DSA-135',
        evidence: { source: 'debian-tracker' },
        advisories: [
          { id: 'DSA-135', source: 'debian-tracker', fixed: '2.8.9-2', status: 'open' },
          { id: 'DSA-135', source: 'osv', fixed: '2.8.9-2', status: 'open' },
        ],
      });
    }
  });

  it('evaluate counts the finding once', async () => {
    const r = await runCli(['evaluate', '--json']);

    expect((JSON.parse(r.stdout) as { totals: { findings: number } }).totals.findings).toBe(1);
  });

  it.each`
    finding                                                                           | cell
    ${{ advisory: 'DSA-1' }}                                                          | ${'DSA-1'}
    ${{ advisory: 'DSA-1', advisories: [{ id: 'DSA-1' }] }}                           | ${'DSA-1'}
    ${{ advisory: 'CVE-1', advisories: [{ id: 'CVE-1' }, { id: 'A' }, { id: 'B' }] }} | ${'CVE-1 +2'}
  `('advisoryCell $cell', ({ finding, cell }) => {
    expect(advisoryCell(finding)).toBe(cell);
  });
});
