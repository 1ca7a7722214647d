import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  feedsEnv,
  fixtures,
  lastModified,
  publishFeeds,
} from '../../src/advisories/fetch/testing/feeds-mirror.js';
import { startMirror, type Mirror } from '../../src/advisories/fetch/testing/mirror.js';
import {
  feedFreshness,
  syncFeeds,
  type SourceSyncResult,
  type SyncDeps,
} from '../../src/app/feeds.js';
import { reparseStored } from '../../src/app/import-advisories.js';
import { fixedClock, type FixedClock } from '../../src/domain/clock.js';
import { openStore, type Store } from '../../src/store/index.js';
import { fetchHttpClient } from '../../src/util/http.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));

describe('app/feeds (local mirror)', () => {
  let dir: string;
  let mirror: Mirror;
  let store: Store;
  let clock: FixedClock;
  let waits: number[];
  let deps: SyncDeps;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-feeds-'));
    mirror = await startMirror();
    publishFeeds(mirror);
    clock = fixedClock('2026-11-27T10:00:00.000Z');
    store = await openStore(join(dir, 'p.db'), clock);
    waits = [];
    deps = {
      http: fetchHttpClient({ headerTimeoutMs: 10_000, idleTimeoutMs: 10_000 }),
      clock,
      env: feedsEnv(mirror),
      random: () => 0.5,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    };
  });
  afterEach(async () => {
    await store.close();
    await mirror.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bySource = (rs: readonly SourceSyncResult[]): Record<string, SourceSyncResult> =>
    Object.fromEntries(rs.map((r) => [r.source, r]));

  it('syncs every feed, then answers 304s with nothing written', async () => {
    const first = bySource(await syncFeeds(store, {}, deps));

    expect(Object.values(first).every((r) => r.ok)).toBe(true);
    expect(first['alpine-secdb']).toMatchObject({
      documents: { fetched: 2 },
      advisories: { inserted: 3 },
    });
    expect(first['osv']?.advisories.inserted).toBe(9);
    expect(first['msrc-cvrf']?.documents.fetched).toBe(1);
    expect(first['debian-tracker']?.advisories.inserted).toBeGreaterThan(0);
    expect(first['oval']).toMatchObject({ documents: { fetched: 2 }, advisories: { inserted: 8 } });
    expect(first['openvex']).toMatchObject({
      documents: { fetched: 1 },
      advisories: { inserted: 1 },
    });
    const stored = (await store.advisories.all()).length;
    clock.advance(3_600_000);
    mirror.requests.length = 0;

    const second = bySource(await syncFeeds(store, {}, deps));

    for (const r of Object.values(second)) {
      expect(r, r.source).toMatchObject({ ok: true, advisories: { inserted: 0, updated: 0 } });
      expect(r.documents.fetched, r.source).toBe(0);
    }
    expect(second['alpine-secdb']?.documents.unchanged).toBe(2);
    expect(second['csaf']?.documents).toEqual({ fetched: 0, unchanged: 0, failed: 0 });
    expect(second['msrc-cvrf']?.documents).toEqual({ fetched: 0, unchanged: 0, failed: 0 });
    const main = mirror.requests.find((r) => r.path === '/alpine/v3.16/main.json');
    const community = mirror.requests.find((r) => r.path === '/alpine/v3.16/community.json');
    expect(main?.headers['if-none-match']).toBe('"a-main-1"');
    expect(community?.headers['if-modified-since']).toBe(lastModified);
    expect((await store.advisories.all()).length).toBe(stored);
    const fresh = await feedFreshness(store, clock);
    expect(fresh.map((f) => [f.source, f.ageSeconds, f.lastError])).toContainEqual([
      'osv',
      0,
      null,
    ]);
  });

  it('keeps raw payloads with provenance, once per content', async () => {
    await syncFeeds(store, { sources: ['ubuntu-usn'] }, deps);
    mirror.routes.get('/usn/database-all.json.bz2')!.lastModified = 'Thu, 21 Nov 2024 10:00:00 GMT';
    clock.advance(1000);
    await syncFeeds(store, { sources: ['ubuntu-usn'] }, deps);

    const payloads = await store.feeds.latestPayloads({ source: 'ubuntu-usn' });

    expect(payloads).toMatchObject([
      {
        url: `${mirror.url}/usn/database-all.json.bz2`,
        size: fixture('database-all.json.bz2').length,
        lastModified: 'Thu, 21 Nov 2024 10:00:00 GMT',
        fetchedAt: '2026-11-27T10:00:01.000Z',
        parserVersions: ['1'],
      },
    ]);
    const raw = new BetterSqlite3(join(dir, 'p.db'), { readonly: true });
    expect(raw.prepare('select count(*) as n from raw_payloads').get()).toEqual({ n: 1 });
    raw.close();
  });

  it('retries a 503 with a bounded, jittered wait, then succeeds', async () => {
    mirror.routes.get('/debian/data/json')!.failures = [503, 502];

    const [r] = await syncFeeds(store, { sources: ['debian-tracker'] }, deps);

    expect(r).toMatchObject({ ok: true, documents: { fetched: 1, failed: 0 } });
    expect(waits).toEqual([250, 500]); // half of 500 ms · 2^(try-1), random() = 0.5
    expect(mirror.requests.filter((q) => q.path === '/debian/data/json')).toHaveLength(3);
  });

  it('waits as long as Retry-After says, capped', async () => {
    Object.assign(mirror.routes.get('/debian/data/json')!, {
      failures: [429, 503],
      retryAfter: '7',
    });

    const [r] = await syncFeeds(store, { sources: ['debian-tracker'] }, deps);

    expect(r?.ok).toBe(true);
    expect(waits).toEqual([7000, 7000]);
  });

  it('gives up after four tries and says so', async () => {
    mirror.routes.get('/debian/data/json')!.failures = [500, 500, 500, 500];

    const [r] = await syncFeeds(store, { sources: ['debian-tracker'] }, deps);

    expect(r?.ok).toBe(false);
    expect(r?.error).toBe(`GET ${mirror.url}/debian/data/json: HTTP 500 (gave up after 4 tries)`);
    expect(waits).toHaveLength(3);
  });

  it('fails a 404 feed clearly, without retrying, and still syncs the others', async () => {
    mirror.routes.get('/usn/database-all.json.bz2')!.status = 404;

    const rs = bySource(await syncFeeds(store, { sources: ['ubuntu-usn', 'alpine-secdb'] }, deps));

    expect(rs['ubuntu-usn']).toMatchObject({ ok: false, documents: { failed: 1 } });
    expect(rs['ubuntu-usn']?.error).toBe(`GET ${mirror.url}/usn/database-all.json.bz2: HTTP 404`);
    expect(rs['alpine-secdb']).toMatchObject({ ok: true, advisories: { inserted: 3 } });
    expect(waits).toEqual([]);
    expect(await store.feeds.get('ubuntu-usn')).toMatchObject({
      lastSuccessAt: null,
      lastError: expect.stringContaining('HTTP 404') as string,
    });
  });

  it('rejects a malformed document alone and loses nothing already stored', async () => {
    await syncFeeds(store, { sources: ['alpine-secdb'] }, deps);
    const before = await store.advisories.all({ source: 'alpine-secdb' });
    const main = mirror.routes.get('/alpine/v3.16/main.json')!;
    main.body = fixture('v3.16-main.json').subarray(0, 200);
    main.etag = '"a-main-2"';

    const [r] = await syncFeeds(store, { sources: ['alpine-secdb'] }, deps);

    expect(r).toMatchObject({
      ok: false,
      status: 'partial',
      documents: { failed: 1, unchanged: 1 },
    });
    expect(r?.diagnostics[0]).toMatchObject({
      severity: 'error',
      location: { file: `${mirror.url}/alpine/v3.16/main.json` },
    });
    expect(await store.advisories.all({ source: 'alpine-secdb' })).toEqual(before);
    mirror.requests.length = 0;
    await syncFeeds(store, { sources: ['alpine-secdb'] }, deps);
    const again = mirror.requests.find((q) => q.path === '/alpine/v3.16/main.json');
    // The rejected body was not kept, so the good copy's validator is asked with, and the
    // server (which changed it) sends the body again.
    expect(again?.headers['if-none-match']).toBe('"a-main-1"');
    expect(await store.feeds.latestPayloads({ source: 'alpine-secdb' })).toHaveLength(2);
  });

  it('skips a malformed record inside an archive, keeps the rest and says it is partial', async () => {
    mirror.routes.get('/osv/Debian/all.zip')!.body = fixture('Debian-all-damaged-entry.zip');

    const [r] = await syncFeeds(store, { sources: ['osv'] }, deps);

    expect(r).toMatchObject({ ok: false, status: 'partial', advisories: { inserted: 9 } });
    expect(r?.diagnostics.map((d) => d.location.file)).toEqual([
      `${mirror.url}/osv/Debian/all.zip!DSA-135-truncated.json`,
    ]);
  });

  it('re-parses stored payloads after a parser change without fetching', async () => {
    await syncFeeds(store, { sources: ['alpine-secdb', 'osv'] }, deps);
    const raw = new BetterSqlite3(join(dir, 'p.db'));
    raw.prepare("update advisories set parser_version = '0' where source = 'osv'").run();
    raw.close();
    mirror.requests.length = 0;

    const r = await reparseStored(store);
    const again = await reparseStored(store);
    const all = await reparseStored(store, { source: 'alpine-secdb', all: true });

    expect(r).toMatchObject({ reparsed: 2, current: 2, counts: { unchanged: 9, updated: 0 } });
    expect(again).toMatchObject({ reparsed: 0, current: 4 });
    expect(all).toMatchObject({ reparsed: 2, counts: { unchanged: 3 } });
    expect(mirror.requests).toEqual([]);
  });

  it('--base-url points one feed elsewhere', async () => {
    const [r] = await syncFeeds(
      store,
      { sources: ['ubuntu-usn'], baseUrl: `${mirror.url}/usn/` },
      {
        ...deps,
        env: {},
      },
    );

    expect(r).toMatchObject({ ok: true, baseUrl: `${mirror.url}/usn` });
  });
});
