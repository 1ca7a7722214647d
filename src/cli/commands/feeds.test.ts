import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { formatAge } from './feeds.js';

const fixtures = join(import.meta.dirname, '../../advisories/fetch/__fixtures__');
let dir: string;
let data: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-cli-feeds-'));
  data = join(dir, 'mirror');
  mkdirSync(data);
  for (const f of ['v3.16-main.json', 'database-all.json.bz2']) {
    copyFileSync(join(fixtures, f), join(data, f));
  }
  vi.stubEnv('PATCHLINE_DATABASE_URL', join(dir, 'p.db'));
  vi.stubEnv('PATCHLINE_ACTOR', 'tester');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('cli/commands/feeds', () => {
  it('imports advisory files, and reports a second import as unchanged', async () => {
    const first = await runCli(['import', 'advisories', data]);
    const second = await runCli(['import', 'advisories', data]);

    expect(first.code).toBe(0);
    expect(first.stdout).toContain('5 inserted, 0 updated, 0 unchanged');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 inserted, 0 updated, 5 unchanged');
    expect(second.stdout).toMatch(
      /database-all\.json\.bz2\s*│\s*ubuntu-usn\s*│\s*1\s*│\s*0\s*│\s*0\s*│\s*0\s*│\s*3\s*│\s*known/,
    );
  });

  it('exits 2 when a file cannot be read, after storing the rest', async () => {
    writeFileSync(join(data, 'notes.json'), '{"not": "an advisory"}');

    const r = await runCli(['import', 'advisories', data, '--json']);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('1 file(s) could not be read; the others were stored');
    const out = JSON.parse(r.stdout) as { totals: { inserted: number }; failedFiles: number };
    expect(out).toMatchObject({ totals: { inserted: 5 }, failedFiles: 1 });
  });

  it('shows freshness and re-parses without fetching', async () => {
    await runCli(['import', 'advisories', data]);

    const status = await runCli(['feeds', 'status']);
    const reparse = await runCli(['feeds', 'reparse', '--all']);

    expect(status.stdout).toMatch(/ubuntu-usn\s*│\s*\d{4}-\d\d-\d\dT[\d:.]+Z\s*│\s*\d+s\s*│/);
    expect(status.stdout).toMatch(/csaf\s*│\s*never\s*│\s*-\s*│/);
    expect(reparse.stdout).toBe(
      're-parsed 2 payload(s), 0 already current: 0 inserted, 0 updated, 5 unchanged\n',
    );
  });

  it.each([
    ['nvd', [], 2, 'unknown feed "nvd"'],
    ['csaf', ['--base-url', 'ftp://x'], 2, 'base URL must be http(s)'],
  ])('refuses feeds sync %s %j', async (source, extra, code, message) => {
    const r = await runCli(['feeds', 'sync', source, ...extra]);

    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });

  it.each([
    [0, '0s'],
    [59, '59s'],
    [60, '1m'],
    [3 * 3600 + 12 * 60, '3h 12m'],
    [2 * 86400 + 5 * 3600 + 59, '2d 5h'],
  ])('formatAge(%i) = %s', (seconds, text) => {
    expect(formatAge(seconds)).toBe(text);
  });
});
