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

  it('exits 1 PARTIAL when one file cannot be read, after storing the rest', async () => {
    const notes = join(data, 'notes.json');
    writeFileSync(notes, '{"not": "an advisory"}');

    const r = await runCli(['import', 'advisories', data, '--json']);

    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error PARTIAL: ${notes}: 1 of 3 files could not be read (${notes}); the other 2 were stored`,
    );
    const out = JSON.parse(r.stdout) as { totals: { inserted: number }; failedFiles: number };
    expect(out).toMatchObject({
      totals: { inserted: 5 },
      failedFiles: 1,
      error: { code: 'PARTIAL', where: notes },
    });
  });

  it('exits 2 with the failure itself when no file can be read, and says nothing was stored', async () => {
    const notes = join(dir, 'notes.json');
    writeFileSync(notes, '{"not": "an advisory"}');

    const r = await runCli(['import', 'advisories', notes]);
    const json = await runCli(['import', 'advisories', notes, '--json']);

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error ADVISORY_INVALID: ${notes}`, 'm'));
    expect(r.stderr).not.toContain('stored');
    expect(r.stderr).not.toContain('PARTIAL');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      totals: { inserted: 0 },
      error: { code: 'ADVISORY_INVALID', where: expect.stringContaining(notes) },
    });
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
    [['reparse', 'nosuch'], 'unknown advisory source "nosuch"'],
    [['reparse', 'nosuch', '--json'], 'unknown advisory source "nosuch"'],
  ])('refuses feeds %j with exit 2', async (args, message) => {
    const r = await runCli(['feeds', ...args]);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    if (args.includes('--json')) {
      expect(JSON.parse(r.stdout)).toEqual({
        error: { code: 'NOT_FOUND', message: expect.stringContaining(message), where: null },
      });
    } else expect(r.stdout).toBe('');
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
