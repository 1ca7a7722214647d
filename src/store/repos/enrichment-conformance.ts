import { afterEach, beforeEach, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import type { EpssScore, KevEntry } from '../../domain/enrichment.js';
import type { Store } from '../types.js';
import type { EnrichmentDocumentInput } from './enrichment.js';

export interface EnrichmentStoreHarness {
  readonly store: Store;
  close(): Promise<void>;
}

const kev = (cve: string, dueDate = '2022-07-18'): KevEntry => ({
  cve,
  vendorProject: 'Red Hat',
  product: 'Polkit',
  name: 'Polkit Out-of-Bounds Read and Write',
  dateAdded: '2022-06-27',
  dueDate,
  ransomware: 'Unknown',
});

const doc = (over: Partial<EnrichmentDocumentInput> = {}): EnrichmentDocumentInput => ({
  version: '2026.12.05',
  documentDate: '2026-12-05T17:02:11.6375Z',
  url: 'http://127.0.0.1/kev.json',
  etag: '"a"',
  lastModified: null,
  sha256: 'ab'.repeat(32),
  skipped: 0,
  ...over,
});

/** The enrichment repository's contract, run against SQLite and PostgreSQL alike. */
export function runEnrichmentStoreConformance(
  open: (clock: FixedClock) => Promise<EnrichmentStoreHarness>,
): void {
  let h: EnrichmentStoreHarness;
  beforeEach(async () => {
    h = await open(fixedClock('2026-12-07T10:00:00.000Z'));
  });
  afterEach(async () => {
    await h.close();
  });

  it('stores KEV entries and their document, and replaces both on the next sync', async () => {
    await h.store.enrichment.replaceKev(doc(), [kev('CVE-2021-4034'), kev('CVE-2021-3156')]);

    await h.store.enrichment.replaceKev(doc({ version: '2026.12.06', skipped: 2 }), [
      kev('CVE-2021-3156', '2022-04-27'),
    ]);

    const got = await h.store.enrichment.kev(['CVE-2021-4034', 'CVE-2021-3156', 'CVE-2099-1']);
    expect([...got.values()]).toEqual([kev('CVE-2021-3156', '2022-04-27')]);
    expect(await h.store.enrichment.documents()).toEqual([
      {
        source: 'kev',
        ...doc({ version: '2026.12.06', skipped: 2 }),
        rows: 1,
        storedAt: '2026-12-07T10:00:00.000Z',
      },
    ]);
  });

  it('round-trips EPSS scores as numbers, over more CVEs than one statement holds', async () => {
    const scores: EpssScore[] = Array.from({ length: 1234 }, (_, i) => ({
      cve: `CVE-2024-${String(10000 + i)}`,
      epss: i / 1234,
      percentile: (i + 0.5) / 1234,
    }));

    await h.store.enrichment.replaceEpss(
      doc({ version: 'v2025.03.14', documentDate: '2026-12-06T00:00:00+0000' }),
      scores,
    );

    const got = await h.store.enrichment.epss(scores.map((s) => s.cve));
    expect(got.size).toBe(1234);
    expect(got.get('CVE-2024-10617')).toEqual(scores[617]);
    const [d] = await h.store.enrichment.documents();
    expect(d).toMatchObject({
      source: 'epss',
      rows: 1234,
      documentDate: '2026-12-06T00:00:00+0000',
    });
  });

  it('keeps the previous data when a replacement fails part way', async () => {
    await h.store.enrichment.replaceKev(doc(), [kev('CVE-2021-4034')]);

    const broken = h.store.enrichment.replaceKev(doc({ version: 'bad' }), [
      kev('CVE-2021-3156'),
      kev('CVE-2021-3156'),
    ]);

    await expect(broken).rejects.toMatchObject({ name: 'AppError' });
    expect([...(await h.store.enrichment.kev(['CVE-2021-4034', 'CVE-2021-3156'])).keys()]).toEqual([
      'CVE-2021-4034',
    ]);
    expect((await h.store.enrichment.documents())[0]?.version).toBe('2026.12.05');
  });

  it('keeps each source apart', async () => {
    await h.store.enrichment.replaceKev(doc(), [kev('CVE-2021-4034')]);
    await h.store.enrichment.replaceEpss(doc({ version: 'v2025.03.14' }), [
      { cve: 'CVE-2021-4034', epss: 0.5, percentile: 0.9 },
    ]);

    await h.store.enrichment.replaceEpss(doc({ version: 'v2025.03.14' }), []);

    expect((await h.store.enrichment.kev(['CVE-2021-4034'])).size).toBe(1);
    expect((await h.store.enrichment.epss(['CVE-2021-4034'])).size).toBe(0);
    expect((await h.store.enrichment.documents()).map((d) => [d.source, d.rows])).toEqual([
      ['epss', 0],
      ['kev', 1],
    ]);
  });
}
