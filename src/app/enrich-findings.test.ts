import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceAdvisory } from '../../test/advisories.js';
import { fixedClock } from '../domain/clock.js';
import type { Store } from '../store/index.js';
import { runDemo } from './demo.js';
import {
  enrichFinding,
  parseEpssMin,
  passesExploitFilter,
  type EnrichmentLookup,
} from './enrich-findings.js';
import { importEnrichmentFile } from './enrichment.js';
import { listFindings } from './findings.js';
import { openStore } from './open-store.js';
import { exposureFromStore } from './report.js';

const fixtures = join(import.meta.dirname, '../advisories/enrichment/__fixtures__');
let dir: string;

/** The demo estate plus three advisories: two on KEV-listed CVEs, one the vendor flags. */
async function demoStore(name: string): Promise<Store> {
  const store = await openStore(join(dir, name), fixedClock('2026-12-07T09:00:00Z'));
  await runDemo(store);
  await store.advisories.upsertMany(
    [
      // web-01 only (its openssl is older than the image's).
      sourceAdvisory('DSA-9001-1', '3.0.13-1~deb12u1', {
        cves: ['CVE-2021-4034', 'CVE-2021-3156'],
        source: 'debian-tracker',
      }),
      // Every Debian 12 asset.
      sourceAdvisory('DSA-9002-1', '3.0.20-1~deb12u1', {
        cves: ['CVE-2023-3446'],
        severity: 'critical',
        source: 'debian-tracker',
      }),
      {
        ...sourceAdvisory('DSA-9003-1', '3.0.20-1~deb12u1', {
          cves: ['CVE-2099-0003'],
          source: 'debian-tracker',
        }),
        knownExploited: true,
      },
    ],
    { rawPayloadId: null, parserVersion: '1' },
  );
  return store;
}

let store: Store;
let plain: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-enrich-findings-'));
  store = await demoStore('enriched.db');
  await importEnrichmentFile(store, 'kev', join(fixtures, 'known_exploited_vulnerabilities.json'));
  await importEnrichmentFile(store, 'epss', join(fixtures, 'epss_scores-2026-12-06.csv'));
  plain = await demoStore('plain.db');
});

afterAll(async () => {
  await store.close();
  await plain.close();
  rmSync(dir, { recursive: true, force: true });
});

const advisories = (r: { findings: readonly { advisory: string }[] }) =>
  [...new Set(r.findings.map((f) => f.advisory))].sort();

describe('app/enrich-findings', () => {
  it('marks findings from KEV and EPSS after evaluation, soonest KEV due date and highest score', async () => {
    const r = await listFindings(store, { asset: 'web-01', advisory: 'DSA-9001-1' });

    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(f.knownExploited).toBe(true);
      expect(f.kev).toEqual({
        cve: 'CVE-2021-3156',
        dateAdded: '2022-04-06',
        dueDate: '2022-04-27',
        ransomware: 'Unknown',
      });
      expect(f.epss).toEqual({ cve: 'CVE-2021-4034', epss: 0.86901, percentile: 0.9941 });
    }
  });

  it.each`
    filter                          | kept
    ${{}}                           | ${['DSA-9001-1', 'DSA-9002-1', 'DSA-9003-1']}
    ${{ kev: true }}                | ${['DSA-9001-1', 'DSA-9003-1']}
    ${{ epssMin: 0.5 }}             | ${['DSA-9001-1']}
    ${{ epssMin: 0.0019 }}          | ${['DSA-9001-1', 'DSA-9002-1']}
    ${{ epssMin: 0.002 }}           | ${['DSA-9001-1']}
    ${{ kev: true, epssMin: 0.95 }} | ${[]}
  `('filters web-01 by $filter', async ({ filter, kept }) => {
    const r = await listFindings(store, { asset: 'web-01', ...filter });

    expect(advisories(r).filter((a) => a.startsWith('DSA-900'))).toEqual(kept);
  });

  it('keeps only vendor-flagged findings for --kev while nothing is enriched', async () => {
    const r = await listFindings(plain, { kev: true });

    expect(advisories(r)).toEqual(['DSA-9003-1']);
    expect(r.findings.every((f) => f.kev === undefined && f.epss === undefined)).toBe(true);
  });

  it('sorts by EPSS, unscored last when descending', async () => {
    const r = await listFindings(store, {
      asset: 'web-01',
      sort: [{ field: 'epss', descending: true }],
    });

    expect(r.findings[0]?.advisory).toBe('DSA-9001-1');
    expect(r.findings.at(-1)?.epss).toBeUndefined();
  });

  it('filters the exposure report by KEV and EPSS', async () => {
    const all = await exposureFromStore(store);
    const kev = await exposureFromStore(store, undefined, { kev: true });
    const likely = await exposureFromStore(store, undefined, { epssMin: 0.9 });

    expect(all.advisories.length).toBeGreaterThan(3);
    expect(kev.advisories.map((a) => a.id).sort()).toEqual(['DSA-9001-1', 'DSA-9003-1']);
    expect(kev.cves.map((c) => c.id).sort()).toEqual([
      'CVE-2021-3156',
      'CVE-2021-4034',
      'CVE-2099-0003',
    ]);
    expect(likely.advisories).toEqual([]);
  });
});

describe('app/enrich-findings (pure)', () => {
  const lookup: EnrichmentLookup = { kevOf: () => undefined, epssOf: () => undefined };
  const finding = { cves: ['CVE-2099-1'] };

  it('leaves a finding no source knows as it was', () => {
    expect(enrichFinding(finding, lookup)).toBe(finding);
  });

  it.each`
    f                           | q                   | passes
    ${{}}                       | ${{}}               | ${true}
    ${{}}                       | ${{ kev: true }}    | ${false}
    ${{ knownExploited: true }} | ${{ kev: true }}    | ${true}
    ${{ epss: { epss: 0.5 } }}  | ${{ epssMin: 0.5 }} | ${true}
    ${{ epss: { epss: 0.49 } }} | ${{ epssMin: 0.5 }} | ${false}
    ${{}}                       | ${{ epssMin: 0 }}   | ${false}
  `('$f passes $q: $passes', ({ f, q, passes }) => {
    expect(passesExploitFilter(f, q)).toBe(passes);
  });

  it.each`
    text      | value
    ${'0.5'}  | ${0.5}
    ${'50%'}  | ${0.5}
    ${'0'}    | ${0}
    ${'1'}    | ${1}
    ${'7.5%'} | ${0.075}
  `('reads --epss-min $text as $value', ({ text, value }) => {
    expect(parseEpssMin(text)).toBeCloseTo(value, 10);
  });

  it.each(['', '%', 'x', '1.1', '-0.1', '150%', 'NaN'])('refuses --epss-min %j', (text) => {
    expect(() => parseEpssMin(text)).toThrow('a probability from 0 to 1');
  });
});
