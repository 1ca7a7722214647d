import { describe, expect, it } from 'vitest';
import {
  enrichmentEnv,
  kevJson,
  publishEnrichment,
} from '../advisories/enrichment/testing/mirror.js';
import { feedsEnv, publishFeeds } from '../advisories/fetch/testing/feeds-mirror.js';
import { feedDefinitions } from '../advisories/fetch/feeds.js';
import { fixedClock } from '../domain/clock.js';
import { syncEnrichment } from './enrichment.js';
import { feedFreshness } from './feeds.js';
import { useSyncRig } from './testing/sync-rig.js';
import { syncAll, syncableSources, type EnrichmentSyncResult } from './sync-all.js';

const clock = fixedClock('2026-12-07T10:00:00.000Z');

describe('app/sync-all: advisory feeds and enrichment in one sync', () => {
  const rig = useSyncRig(
    clock,
    (m) => {
      publishFeeds(m);
      publishEnrichment(m);
    },
    (m) => ({ ...feedsEnv(m), ...enrichmentEnv(m) }),
  );

  const paths = () => rig.mirror.requests.map((r) => r.path);

  it('names every advisory feed, then kev and epss, as the sources of a bare sync', () => {
    expect(syncableSources()).toEqual([...feedDefinitions.keys(), 'kev', 'epss']);
  });

  it('syncs feeds and enrichment together, recording each in feed_state', async () => {
    const r = await syncAll(rig.store, { sources: ['alpine-secdb', 'kev', 'epss'] }, rig.deps());

    expect(r.map((x) => [x.source, x.status, x.documents.fetched])).toEqual([
      ['alpine-secdb', 'ok', 2],
      ['kev', 'ok', 1],
      ['epss', 'ok', 1],
    ]);
    expect((r[1] as EnrichmentSyncResult).enrichment).toMatchObject({ rows: 4, skipped: 0 });
    expect((r[2] as EnrichmentSyncResult).enrichment.rows).toBe(6);
    expect((await rig.store.enrichment.kev(['CVE-2021-44228'])).size).toBe(1);
    const fresh = await feedFreshness(rig.store, clock);
    expect(fresh.find((f) => f.source === 'kev')).toMatchObject({
      lastSuccessAt: '2026-12-07T10:00:00.000Z',
      stale: false,
    });
    expect(fresh.find((f) => f.source === 'epss')?.lastSuccessAt).toBe('2026-12-07T10:00:00.000Z');
  });

  it('asks conditionally the second time and reports the 304 as unchanged', async () => {
    await syncAll(rig.store, { sources: ['kev'] }, rig.deps());

    const [again] = await syncAll(rig.store, { sources: ['kev'] }, rig.deps());

    expect(again).toMatchObject({ ok: true, documents: { fetched: 0, unchanged: 1, failed: 0 } });
    expect(
      rig.mirror.requests.filter((q) => q.path === '/kev.json')[1]?.headers['if-none-match'],
    ).toBe('"k1"');
  });

  it('syncs kev alone, fetching no advisory feed; --base-url is its document URL', async () => {
    rig.mirror.routes.set('/elsewhere/kev.json', { body: kevJson });

    const r = await syncAll(
      rig.store,
      { sources: ['kev'], baseUrl: `${rig.mirror.url}/elsewhere/kev.json` },
      rig.deps(),
    );

    expect(r.map((x) => [x.source, x.baseUrl, x.ok])).toEqual([
      ['kev', `${rig.mirror.url}/elsewhere/kev.json`, true],
    ]);
    expect(paths()).toEqual(['/elsewhere/kev.json']);
  });

  it('a failing enrichment source fails alone; the others are stored', async () => {
    rig.mirror.routes.get('/kev.json')!.status = 404;

    const r = await syncAll(rig.store, { sources: ['alpine-secdb', 'kev', 'epss'] }, rig.deps());

    expect(r.map((x) => [x.source, x.status])).toEqual([
      ['alpine-secdb', 'ok'],
      ['kev', 'failed'],
      ['epss', 'ok'],
    ]);
    expect(r[1]).toMatchObject({ ok: false, documents: { failed: 1 } });
    expect(r[1]?.error).toContain('HTTP 404');
    expect((await rig.store.feeds.get('kev'))?.lastError).toContain('HTTP 404');
  });

  it('refuses a bad enrichment URL before fetching any feed', async () => {
    await expect(
      syncAll(
        rig.store,
        { sources: ['alpine-secdb', 'epss'] },
        rig.deps({ PATCHLINE_FEED_EPSS_URL: 'ftp://example.org/epss.csv.gz' }),
      ),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(paths()).toEqual([]);
  });

  it('refuses --base-url with more than one source, and an unknown source', async () => {
    await expect(
      syncAll(rig.store, { sources: ['kev', 'epss'], baseUrl: rig.mirror.url }, rig.deps()),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(syncAll(rig.store, { sources: ['kevv'] }, rig.deps())).rejects.toThrow(/kevv/);
    expect(paths()).toEqual([]);
  });

  it('leaves enrichment sync as it was', async () => {
    const r = await syncEnrichment(rig.store, { sources: ['epss'] }, rig.deps());

    expect(r.map((x) => [x.source, x.status, x.rows])).toEqual([['epss', 'ok', 6]]);
  });
});
