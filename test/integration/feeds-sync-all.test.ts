import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedsEnv, publishFeeds } from '../../src/advisories/fetch/testing/feeds-mirror.js';
import { startMirror, type Mirror } from '../../src/advisories/fetch/testing/mirror.js';
import { syncableSources } from '../../src/app/sync-all.js';
import { runCli } from '../cli.js';

const fixtures = join(import.meta.dirname, '../../src/advisories/enrichment/__fixtures__');

describe('cli: feeds sync with no SOURCE covers the advisory feeds and KEV/EPSS (local mirror)', () => {
  let dir: string;
  let mirror: Mirror;
  let env: Record<string, string | undefined>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-sync-all-'));
    mirror = await startMirror();
    publishFeeds(mirror);
    mirror.routes.set('/kev.json', {
      body: readFileSync(join(fixtures, 'known_exploited_vulnerabilities.json')),
    });
    mirror.routes.set('/epss.csv.gz', {
      body: gzipSync(readFileSync(join(fixtures, 'epss_scores-2026-12-06.csv'))),
    });
    env = {
      ...feedsEnv(mirror),
      PATCHLINE_FEED_KEV_URL: `${mirror.url}/kev.json`,
      PATCHLINE_FEED_EPSS_URL: `${mirror.url}/epss.csv.gz`,
      PATCHLINE_DATABASE_URL: join(dir, 'p.db'),
      PATCHLINE_HOME: dir,
      PATH: process.env['PATH'],
    };
  });
  afterEach(async () => {
    await mirror.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs every source, and feeds status shows kev and epss fresh', async () => {
    const r = await runCli(['feeds', 'sync', '--json'], { env });

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { source: string; ok: boolean }[];
    expect(results.map((x) => x.source)).toEqual(syncableSources());
    expect(results.filter((x) => !x.ok)).toEqual([]);
    expect(mirror.requests.map((q) => q.path)).toEqual(
      expect.arrayContaining(['/kev.json', '/epss.csv.gz']),
    );

    const status = await runCli(['feeds', 'status', '--json'], { env });
    const list = JSON.parse(status.stdout) as { source: string; stale: boolean }[];
    expect(list.filter((f) => f.source === 'kev' || f.source === 'epss')).toEqual([
      expect.objectContaining({ source: 'epss', stale: false }),
      expect.objectContaining({ source: 'kev', stale: false }),
    ]);
    const enrichment = await runCli(['enrichment', 'status', '--json'], { env });
    expect(
      (JSON.parse(enrichment.stdout) as { source: string; rows: number }[]).map((s) => [
        s.source,
        s.rows,
      ]),
    ).toEqual([
      ['kev', 4],
      ['epss', 6],
    ]);
  });

  it('feeds sync kev epss prints them in the summary table; a failing one exits 1', async () => {
    mirror.routes.get('/epss.csv.gz')!.status = 404;

    const r = await runCli(['feeds', 'sync', 'kev', 'epss'], { env });

    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/kev\s*│\s*ok\s*│\s*1\s*│\s*0\s*│\s*0\s*│\s*-\s*│\s*-\s*│\s*-\s*│/);
    expect(r.stdout).toMatch(/epss\s*│\s*FAILED/);
    expect(r.stderr).toContain('FEED_UNAVAILABLE');
    expect(mirror.requests.every((q) => q.path === '/kev.json' || q.path === '/epss.csv.gz')).toBe(
      true,
    );
  });
});
