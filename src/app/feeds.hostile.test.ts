import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feedsEnv, fixtures, publishFeeds } from '../advisories/fetch/testing/feeds-mirror.js';
import {
  endlessBody,
  gzipBomb,
  redirect,
  silent,
  trickle,
  type Sent,
} from '../advisories/fetch/testing/hostile.js';
import { startMirror, type Mirror } from '../advisories/fetch/testing/mirror.js';
import { fixedClock } from '../domain/clock.js';
import { openStore, type Store } from '../store/index.js';
import { fetchHttpClient } from '../util/http.js';
import { syncFeeds, type SyncDeps, type SyncProgress } from './feeds.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));
const MiB = 1024 * 1024;

/**
 * `feeds sync` against a mirror that misbehaves on purpose: every limit is set small through the
 * injected environment, so each case takes milliseconds.
 */
describe('app/feeds against a hostile mirror', () => {
  let mirror: Mirror;
  let other: Mirror;
  let store: Store;
  let tries: number;
  let progress: SyncProgress[];

  beforeEach(async () => {
    mirror = await startMirror();
    other = await startMirror();
    publishFeeds(mirror);
    store = await openStore(':memory:', fixedClock('2026-12-07T10:00:00.000Z'));
    tries = 0;
    progress = [];
  });
  afterEach(async () => {
    await store.close();
    await mirror.close();
    await other.close();
  });

  const deps = (env: Record<string, string> = {}): SyncDeps => ({
    http: fetchHttpClient(),
    clock: fixedClock('2026-12-07T10:00:00.000Z'),
    env: { ...feedsEnv(mirror), PATCHLINE_FEED_MAX_BYTES: '1M', ...env },
    random: () => 0,
    sleep: () => {
      tries++;
      return Promise.resolve();
    },
    onProgress: (p) => progress.push(p),
  });
  const asked = (path: string): number => mirror.requests.filter((r) => r.path === path).length;
  const kept = async (source: string): Promise<string[]> =>
    (await store.feeds.latestPayloads({ source })).map((p) => p.url);

  it('stops a transport gzip bomb at the limit, once, naming the URL and the setting', async () => {
    const sent: Sent = { bytes: 0 };
    mirror.routes.set('/debian/data/json', { body: '', respond: gzipBomb(4096, sent) });

    const [r] = await syncFeeds(store, { sources: ['debian-tracker'] }, deps());

    expect(r).toMatchObject({ ok: false, status: 'failed', documents: { failed: 1 } });
    expect(r?.error).toBe(
      `GET ${mirror.url}/debian/data/json: body is larger than the limit of ${MiB} bytes ` +
        '(after decoding); raise PATCHLINE_FEED_MAX_BYTES (or PATCHLINE_FEED_DEBIAN_TRACKER_MAX_BYTES) to allow more',
    );
    expect(Math.max(...progress.map((p) => p.bytes ?? 0))).toBeLessThanOrEqual(MiB);
    expect(sent.bytes).toBeLessThan(4096 * 1024); // the 4 GiB expansion was not read through
    expect(asked('/debian/data/json')).toBe(1); // a limit is not retried
    expect(await kept('debian-tracker')).toEqual([]);
  });

  it('stops an endless body at a per-feed limit', async () => {
    const sent: Sent = { bytes: 0 };
    mirror.routes.set('/debian/data/json', { body: '', respond: endlessBody(512, sent) });

    const [r] = await syncFeeds(
      store,
      { sources: ['debian-tracker'] },
      deps({ PATCHLINE_FEED_DEBIAN_TRACKER_MAX_BYTES: '2MiB' }),
    );

    expect(r?.error).toMatch(/data\/json: body is larger than the limit of 2097152 bytes/);
    expect(sent.bytes).toBeLessThan(128 * MiB);
  });

  it('rejects a file-level bomb (.bz2) after download and keeps no raw payload', async () => {
    const bomb = spawnSync('bzip2', ['-c'], { input: new Uint8Array(16 * MiB) }).stdout;
    mirror.routes.set('/usn/database-all.json.bz2', { body: new Uint8Array(bomb), etag: '"b"' });

    const [r] = await syncFeeds(store, { sources: ['ubuntu-usn'] }, deps());

    expect(r).toMatchObject({ status: 'failed', documents: { failed: 1 } });
    expect(r?.diagnostics[0]?.message).toMatch(
      /database-all\.json\.bz2 expands beyond the limit of 1048576 bytes \(bzip2\); raise PATCHLINE_FEED_MAX_BYTES/,
    );
    expect(await kept('ubuntu-usn')).toEqual([]);
  });

  it('keeps no raw payload for an invalid document, and keeps the good one', async () => {
    mirror.routes.get('/alpine/v3.16/main.json')!.body = fixture('v3.16-main.json').slice(0, 200);

    const [r] = await syncFeeds(store, { sources: ['alpine-secdb'] }, deps());

    expect(r).toMatchObject({ status: 'partial', documents: { fetched: 1, failed: 1 } });
    expect(await kept('alpine-secdb')).toEqual([`${mirror.url}/alpine/v3.16/community.json`]);
  });

  it('gives up on a server that never answers after the header timeout and retries', async () => {
    mirror.routes.set('/debian/data/json', { body: '', respond: silent });

    const [r] = await syncFeeds(
      store,
      { sources: ['debian-tracker'] },
      deps({ PATCHLINE_FEED_HEADER_TIMEOUT: '20ms' }),
    );

    expect(r?.error).toBe(
      `GET ${mirror.url}/debian/data/json timed out: no response headers within 20 ms ` +
        '(gave up after 4 tries); raise PATCHLINE_FEED_HEADER_TIMEOUT (or PATCHLINE_FEED_DEBIAN_TRACKER_HEADER_TIMEOUT) to allow more',
    );
    expect(asked('/debian/data/json')).toBe(4);
    expect(progress.filter((p) => p.note?.startsWith('retry'))).toHaveLength(3);
  });

  it('ends a trickling feed at its deadline and skips what is left', async () => {
    mirror.routes.set('/alpine/v3.16/main.json', { body: '', respond: trickle(5, 10_000) });

    const [r] = await syncFeeds(
      store,
      { sources: ['alpine-secdb'] },
      deps({ PATCHLINE_FEED_DEADLINE: '150ms', PATCHLINE_FEED_IDLE_TIMEOUT: '10s' }),
    );

    expect(r).toMatchObject({ ok: false, status: 'failed', documents: { failed: 2 } });
    expect(r?.error).toBe(
      'feed alpine-secdb: deadline of 150 ms passed; raise PATCHLINE_FEED_DEADLINE ' +
        '(or PATCHLINE_FEED_ALPINE_SECDB_DEADLINE) to allow more (+1 more)',
    );
    expect(r?.diagnostics.at(-1)?.message).toMatch(/1 document\(s\) not fetched/);
    expect(asked('/alpine/v3.16/community.json')).toBe(0);
    expect(progress.some((p) => (p.bytes ?? 0) > 0)).toBe(true);
  });

  it('fails a trickle under the low-speed limit well before the deadline', async () => {
    mirror.routes.set('/debian/data/json', { body: '', respond: trickle(5, 10_000) });

    const [r] = await syncFeeds(
      store,
      { sources: ['debian-tracker'] },
      deps({ PATCHLINE_FEED_IDLE_TIMEOUT: '100ms' }),
    );

    expect(r?.error).toMatch(
      /too slow: \d+ bytes in 100 ms \(at least 1024 expected\) \(gave up after 4 tries\)/,
    );
  });

  it('follows a redirect within the mirror, naming it in later errors', async () => {
    mirror.routes.set('/usn/database-all.json.bz2', { body: '', respond: redirect('/usn/moved') });
    mirror.routes.set('/usn/moved', { body: '', status: 404 });

    const [r] = await syncFeeds(store, { sources: ['ubuntu-usn'] }, deps());

    expect(r?.error).toBe(
      `GET ${mirror.url}/usn/database-all.json.bz2 → ${mirror.url}/usn/moved: HTTP 404`,
    );
  });

  it.each([
    ['another port', () => `${other.url}/usn/database-all.json.bz2`, 'another origin'],
    ['file:', () => 'file:///etc/passwd', 'file: URLs are not fetched'],
  ])('refuses a redirect to %s without retrying it', async (_what, to, why) => {
    other.routes.set('/usn/database-all.json.bz2', { body: fixture('database-all.json.bz2') });
    mirror.routes.set('/usn/database-all.json.bz2', { body: '', respond: redirect(to()) });

    const [r] = await syncFeeds(store, { sources: ['ubuntu-usn'] }, deps());

    expect(r?.error).toContain(`GET ${mirror.url}/usn/database-all.json.bz2 → ${to()}: `);
    expect(r?.error).toContain(why);
    expect(asked('/usn/database-all.json.bz2')).toBe(1);
    expect(other.requests).toEqual([]);
    expect(tries).toBe(0);
  });

  it('reports an OSV archive with a broken record as partial, every time', async () => {
    mirror.routes.get('/osv/Debian/all.zip')!.body = fixture('Debian-all-damaged-entry.zip');

    const [first] = await syncFeeds(store, { sources: ['osv'] }, deps());
    const [second] = await syncFeeds(store, { sources: ['osv'] }, deps());

    expect(first).toMatchObject({ ok: false, status: 'partial', advisories: { inserted: 9 } });
    expect(first?.error).toBe(
      `${mirror.url}/osv/Debian/all.zip: 1 of 4 records rejected, the others stored`,
    );
    expect(first?.diagnostics.map((d) => d.location.file)).toEqual([
      `${mirror.url}/osv/Debian/all.zip!DSA-135-truncated.json`,
    ]);
    expect(second).toMatchObject({ status: 'partial', documents: { fetched: 1, unchanged: 1 } });
    const again = mirror.requests.filter((q) => q.path === '/osv/Debian/all.zip').at(-1);
    expect(again?.headers['if-none-match']).toBeUndefined(); // fetched and reported again
    expect(await store.feeds.get('osv')).toMatchObject({ lastSuccessAt: null });
  });
});
