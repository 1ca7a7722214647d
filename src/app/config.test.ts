import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { loadConfig, parseInstant, redactUrl } from './config.js';
import { openAppStore } from './open-store.js';

const ctx = { cwd: '/work', user: 'ann' };
const clock = fixedClock('2026-11-27T00:00:00Z');

describe('app/config', () => {
  it.each`
    env                                                                       | home                                  | databaseUrl
    ${{ HOME: '/home/ann' }}                                                  | ${'/home/ann/.local/share/patchline'} | ${'/home/ann/.local/share/patchline/patchline.db'}
    ${{ HOME: '/home/ann', XDG_DATA_HOME: '/xdg' }}                           | ${'/xdg/patchline'}                   | ${'/xdg/patchline/patchline.db'}
    ${{ HOME: '/home/ann', XDG_DATA_HOME: 'relative' }}                       | ${'/home/ann/.local/share/patchline'} | ${'/home/ann/.local/share/patchline/patchline.db'}
    ${{ PATCHLINE_HOME: 'state' }}                                            | ${'/work/state'}                      | ${'/work/state/patchline.db'}
    ${{ PATCHLINE_HOME: '/p', PATCHLINE_DATABASE_URL: 'x/p.db' }}             | ${'/p'}                               | ${'/work/x/p.db'}
    ${{ PATCHLINE_HOME: '/p', PATCHLINE_DATABASE_URL: 'postgres://u@db/pl' }} | ${'/p'}                               | ${'postgres://u@db/pl'}
    ${{ PATCHLINE_HOME: '/p', PATCHLINE_DATABASE_URL: ':memory:' }}           | ${'/p'}                               | ${':memory:'}
  `('reads $env', ({ env, home, databaseUrl }) => {
    const c = loadConfig(env, ctx);

    expect(c).toMatchObject({ home, databaseUrl, actor: 'ann', policy: undefined, now: undefined });
  });

  it.each`
    value        | bytes
    ${undefined} | ${256 * 1024 * 1024}
    ${'1MiB'}    | ${1024 * 1024}
    ${'4096'}    | ${4096}
  `('PATCHLINE_MAX_INPUT_BYTES $value is $bytes bytes', ({ value, bytes }) => {
    const env = { PATCHLINE_HOME: '/p', ...(value && { PATCHLINE_MAX_INPUT_BYTES: value }) };

    expect(loadConfig(env, ctx).maxInputBytes).toBe(bytes);
  });

  it('takes the actor, policy and a pinned now', () => {
    const c = loadConfig(
      {
        PATCHLINE_HOME: '/p',
        PATCHLINE_ACTOR: 'ci',
        PATCHLINE_POLICY: 'pol',
        PATCHLINE_NOW: '2026-12-01T00:00:00Z',
      },
      ctx,
    );

    expect(c).toMatchObject({ actor: 'ci', policy: 'pol' });
    expect(c.now?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it.each`
    env
    ${{ PATCHLINE_HOME: '/p', PATCHLINE_DATABASE_URL: ' ' }}
    ${{ PATCHLINE_HOME: '' }}
    ${{ PATCHLINE_HOME: '/p', PATCHLINE_MAX_INPUT_BYTES: '-1' }}
    ${{}}
  `('rejects $env as CONFIG_INVALID', ({ env }) => {
    expect(() => loadConfig(env, ctx)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it.each(['soon', '12/01/2026', ''])('rejects the instant %j', (text) => {
    expect(() => parseInstant(text, '--at')).toThrow(/--at .* is not an ISO 8601 time/);
  });

  it('masks a password in a URL', () => {
    expect(redactUrl('postgres://u:s3cret@db/pl')).toBe('postgres://u:***@db/pl');
    expect(redactUrl('/a/b.db')).toBe('/a/b.db');
  });

  it('creates the home folder for the default SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchline-cfg-'));
    const config = loadConfig({ PATCHLINE_HOME: join(dir, 'h') }, ctx);

    const store = await openAppStore(config, clock);
    await store.close();

    expect(existsSync(join(dir, 'h', 'patchline.db'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a named SQLite file whose folder is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchline-cfg-'));
    const config = loadConfig(
      { PATCHLINE_HOME: dir, PATCHLINE_DATABASE_URL: join(dir, 'nope', 'p.db') },
      ctx,
    );

    await expect(openAppStore(config, clock)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/does not exist/),
    });
    expect(existsSync(join(dir, 'nope'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects an unknown URL scheme', async () => {
    const config = loadConfig({ PATCHLINE_HOME: '/p', PATCHLINE_DATABASE_URL: 'mysql://x/y' }, ctx);

    await expect(openAppStore(config, clock)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
