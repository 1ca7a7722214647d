import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { settings } from '../../app/config.js';
import { runCli } from '../../../test/cli.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('cli/commands/config', () => {
  it('names the store under PATCHLINE_HOME, whatever the working directory', async () => {
    const env = { PATCHLINE_HOME: '/srv/pl', PATCHLINE_ACTOR: 'ann' };

    const a = await runCli(['config', '--json'], { env, cwd: '/tmp' });
    const b = await runCli(['config', '--json'], { env, cwd: '/' });

    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({
      home: '/srv/pl',
      database: '/srv/pl/patchline.db',
      secretKey: '/srv/pl/secret.key',
      actor: 'ann',
      policy: null,
    });
    expect(b.stdout).toBe(a.stdout);
  });

  it.each`
    env                                                      | args                                | now
    ${{ PATCHLINE_HOME: '/p' }}                              | ${[]}                               | ${'2026-01-02T03:04:05.000Z'}
    ${{ PATCHLINE_HOME: '/p', PATCHLINE_NOW: '2026-12-24' }} | ${[]}                               | ${'2026-12-24T00:00:00.000Z'}
    ${{ PATCHLINE_HOME: '/p', PATCHLINE_NOW: '2026-12-24' }} | ${['--at', '2027-01-01T00:00:00Z']} | ${'2027-01-01T00:00:00.000Z'}
  `(
    'takes now from the injected clock, PATCHLINE_NOW, then --at: $now',
    async ({ env, args, now }) => {
      const r = await runCli(['config', '--json', ...(args as string[])], {
        env,
        clock: fixedClock('2026-01-02T03:04:05Z'),
      });

      expect(JSON.parse(r.stdout)).toMatchObject({ now });
    },
  );

  it('refuses a PATCHLINE_NOW that is not a time, naming it', async () => {
    const r = await runCli(['config'], { env: { PATCHLINE_HOME: '/p', PATCHLINE_NOW: 'noon' } });

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PATCHLINE_NOW noon is not an ISO 8601 time/);
  });

  it('masks a database password', async () => {
    const env = { PATCHLINE_HOME: '/p', PATCHLINE_DATABASE_URL: 'postgres://u:hunter2@db/pl' };

    const r = await runCli(['config'], { env });

    expect(r.stdout).toMatch(/postgres:\/\/u:\*\*\*@db\/pl/);
    expect(r.stdout).not.toMatch(/hunter2/);
  });

  it.each(settings.map((s) => s.env))("README's configuration table documents %s", (name) => {
    expect(readme).toContain(`| \`${name}\``);
  });
});
