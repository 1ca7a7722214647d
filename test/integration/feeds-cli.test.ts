import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedsEnv, publishFeeds } from '../../src/advisories/fetch/testing/feeds-mirror.js';
import { startMirror, type Mirror } from '../../src/advisories/fetch/testing/mirror.js';
import { runCli } from '../cli.js';

describe('cli/commands/feeds (local mirror)', () => {
  let dir: string;
  let mirror: Mirror;
  const saved = { ...process.env };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-feeds-cli-'));
    mirror = await startMirror();
    publishFeeds(mirror);
    Object.assign(process.env, feedsEnv(mirror), { PATCHLINE_DATABASE_URL: join(dir, 'p.db') });
  });
  afterEach(async () => {
    process.env = { ...saved };
    await mirror.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a summary per feed and exits 1 when one failed', async () => {
    mirror.routes.get('/usn/database-all.json.bz2')!.status = 404;

    const r = await runCli(['feeds', 'sync', 'ubuntu-usn', 'alpine-secdb']);

    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/alpine-secdb\s*│\s*ok\s*│\s*2\s*│\s*0\s*│\s*0\s*│\s*3\s*│/);
    expect(r.stdout).toMatch(/ubuntu-usn\s*│\s*FAILED/);
    expect(r.stderr).toContain('FEED_UNAVAILABLE');
    expect(r.stderr).toContain('HTTP 404');
  });

  it('shows freshness as JSON after a sync', async () => {
    expect((await runCli(['feeds', 'sync', 'alpine-secdb'])).code).toBe(0);

    const r = await runCli(['feeds', 'status', '--json']);

    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { source: string; advisories: number; stale: boolean }[];
    expect(list.find((f) => f.source === 'alpine-secdb')).toMatchObject({
      advisories: 3,
      stale: false,
    });
    expect(list.find((f) => f.source === 'csaf')).toMatchObject({ advisories: 0, stale: true });
  });
});
