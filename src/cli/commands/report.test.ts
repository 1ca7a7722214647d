import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/cli.js';

const policy = join(import.meta.dirname, '../../../samples/policy/patchline-policy.yaml');
let dir: string;

// One store for the file: no test depends on another's snapshots or files.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-report-'));
  vi.stubEnv('PATCHLINE_DATABASE_URL', join(dir, 'p.db'));
  vi.stubEnv('PATCHLINE_POLICY', policy);
  await runCli(['demo', '--json']);
  await runCli(['evaluate', '--json']);
});
afterAll(() => {
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
    ${'compliance'} | ${'group,assets,compliant,not_assessed,at_risk,overdue_assets'}
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
    const table = parseCsv(r.stdout.replace(/\r\n$/, ''));
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

  it('prints tables for people: headers in words, times shortened, the empty MTTR explained', async () => {
    const r = await runCli(['report', 'compliance', '--at', '2026-12-20T00:00:00Z']);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /│ Group +│ Assets +│ Compliant +│ Not assessed +│ At risk +│ Overdue +│/,
    );
    expect(r.stdout).toMatch(/^Not assessed\n/);
    expect(r.stdout).toMatch(
      /│ edge-proxy-01 +│ alpine:3\.18 +│ no loaded feed covers alpine:3\.18 +│/,
    );
    expect(r.stdout).toContain('SLA adherence');
    expect(r.stdout).not.toMatch(/at_risk|overdue_findings|sla_adherence/);
    expect(r.stdout).toContain(
      'No finding was remediated in the recorded history up to 2026-12-20 00:00 UTC, so MTTR is not defined.',
    );
    expect(r.stdout).toMatch(/│ \d{4}-\d{2}-\d{2} \d{2}:\d{2} +│/);
  });

  it.each`
    format     | check
    ${'json'}  | ${(out: string) => expect(JSON.parse(out)).toEqual({ day: '2026-11-20', rows: expect.any(Number), taken: true })}
    ${'csv'}   | ${(out: string) => expect(out).toMatch(/^day,rows,taken\r\n2026-11-20,\d+,true\r\n$/)}
    ${'table'} | ${(out: string) => expect(out).toMatch(/^snapshot 2026-11-20: \d+ group rows recorded\n$/)}
  `('report snapshot --format $format prints $format', async ({ format, check }) => {
    const r = await runCli([
      'report',
      'snapshot',
      '--format',
      format,
      '--at',
      '2026-11-20T00:00:00Z',
    ]);

    expect(r.code).toBe(0);
    (check as (out: string) => void)(r.stdout);
  });

  it('refuses report snapshot --format html with exit 2', async () => {
    const r = await runCli(['report', 'snapshot', '--format', 'html']);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format html: use table, json, csv');
  });

  it.each`
    report          | format
    ${'compliance'} | ${'html'}
    ${'overdue'}    | ${'csv'}
    ${'waivers'}    | ${'table'}
    ${'exposure'}   | ${'json'}
    ${'trend'}      | ${'csv'}
    ${'snapshot'}   | ${'json'}
  `(
    'report $report -o FILE writes the $format output there and prints only a note',
    async (row) => {
      const args = ['report', row.report, '--format', row.format, '--at', '2026-12-20T00:00:00Z'];
      const stdout = (await runCli(args)).stdout;
      const out = mkdtempSync(join(dir, 'out-'));
      const file = join(out, `r.${row.format}`);
      writeFileSync(file, 'the previous report');

      const r = await runCli([...args, '-o', file]);

      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^wrote ${row.report}.* bytes\\) to ${file}\\n$`));
      if (row.report !== 'snapshot') expect(readFileSync(file, 'utf8')).toBe(stdout);
      else expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ day: '2026-12-20' });
      expect(readdirSync(out)).toEqual([`r.${row.format}`]);
    },
  );

  it('resolves a relative --output against the working directory', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));

    const r = await runCli(['report', 'waivers', '--format', 'csv', '--output', 'w.csv'], { cwd });

    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'w.csv'), 'utf8')).toMatch(/^waiver,status,owner/);
  });

  it.each`
    target              | reason                                 | day
    ${'missing/r.json'} | ${'its directory does not exist'}      | ${'2027-01-01'}
    ${'.'}              | ${'it is a directory'}                 | ${'2027-01-02'}
    ${'p.db/r.json'}    | ${'a parent of it is not a directory'} | ${'2027-01-03'}
  `(
    'refuses an unwritable --output $target with exit 2, before any work',
    async ({ target, reason, day }) => {
      const file = join(dir, target);

      const r = await runCli(['report', 'snapshot', '--at', `${day}T00:00:00Z`, '-o', file]);

      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`--output ${file}: cannot write the report: ${reason}`);
      const trend = await runCli(['report', 'trend', '--format', 'json']);
      const days = (JSON.parse(trend.stdout) as { points: { day: string }[] }).points.map(
        (p) => p.day,
      );
      expect(days).not.toContain(day);
    },
  );
});
