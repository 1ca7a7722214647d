import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliTestNow, runCli } from '../../../test/cli.js';

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-feeds-status-'));
  vi.stubEnv('PATCHLINE_DATABASE_URL', join(dir, 'p.db'));
  await runCli(['demo', '--json']);
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  source: string;
  ageSeconds: number | null;
  newestAdvisory: string | null;
  dataAgeSeconds: number | null;
}

describe('cli/commands/feeds status (data age)', () => {
  it('tells how old the data is apart from when it was imported', async () => {
    const r = await runCli(['feeds', 'status', '--json']);
    const rows = JSON.parse(r.stdout) as Row[];
    const msrc = rows.find((f) => f.source === 'msrc-cvrf')!;

    expect(r.code).toBe(0);
    expect(msrc.ageSeconds).toBe(0);
    expect(msrc.newestAdvisory).not.toBeNull();
    const expected = Math.floor((Date.parse(cliTestNow) - Date.parse(msrc.newestAdvisory!)) / 1000);
    expect(msrc.dataAgeSeconds).toBe(expected);
    expect(msrc.dataAgeSeconds).toBeGreaterThan(365 * 86400);
  });

  it('shows the data date and age in the table and beside findings', async () => {
    const status = await runCli(['feeds', 'status']);
    const findings = await runCli(['findings', '--asset', 'desk-0042']);

    expect(status.stdout).toMatch(/data as of\s+│ data age/);
    expect(status.stdout).toMatch(/msrc-cvrf .* 0s .* 20\d\d-\d\d-\d\dT.* \d+d \d+h/);
    expect(findings.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /msrc-cvrf fetched 2026-11-27T12:00:00.000Z \(data as of 20\d\d-/,
    );
  });
});
