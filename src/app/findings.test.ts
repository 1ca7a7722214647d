import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceAdvisory } from '../../test/advisories.js';
import { useDemoStore } from './testing/demo-store.js';
import { sampleEstateDir } from './estate.js';
import { exposure, listFindings } from './findings.js';
import { importInventoryFile } from './import-inventory.js';

const demo = useDemoStore('findings', {
  per: 'test',
  seed: async (store) => {
    await store.advisories.upsertMany(
      [
        sourceAdvisory('DSA-9001-1', '3.0.13-1~deb12u1', {
          cves: ['CVE-2099-0001'],
          severity: 'high',
          source: 'debian-tracker',
        }),
        sourceAdvisory('DSA-9002-1', '3.0.20-1~deb12u1', {
          cves: ['CVE-2099-0002'],
          severity: 'critical',
          source: 'debian-tracker',
        }),
      ],
      { rawPayloadId: null, parserVersion: '1' },
    );
  },
});

describe('app/findings', () => {
  it.each`
    filter                                         | assets
    ${{ advisory: 'DSA-9001-1' }}                  | ${['web-01']}
    ${{ severity: 'critical' }}                    | ${['ad-01', 'debian12-base@2026.11.1', 'desk-0042', 'web-01', 'web-02']}
    ${{ asset: 'web-02' }}                         | ${['web-02']}
    ${{ asset: 'web-02', advisory: 'DSA-9001-1' }} | ${[]}
  `('filters by $filter', async ({ filter, assets }) => {
    const report = await listFindings(demo.store, filter);

    expect([...new Set(report.findings.map((f) => f.asset))].sort()).toEqual(assets);
  });

  it('refuses an unknown asset with NOT_FOUND', async () => {
    await expect(listFindings(demo.store, { asset: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('shows an image version’s blast radius through lineage', async () => {
    const e = await exposure(demo.store, 'cve-2099-0002');

    expect(e.advisories).toEqual(['DSA-9002-1']);
    expect(e.assets.map((a) => `${a.asset}:${a.origin}`).sort()).toEqual([
      'debian12-base@2026.11.1:image',
      'web-01:inherited',
      'web-02:inherited',
    ]);
    expect(e.images).toEqual([
      {
        image: 'debian12-base@2026.11.1',
        clones: 2,
        exposedClones: ['web-01', 'web-02'],
        fixedClones: [],
      },
    ]);
  });

  it('lists the image findings a clone fixed under origin regressed, and counts it fixed', async () => {
    const patched = readFileSync(join(sampleEstateDir, 'debian12-base.status'), 'utf8').replaceAll(
      'Version: 3.0.19-1~deb12u2',
      'Version: 3.0.21-1~deb12u1',
    );
    writeFileSync(join(demo.dir, 'web-03.status'), patched);
    await importInventoryFile(demo.store, {
      name: 'web-03',
      file: join(demo.dir, 'web-03.status'),
      imageVersion: 'debian12-base@2026.11.1',
      actor: 'test',
    });

    const regressed = await listFindings(demo.store, {
      origin: 'regressed',
      advisory: 'dsa-9002-1',
    });
    const e = await exposure(demo.store, { query: 'Dsa-9002-1' });

    expect(regressed.findings.map((f) => `${f.asset}:${f.origin}`)).toEqual([
      'web-03:regressed',
      'web-03:regressed',
      'web-03:regressed',
    ]);
    expect(e.images[0]).toMatchObject({ clones: 3, fixedClones: ['web-03'] });
  });

  it('reports an unknown advisory or CVE as NOT_FOUND', async () => {
    await expect(exposure(demo.store, 'CVE-1999-0000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
