import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { openStore, type Store } from '../store/index.js';
import type { HttpClient, HttpResponse } from '../util/http.js';
import { feedFreshness, newestOf, syncFeeds, type SyncDeps } from './feeds.js';

const fixtures = join(import.meta.dirname, '../advisories/fetch/__fixtures__');
const msrcIndex = readFileSync(join(fixtures, 'msrc-updates-index.json'));
const march = readFileSync(join(fixtures, 'cvrf-2024-Mar.xml.gz'));

/** Answers by URL; a URL missing from `pages` gets 404; `asked` records every request. */
function fakeHttp(
  pages: Map<string, number | Uint8Array | AppError>,
): HttpClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get(url): Promise<HttpResponse> {
      asked.push(url);
      const page = pages.get(url) ?? 404;
      if (page instanceof AppError) return Promise.reject(page);
      if (typeof page === 'number') {
        return Promise.resolve({ status: page, headers: {}, body: new Uint8Array() });
      }
      return Promise.resolve({ status: 200, headers: { etag: '"1"' }, body: page });
    },
  };
}

describe('app/feeds', () => {
  let store: Store;
  let clock: FixedClock;

  beforeEach(async () => {
    clock = fixedClock('2026-11-27T10:00:00.000Z');
    store = await openStore(':memory:', clock);
  });
  afterEach(async () => {
    await store.close();
  });

  const deps = (http: HttpClient): SyncDeps => ({
    http,
    clock,
    env: { PATCHLINE_FEED_MSRC_CVRF_URL: 'http://m', PATCHLINE_FEED_CSAF_URL: 'http://r' },
    sleep: () => Promise.resolve(),
    random: () => 0,
  });

  it('records a failed listing without touching the cursor', async () => {
    const http = fakeHttp(new Map([['http://r/changes.csv', 404]]));

    const [r] = await syncFeeds(store, { sources: ['csaf'] }, deps(http));

    expect(r).toMatchObject({ ok: false, error: 'GET http://r/changes.csv: HTTP 404' });
    expect(await store.feeds.get('csaf')).toMatchObject({
      lastAttemptAt: '2026-11-27T10:00:00.000Z',
      lastSuccessAt: null,
      cursor: null,
    });
  });

  it('saves the cursor only when every document succeeded', async () => {
    const pages = new Map<string, number | Uint8Array | AppError>([
      ['http://m/updates', msrcIndex],
      ['http://m/cvrf/2024-Mar', march],
      ['http://m/cvrf/2016-Apr', 500],
    ]);
    const http = fakeHttp(pages);

    const [first] = await syncFeeds(store, { sources: ['msrc-cvrf'] }, deps(http));
    const afterFailure = await store.feeds.get('msrc-cvrf');
    pages.set('http://m/cvrf/2016-Apr', march);
    const [second] = await syncFeeds(store, { sources: ['msrc-cvrf'] }, deps(http));
    http.asked.length = 0;
    await syncFeeds(store, { sources: ['msrc-cvrf'] }, deps(http));

    expect(first).toMatchObject({ ok: false, documents: { fetched: 1, failed: 1 } });
    expect(first?.advisories.inserted).toBe(81);
    expect(first?.error).toBe('GET http://m/cvrf/2016-Apr: HTTP 500 (gave up after 4 tries)');
    expect(afterFailure?.cursor).toBeNull();
    expect(second).toMatchObject({ ok: true, documents: { fetched: 2 } });
    expect(http.asked).toEqual(['http://m/updates']);
  });

  it('lets an abort through instead of recording it as a feed failure', async () => {
    const http = fakeHttp(
      new Map([['http://m/updates', new AppError(ErrorCode.Aborted, 'aborted')]]),
    );

    await expect(syncFeeds(store, { sources: ['msrc-cvrf'] }, deps(http))).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });

  it('checks every base URL before fetching anything', async () => {
    const http = fakeHttp(new Map());
    const bad = { ...deps(http), env: { PATCHLINE_FEED_OSV_URL: 'osv.mirror.local' } };

    const run = syncFeeds(store, { sources: ['msrc-cvrf', 'osv'] }, bad);

    await expect(run).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(http.asked).toEqual([]);
  });

  it.each([
    [['csaf', 'osv'], 'needs exactly one SOURCE'],
    [[], 'needs exactly one SOURCE'],
  ])('refuses --base-url with sources %j', async (sources, message) => {
    const run = syncFeeds(store, { sources, baseUrl: 'http://x' }, deps(fakeHttp(new Map())));

    await expect(run).rejects.toThrow(message);
  });

  it.each([
    [0, 0, false],
    [3 * 3600, 3 * 3600, false],
    [49 * 3600, 49 * 3600, true],
  ])('a feed synced %i s ago is %i s old (stale: %s)', async (ago, age, stale) => {
    await store.feeds.recordAttempt('osv', { ok: true });
    clock.advance(ago * 1000);

    const list = await feedFreshness(store, clock);

    expect(list.find((f) => f.source === 'osv')).toMatchObject({ ageSeconds: age, stale });
    expect(list.find((f) => f.source === 'csaf')).toMatchObject({
      lastSuccessAt: null,
      ageSeconds: null,
      stale: true,
    });
  });

  it('lists sources known only from stored advisories too', async () => {
    await store.advisories.upsertMany(
      [
        {
          id: 'X-1',
          source: 'vendor-x',
          severity: 'low',
          cves: [],
          classification: 'security',
          affected: [],
        },
      ],
      { rawPayloadId: null, parserVersion: '1' },
    );

    const list = await feedFreshness(store, clock, { staleAfterHours: 1 });

    expect(list.map((f) => f.source)).toEqual([
      'alpine-secdb',
      'csaf',
      'debian-security-support',
      'debian-tracker',
      'eol',
      'msrc-cvrf',
      'openvex',
      'osv',
      'oval',
      'ubuntu-usn',
      'vendor-x',
    ]);
    expect(list.at(-1)).toMatchObject({ advisories: 1, stale: true });
  });

  const adv = (id: string, dates: { published?: string; modified?: string }) => ({
    id,
    source: 'osv',
    severity: 'low' as const,
    cves: [],
    classification: 'security' as const,
    affected: [],
    ...dates,
  });

  it.each`
    dates                                                                                                               | lastModified                       | newest                    | document                      | dataAge
    ${[]}                                                                                                               | ${null}                            | ${null}                   | ${null}                       | ${null}
    ${[{ published: '2026-11-20T10:00:00Z' }]}                                                                          | ${null}                            | ${'2026-11-20T10:00:00Z'} | ${null}                       | ${7 * 86400}
    ${[{ published: '2024-01-01T00:00:00Z', modified: '2026-11-26T10:00:00Z' }, { published: '2026-11-01T00:00:00Z' }]} | ${null}                            | ${'2026-11-26T10:00:00Z'} | ${null}                       | ${86400}
    ${[{ modified: '2025-11-27T10:00:00Z' }]}                                                                           | ${'Thu, 26 Nov 2026 10:00:00 GMT'} | ${'2025-11-27T10:00:00Z'} | ${'2026-11-26T10:00:00.000Z'} | ${86400}
    ${[]}                                                                                                               | ${'Wed, 27 Nov 2024 10:00:00 GMT'} | ${null}                   | ${'2024-11-27T10:00:00.000Z'} | ${730 * 86400}
  `(
    'gives the data its own age (newest $newest, document $document): $dataAge s, fetched just now',
    async ({ dates, lastModified, newest, document, dataAge }) => {
      const list = (dates as { published?: string; modified?: string }[]).map((d, i) =>
        adv(`OSV-${i}`, d),
      );
      await store.advisories.upsertMany(list, { rawPayloadId: null, parserVersion: '1' });
      if (lastModified !== null) {
        await store.feeds.putPayload({
          source: 'osv',
          url: 'https://osv/all.zip',
          body: new Uint8Array([1]),
          lastModified,
        });
      }
      await store.feeds.recordAttempt('osv', { ok: true });

      const osv = (await feedFreshness(store, clock)).find((f) => f.source === 'osv');

      expect(osv).toMatchObject({
        ageSeconds: 0,
        newestAdvisory: newest,
        documentDate: document,
        dataAgeSeconds: dataAge,
      });
    },
  );

  it.each`
    a                         | b                                  | newest
    ${null}                   | ${null}                            | ${null}
    ${'2026-01-01'}           | ${null}                            | ${'2026-01-01'}
    ${'not a date'}           | ${'2026-01-01'}                    | ${'2026-01-01'}
    ${'2026-01-02T00:00:00Z'} | ${'Thu, 01 Jan 2026 00:00:00 GMT'} | ${'2026-01-02T00:00:00Z'}
    ${'2025-01-02T00:00:00Z'} | ${'Thu, 01 Jan 2026 00:00:00 GMT'} | ${'Thu, 01 Jan 2026 00:00:00 GMT'}
  `('takes the newer of $a and $b', ({ a, b, newest }) => {
    expect(newestOf(a, b)).toBe(newest);
  });
});
