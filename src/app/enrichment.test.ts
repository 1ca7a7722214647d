import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  enrichmentEnv,
  epssCsv,
  fixtures,
  kevJson,
  publishEnrichment,
} from '../advisories/enrichment/testing/mirror.js';
import { redirect } from '../advisories/fetch/testing/hostile.js';
import { fixedClock } from '../domain/clock.js';
import {
  enrichmentFetchLimits,
  enrichmentStatus,
  importEnrichmentFile,
  syncEnrichment,
} from './enrichment.js';
import { useSyncRig } from './testing/sync-rig.js';

const clock = fixedClock('2026-12-07T10:00:00.000Z');

describe('app/enrichment', () => {
  const rig = useSyncRig(
    clock,
    (m) => publishEnrichment(m, { lastModified: 'Sun, 06 Dec 2026 06:00:00 GMT' }),
    enrichmentEnv,
  );

  const headersOf = (path: string) =>
    rig.mirror.requests.filter((r) => r.path === path).map((r) => r.headers);

  it('stores both sources, then asks conditionally and keeps the rows on 304', async () => {
    const first = await syncEnrichment(rig.store, {}, rig.deps());
    const second = await syncEnrichment(rig.store, {}, rig.deps());

    expect(first.map((r) => [r.source, r.status, r.rows, r.documentDate])).toEqual([
      ['kev', 'ok', 4, '2026-12-05T17:02:11.6375Z'],
      ['epss', 'ok', 6, '2026-12-06T00:00:00+0000'],
    ]);
    expect(second.map((r) => [r.source, r.status, r.rows])).toEqual([
      ['kev', 'unchanged', 4],
      ['epss', 'unchanged', 6],
    ]);
    expect(headersOf('/kev.json')[1]?.['if-none-match']).toBe('"k1"');
    expect(headersOf('/epss_scores-current.csv.gz')[1]?.['if-modified-since']).toBe(
      'Sun, 06 Dec 2026 06:00:00 GMT',
    );
    expect((await rig.store.enrichment.epss(['CVE-2021-44228'])).get('CVE-2021-44228')?.epss).toBe(
      0.94358,
    );
    expect(await rig.store.feeds.get('kev')).toMatchObject({
      lastSuccessAt: '2026-12-07T10:00:00.000Z',
    });
  });

  it('replaces the rows when the document changed', async () => {
    await syncEnrichment(rig.store, { sources: ['kev'] }, rig.deps());
    const fewer = JSON.parse(kevJson.toString()) as { vulnerabilities: unknown[] };
    fewer.vulnerabilities = fewer.vulnerabilities.slice(1);
    rig.mirror.routes.set('/kev.json', { body: JSON.stringify(fewer), etag: '"k2"' });

    const [r] = await syncEnrichment(rig.store, { sources: ['kev'] }, rig.deps());

    expect(r).toMatchObject({ status: 'ok', rows: 3 });
    expect((await rig.store.enrichment.kev(['CVE-2021-44228', 'CVE-2021-4034'])).size).toBe(1);
  });

  it('keeps the stored rows when the new document is unreadable or empty', async () => {
    await syncEnrichment(rig.store, { sources: ['kev'] }, rig.deps());
    rig.mirror.routes.set('/kev.json', {
      body: '{"catalogVersion":"x","dateReleased":"y","vulnerabilities":[]}',
      etag: '"k3"',
    });

    const [r] = await syncEnrichment(rig.store, { sources: ['kev'] }, rig.deps());

    expect(r).toMatchObject({ status: 'failed', rows: 4 });
    expect(r?.error).toContain('no valid kev row; the stored data is kept');
    expect((await rig.store.feeds.get('kev'))?.lastError).toContain('no valid kev row');
    expect((await rig.store.enrichment.kev(['CVE-2021-44228'])).size).toBe(1);
  });

  it('stores a document with bad rows without its validators, so the next sync reads it again', async () => {
    const bad = `${epssCsv.toString()}CVE-2024-1,0.5,0.5\n`;
    rig.mirror.routes.set('/e.csv', { body: bad, etag: '"e1"' });
    const env = { PATCHLINE_FEED_EPSS_URL: `${rig.mirror.url}/e.csv` };

    const [first] = await syncEnrichment(rig.store, { sources: ['epss'] }, rig.deps(env));
    const [second] = await syncEnrichment(rig.store, { sources: ['epss'] }, rig.deps(env));

    expect(first).toMatchObject({ status: 'partial', rows: 6, skipped: 1 });
    expect(first?.diagnostics[0]?.location).toEqual({ file: `${rig.mirror.url}/e.csv`, line: 9 });
    expect(first?.diagnostics[0]?.message).toBe('EPSS row skipped: "CVE-2024-1" is not a CVE id');
    expect(second?.status).toBe('partial');
    expect(headersOf('/e.csv')[1]?.['if-none-match']).toBeUndefined();
  });

  it('reports a failing source without stopping the other', async () => {
    rig.mirror.routes.set('/kev.json', { body: '', status: 404 });

    const r = await syncEnrichment(rig.store, {}, rig.deps());

    expect(r.map((x) => x.status)).toEqual(['failed', 'ok']);
    expect(r[0]?.error).toContain('HTTP 404');
  });

  it('refuses a body over the size limit, naming the variable', async () => {
    const [r] = await syncEnrichment(
      rig.store,
      { sources: ['kev'] },
      rig.deps({ PATCHLINE_FEED_KEV_MAX_BYTES: '1K' }),
    );

    expect(r?.status).toBe('failed');
    expect(r?.error).toContain('PATCHLINE_FEED_KEV_MAX_BYTES');
  });

  it('follows the "current" name to the dated file, conditionally on the next sync', async () => {
    rig.mirror.routes.set('/epss_scores-current.csv.gz', {
      body: '',
      respond: redirect('/epss_scores-2026-12-06.csv.gz'),
    });
    rig.mirror.routes.set('/epss_scores-2026-12-06.csv.gz', {
      body: gzipSync(epssCsv),
      etag: '"d6"',
    });

    const [first] = await syncEnrichment(rig.store, { sources: ['epss'] }, rig.deps());
    const [second] = await syncEnrichment(rig.store, { sources: ['epss'] }, rig.deps());

    expect([first?.status, second?.status]).toEqual(['ok', 'unchanged']);
    expect(headersOf('/epss_scores-2026-12-06.csv.gz')[1]?.['if-none-match']).toBe('"d6"');
  });

  it('stops a gzip bomb at the size limit after decompression', async () => {
    const bomb = gzipSync(Buffer.concat([epssCsv, Buffer.alloc(8 * 1024 * 1024, 0x30)]));
    rig.mirror.routes.set('/epss_scores-current.csv.gz', { body: bomb });

    const [r] = await syncEnrichment(
      rig.store,
      { sources: ['epss'] },
      rig.deps({ PATCHLINE_FEED_MAX_BYTES: '1M' }),
    );

    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(r?.status).toBe('failed');
    expect(r?.error).toContain('PATCHLINE_FEED_MAX_BYTES');
  });

  it.each`
    env                                       | maxBytes
    ${{}}                                     | ${64 * 1024 ** 2}
    ${{ PATCHLINE_FEED_MAX_BYTES: '2G' }}     | ${2 * 1024 ** 3}
    ${{ PATCHLINE_FEED_KEV_MAX_BYTES: '1M' }} | ${1024 ** 2}
  `('caps a KEV download at $maxBytes bytes with $env', ({ env, maxBytes }) => {
    expect(enrichmentFetchLimits(env, 'kev').maxBytes).toBe(maxBytes);
  });

  it.each`
    opts                                               | message
    ${{ sources: ['nvd'] }}                            | ${'unknown enrichment source "nvd" (known: kev, epss)'}
    ${{ url: 'http://x/kev.json' }}                    | ${'--url needs exactly one SOURCE'}
    ${{ sources: ['kev'], url: 'file:///tmp/k.json' }} | ${'URL must be http(s)'}
  `('refuses $opts before fetching', async ({ opts, message }) => {
    await expect(syncEnrichment(rig.store, opts, rig.deps())).rejects.toThrow(message);
    expect(rig.mirror.requests).toEqual([]);
  });

  describe('import', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'patchline-enrich-import-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports a gzipped EPSS file and a KEV catalog, shown by status', async () => {
      const gz = join(dir, 'epss_scores-2026-12-06.csv.gz');
      writeFileSync(gz, gzipSync(epssCsv));

      const e = await importEnrichmentFile(rig.store, 'epss', gz);
      const k = await importEnrichmentFile(
        rig.store,
        'kev',
        join(fixtures, 'known_exploited_vulnerabilities.json'),
      );

      expect([e.rows, k.rows]).toEqual([6, 4]);
      expect(
        await enrichmentStatus(rig.store, fixedClock('2026-12-07T11:00:00.000Z')),
      ).toMatchObject([
        { source: 'kev', rows: 4, version: '2026.12.05', ageSeconds: 3600 },
        {
          source: 'epss',
          rows: 6,
          version: 'v2025.03.14',
          documentDate: '2026-12-06T00:00:00+0000',
        },
      ]);
      expect((await rig.store.enrichment.documents())[0]?.url).toMatch(
        /^file:\/\/.*epss_scores-2026-12-06\.csv\.gz$/,
      );
    });

    it('refuses a file over the input limit', async () => {
      await expect(
        importEnrichmentFile(
          rig.store,
          'kev',
          join(fixtures, 'known_exploited_vulnerabilities.json'),
          {
            maxInputBytes: 100,
          },
        ),
      ).rejects.toThrow('PATCHLINE_MAX_INPUT_BYTES');
    });
  });
});
