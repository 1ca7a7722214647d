import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceAdvisory } from '../../test/advisories.js';
import { useDemoStore } from './testing/demo-store.js';
import { sampleEstateDir } from './estate.js';
import { evaluateStore } from './evaluation/index.js';
import { importInventoryFile } from './import-inventory.js';

// The image ships openssl 3.0.19-1~deb12u2; web-01 drifted back to 3.0.11-1~deb12u2.
const onlyOld = sourceAdvisory('DSA-OLD', '3.0.13-1~deb12u1');
const imageToo = sourceAdvisory('DSA-NEW', '3.0.20-1~deb12u1');

const demo = useDemoStore('eval', {
  per: 'test',
  seed: async (store, dir) => {
    const patched = readFileSync(join(sampleEstateDir, 'debian12-base.status'), 'utf8').replaceAll(
      'Version: 3.0.19-1~deb12u2',
      'Version: 3.0.21-1~deb12u1',
    );
    writeFileSync(join(dir, 'web-03.status'), patched);
    await importInventoryFile(store, {
      name: 'web-03',
      file: join(dir, 'web-03.status'),
      imageVersion: 'debian12-base@2026.11.1',
      actor: 'test',
    });
  },
});

describe('app/evaluate-fleet', () => {
  it('splits clone findings into inherited, introduced and regressed', async () => {
    const result = await evaluateStore(demo.store, { advisories: [onlyOld, imageToo] });
    const id = (name: string) => result.asset(name)!.id;
    const summary = (name: string) =>
      [...new Set(result.findingsOf(id(name)).map((f) => `${f.advisory}:${f.origin}`))].sort();

    expect(summary('debian12-base@2026.11.1')).toEqual(['DSA-NEW:image']);
    expect(summary('web-02')).toEqual(['DSA-NEW:inherited']);
    expect(summary('web-01')).toEqual(['DSA-NEW:inherited', 'DSA-OLD:introduced']);
    expect(result.findingsOf(id('web-03'))).toEqual([]);
    expect([...new Set(result.regressedOf(id('web-03')).map((f) => f.advisory))]).toEqual([
      'DSA-NEW',
    ]);
  });

  it('names the host, its platform and image on each finding', async () => {
    const result = await evaluateStore(demo.store, { advisories: [onlyOld] });

    const f = result.findingsOf(result.asset('web-01')!.id).find((x) => x.package === 'libssl3');

    expect(f).toMatchObject({
      asset: 'web-01',
      platform: 'debian:12',
      image: 'debian12-base@2026.11.1',
      installed: '3.0.11-1~deb12u2',
      fixed: '3.0.13-1~deb12u1',
      status: 'open',
      origin: 'introduced',
    });
  });
});
