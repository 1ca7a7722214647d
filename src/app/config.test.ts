import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { loadConfig } from './config.js';
import { openAppStore } from './open-store.js';

describe('app/config', () => {
  it.each`
    env                                                      | databaseUrl
    ${{}}                                                    | ${'./var/patchline.db'}
    ${{ PATCHLINE_DATABASE_URL: '/srv/p.db' }}               | ${'/srv/p.db'}
    ${{ PATCHLINE_DATABASE_URL: 'postgres://u@db:5432/pl' }} | ${'postgres://u@db:5432/pl'}
  `('reads $env', ({ env, databaseUrl }) => {
    expect(loadConfig(env)).toEqual({ databaseUrl });
  });

  it('rejects an empty URL', () => {
    expect(() => loadConfig({ PATCHLINE_DATABASE_URL: ' ' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('creates ./var for the default SQLite file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'patchline-cfg-'));

    const store = await openAppStore(loadConfig({}), fixedClock('2026-11-27T00:00:00Z'), { cwd });
    await store.close();

    expect(existsSync(join(cwd, 'var', 'patchline.db'))).toBe(true);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('rejects an unknown URL scheme', async () => {
    const attempt = openAppStore(
      { databaseUrl: 'mysql://x/y' },
      fixedClock('2026-11-27T00:00:00Z'),
    );

    await expect(attempt).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
