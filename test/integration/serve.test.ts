import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'patchline-serve-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** `npm start`'s command on a fresh home: the real process, as a user runs it. */
describe('patchline serve', () => {
  it('serves health, OpenAPI and an authenticated API over the sample estate, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['bin/patchline.js', 'serve', '--quiet', '--no-scheduler'],
      {
        cwd: root,
        env: {
          ...Object.fromEntries(
            Object.entries(process.env).filter(([k]) => !k.startsWith('PATCHLINE_')),
          ),
          PATCHLINE_HOME: home,
          PATCHLINE_LISTEN: '127.0.0.1:0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    for (let i = 0; i < 600 && !/serving http/.test(err); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(err)?.[1];
    const token = /\b(plt_[A-Za-z0-9_-]+)/.exec(err)?.[1];
    expect(url, err).toBeDefined();
    expect(token).toBeDefined();

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
    expect((await fetch(`${url}/api/v1/assets`)).status).toBe(401);
    const assets = (await (
      await fetch(`${url}/api/v1/assets`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      assets: { name: string }[];
    };
    expect(assets.assets.map((a) => a.name)).toContain('web-01');

    const t0 = performance.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(err).toMatch(/stopped/);
  }, 120_000);
});
