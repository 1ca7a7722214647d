import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  enrichmentEnv,
  kevJson,
  publishEnrichment,
} from '../advisories/enrichment/testing/mirror.js';
import { feedsEnv, publishFeeds } from '../advisories/fetch/testing/feeds-mirror.js';
import { startMirror, type Mirror } from '../advisories/fetch/testing/mirror.js';
import { feedDefinitions } from '../advisories/fetch/feeds.js';
import { fixedClock } from '../domain/clock.js';
import { openStore, type Store } from '../store/index.js';
import { fetchHttpClient } from '../util/http.js';
import { syncEnrichment } from './enrichment.js';
import { feedFreshness, type SyncDeps } from './feeds.js';
import { syncAll, syncableSources, type EnrichmentSyncResult } from './sync-all.js';

const clock = fixedClock('2026-12-07T10:00:00.000Z');

describe('app/sync-all: advisory feeds and enrichment in one sync', () => {
  let mirror: Mirror;
  let store: Store;

  beforeEach(async () => {
    mirror = await startMirror();
    publishFeeds(mirror);
    publishEnrichment(mirror);
    store = await openStore(':memory:', clock);
  });
  afterEach(async () => {
    await store.close();
    await mirror.close();
  });

  const deps = (env: Record<string, string> = {}): SyncDeps => ({
    http: fetchHttpClient(),
    clock,
    env: {
      ...feedsEnv(mirror),
      ...enrichmentEnv(mirror),
      ...env,
    },
    sleep: () => Promise.resolve(),
    random: () => 0,
  });
  const paths = () => mirror.requests.map((r) => r.path);

  it('names every advisory feed, then kev and epss, as the sources of a bare sync', () => {
    expect(syncableSources()).toEqual([...feedDefinitions.keys(), 'kev', 'epss']);
  });

  it('syncs feeds and enrichment together, recording each in feed_state', async () => {
    const r = await syncAll(store, { sources: ['alpine-secdb', 'kev', 'epss'] }, deps());

    expect(r.map((x) => [x.source, x.status, x.documents.fetched])).toEqual([
      ['alpine-secdb', 'ok', 2],
      ['kev', 'ok', 1],
      ['epss', 'ok', 1],
    ]);
    expect((r[1] as EnrichmentSyncResult).enrichment).toMatchObject({ rows: 4, skipped: 0 });
    expect((r[2] as EnrichmentSyncResult).enrichment.rows).toBe(6);
    expect((await store.enrichment.kev(['CVE-2021-44228'])).size).toBe(1);
    const fresh = await feedFreshness(store, clock);
    expect(fresh.find((f) => f.source === 'kev')).toMatchObject({
      lastSuccessAt: '2026-12-07T10:00:00.000Z',
      stale: false,
    });
    expect(fresh.find((f) => f.source === 'epss')?.lastSuccessAt).toBe('2026-12-07T10:00:00.000Z');
  });

  it('asks conditionally the second time and reports the 304 as unchanged', async () => {
    await syncAll(store, { sources: ['kev'] }, deps());

    const [again] = await syncAll(store, { sources: ['kev'] }, deps());

    expect(again).toMatchObject({ ok: true, documents: { fetched: 0, unchanged: 1, failed: 0 } });
    expect(mirror.requests.filter((q) => q.path === '/kev.json')[1]?.headers['if-none-match']).toBe(
      '"k1"',
    );
  });

  it('syncs kev alone, fetching no advisory feed; --base-url is its document URL', async () => {
    mirror.routes.set('/elsewhere/kev.json', { body: kevJson });

    const r = await syncAll(
      store,
      { sources: ['kev'], baseUrl: `${mirror.url}/elsewhere/kev.json` },
      deps(),
    );

    expect(r.map((x) => [x.source, x.baseUrl, x.ok])).toEqual([
      ['kev', `${mirror.url}/elsewhere/kev.json`, true],
    ]);
    expect(paths()).toEqual(['/elsewhere/kev.json']);
  });

  it('a failing enrichment source fails alone; the others are stored', async () => {
    mirror.routes.get('/kev.json')!.status = 404;

    const r = await syncAll(store, { sources: ['alpine-secdb', 'kev', 'epss'] }, deps());

    expect(r.map((x) => [x.source, x.status])).toEqual([
      ['alpine-secdb', 'ok'],
      ['kev', 'failed'],
      ['epss', 'ok'],
    ]);
    expect(r[1]).toMatchObject({ ok: false, documents: { failed: 1 } });
    expect(r[1]?.error).toContain('HTTP 404');
    expect((await store.feeds.get('kev'))?.lastError).toContain('HTTP 404');
  });

  it('refuses a bad enrichment URL before fetching any feed', async () => {
    await expect(
      syncAll(
        store,
        { sources: ['alpine-secdb', 'epss'] },
        deps({ PATCHLINE_FEED_EPSS_URL: 'ftp://example.org/epss.csv.gz' }),
      ),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(paths()).toEqual([]);
  });

  it('refuses --base-url with more than one source, and an unknown source', async () => {
    await expect(
      syncAll(store, { sources: ['kev', 'epss'], baseUrl: mirror.url }, deps()),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(syncAll(store, { sources: ['kevv'] }, deps())).rejects.toThrow(/kevv/);
    expect(paths()).toEqual([]);
  });

  it('leaves enrichment sync as it was', async () => {
    const r = await syncEnrichment(store, { sources: ['epss'] }, deps());

    expect(r.map((x) => [x.source, x.status, x.rows])).toEqual([['epss', 'ok', 6]]);
  });
});
