import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/cli.js';

const policy = join(import.meta.dirname, '../../../samples/policy/patchline-policy.yaml');
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-report-'));
  vi.stubEnv('PATCHLINE_DATABASE_URL', join(dir, 'p.db'));
  vi.stubEnv('PATCHLINE_POLICY', policy);
  await runCli(['demo', '--json']);
  await runCli(['evaluate', '--json']);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** Minimal RFC 4180 reader: enough to prove the CSV loads as one header plus equal-width rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endCell();
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else {
      cell += c;
    }
  }
  endCell();
  rows.push(row);
  return rows;
}

describe('cli/commands/report', () => {
  it.each`
    report          | header
    ${'compliance'} | ${'group,assets,compliant,at_risk,overdue_assets'}
    ${'overdue'}    | ${'asset,kind,tier,image,state,severity,advisory'}
    ${'waivers'}    | ${'waiver,status,owner,approver,created,expires'}
    ${'exposure'}   | ${'advisory,cves,severity,hosts,images,inherited'}
    ${'trend'}      | ${'day,group,assets,compliant,at_risk'}
  `('report $report --format csv loads as one header and equal rows', async (row) => {
    const r = await runCli([
      'report',
      row.report,
      '--format',
      'csv',
      '--at',
      '2026-12-20T00:00:00Z',
    ]);

    expect(r.code).toBe(0);
    const table = parseCsv(r.stdout.replace(/\n$/, ''));
    expect(table[0]!.join(',')).toMatch(new RegExp(`^${row.header}`));
    expect(table.length).toBeGreaterThan(1);
    expect(new Set(table.map((t) => t.length)).size).toBe(1);
  });

  it('writes one self-contained HTML file', async () => {
    const r = await runCli(['report', 'compliance', '--format', 'html', '--by', 'label:env']);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).toContain('<svg');
    expect(r.stdout).not.toMatch(/(src|href)=|https?:\/\/|<script/);
  });

  it('records clocks on evaluate: overdue counts against the first evaluation', async () => {
    const r = await runCli([
      'report',
      'compliance',
      '--format',
      'json',
      '--at',
      '2027-06-01T00:00:00Z',
    ]);

    const report = JSON.parse(r.stdout) as { total: { overdue: number; assets: number } };
    expect(report.total.assets).toBe(9);
    expect(report.total.overdue).toBeGreaterThan(0);
  });

  it.each`
    args                                 | message
    ${['compliance', '--format', 'pdf']} | ${'--format pdf'}
    ${['compliance', '--by', 'colour']}  | ${'--by colour'}
    ${['overdue', '--due-soon', 'soon']} | ${'--due-soon soon'}
    ${['waivers', '--at', 'yesterday']}  | ${'--at yesterday'}
  `('refuses bad input $args with exit 2', async ({ args, message }) => {
    const r = await runCli(['report', ...args]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('snapshot then trend shows the recorded day', async () => {
    await runCli(['report', 'snapshot', '--at', '2026-11-20T00:00:00Z']);

    const r = await runCli(['report', 'trend', '--format', 'json']);

    const t = JSON.parse(r.stdout) as { points: { day: string }[] };
    expect(t.points.map((p) => p.day)).toContain('2026-11-20');
  });
});
