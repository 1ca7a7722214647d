import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { useCliStore } from '../../../test/cli-store.js';
import { fixedClock } from '../../domain/clock.js';

const store = useCliStore('eol');

interface Row {
  asset: string;
  advisory: string;
  package: string;
  severity: string;
  status: string;
  reason: string;
  evidence: { source: string; supportEnded: string };
}

async function eolRows(at?: string): Promise<Row[]> {
  const r = await runCli(
    ['findings', '--json', '--advisory', 'EOL-alpine-3.18'],
    at === undefined ? {} : { clock: fixedClock(at) },
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { findings: Row[] }).findings;
}

describe('cli/commands/findings (end of life)', () => {
  it('lists the sample Alpine 3.18 host as past its end of support, with date and source', async () => {
    const rows = await eolRows();

    expect(rows).toEqual([
      expect.objectContaining({
        asset: 'edge-proxy-01',
        advisory: 'EOL-alpine-3.18',
        package: 'alpine:3.18',
        severity: 'high',
        status: 'open',
        evidence: expect.objectContaining({
          source: 'https://alpinelinux.org/releases/',
          supportEnded: '2025-05-09',
        }),
      }),
    ]);
    expect(rows[0]?.reason).toBe(
      'Alpine Linux 3.18: standard support ended 2025-05-09 (https://alpinelinux.org/releases/)',
    );
  });

  it.each`
    at                        | count
    ${'2025-05-09T23:59:00Z'} | ${0}
    ${'2025-05-10T00:00:00Z'} | ${1}
  `('compares the end date with the injected clock ($at: $count)', async ({ at, count }) => {
    expect((await eolRows(at)).length).toBe(count);
  });

  it.each`
    eol                                                       | severity      | rows
    ${''}                                                     | ${'high'}     | ${1}
    ${'eol:\n  severity: critical\n'}                         | ${'critical'} | ${1}
    ${'eol:\n  extendedSupport:\n    match: { owner: it }\n'} | ${'high'}     | ${0}
  `('applies the policy ($severity, $rows rows) to the Windows 10 desktop', async (row) => {
    const sample = join(import.meta.dirname, '../../../samples/policy/patchline-policy.yaml');
    const file = join(store.dir, 'policy.yaml');
    writeFileSync(file, `${readFileSync(sample, 'utf8')}\n${String(row.eol)}`);

    const r = await runCli([
      'findings',
      '--json',
      '--policy',
      file,
      '--advisory',
      'EOL-windows-10.0.19045',
    ]);

    expect(r.code).toBe(0);
    const found = (JSON.parse(r.stdout) as { findings: Row[] }).findings;
    expect(found.map((f) => [f.asset, f.severity])).toEqual(
      row.rows === 0 ? [] : [['desk-0042', row.severity]],
    );
  });

  it('takes an imported table (air-gapped) over the bundled one', async () => {
    const file = join(store.dir, 'eol.json');
    const table = {
      format: 'patchline-eol',
      version: 2,
      updated: '2026-11-26',
      entries: [
        {
          stream: 'alpine:3.18',
          name: 'Alpine Linux 3.18',
          standardEnd: '2027-01-01',
          source: 'https://alpinelinux.org/releases/',
        },
      ],
    };
    writeFileSync(file, JSON.stringify(table));

    const imported = await runCli(['import', 'advisories', file]);
    const rows = await eolRows();
    const status = await runCli(['feeds', 'status', '--json']);

    expect(imported.code).toBe(0);
    expect(rows).toEqual([]);
    const eol = (JSON.parse(status.stdout) as { source: string; advisories: number }[]).find(
      (f) => f.source === 'eol',
    );
    expect(eol?.advisories).toBe(1);
  });
});
