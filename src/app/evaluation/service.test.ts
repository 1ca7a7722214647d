import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceAdvisory } from '../../../test/advisories.js';
import type { Advisory } from '../../domain/advisory.js';
import { useDemoStore } from '../testing/demo-store.js';
import { sampleEstateDir } from '../estate.js';
import { importInventoryFile } from '../import-inventory.js';
import { EvaluationService, type FleetEvaluation } from './index.js';

const image = 'debian12-base@2026.11.1';
// The image ships openssl 3.0.19-1~deb12u2; web-01 drifted back to 3.0.11-1~deb12u2.
const versions = ['3.0.11-1~deb12u2', '3.0.13-1~deb12u1', '3.0.19-1~deb12u2', '3.0.21-1~deb12u1'];

const demo = useDemoStore('service');

/** Everything a reader can see of an evaluation, in a comparable form. */
function contents(ev: FleetEvaluation) {
  const out: Record<string, unknown> = {};
  for (const a of ev.assets()) {
    const row = (f: { origin: string; advisory: string; package: string; status: string }) =>
      [f.origin, f.advisory, f.package, f.status, JSON.stringify(f)].join(' ');
    out[a.name] = {
      view: a,
      findings: ev.findingsOf(a.id).map(row).sort(),
      regressed: ev.regressedOf(a.id).map(row).sort(),
      counts: ev.countsOf(a.id),
      except: [...ev.lineageOf(a.id).except].sort(),
    };
  }
  return {
    assets: out,
    notAssessed: ev.notAssessed(),
    summary: { ...ev.summary(), generation: 0 },
  };
}

async function importClone(name: string, openssl: string): Promise<void> {
  const text = readFileSync(join(sampleEstateDir, 'debian12-base.status'), 'utf8').replaceAll(
    'Version: 3.0.19-1~deb12u2',
    `Version: ${openssl}`,
  );
  const file = join(demo.dir, `${name}.status`);
  writeFileSync(file, text);
  await importInventoryFile(demo.store, { name, file, imageVersion: image, actor: 'test' });
}

const arbAdvisory = fc
  .record({
    id: fc.constantFrom('T-1', 'T-2', 'T-3'),
    fixed: fc.constantFrom(...versions),
    pkg: fc.constantFrom('openssl', 'zlib'),
    severity: fc.constantFrom('critical' as const, 'low' as const),
  })
  .map((a): Advisory =>
    sourceAdvisory(a.id, a.fixed, { package: a.pkg, severity: a.severity, source: 'prop' }),
  );
const arbOp = fc.oneof(
  arbAdvisory.map((a) => ({ put: a, stored: false })),
  arbAdvisory.map((a) => ({ put: a, stored: true })),
  fc.constantFrom('T-1', 'T-2', 'T-3').map((id) => ({ withdraw: id })),
  fc.record({ clone: fc.constantFrom('web-02', 'web-08'), openssl: fc.constantFrom(...versions) }),
);

describe('app/evaluation/service', () => {
  it('stays equal to a fresh evaluation through advisory and inventory changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbOp, { minLength: 1, maxLength: 5 }), async (ops) => {
        const service = await EvaluationService.open(demo.store);
        const model = new Map(
          (await demo.store.advisories.all()).map((a) => [`${a.source}/${a.id}`, a]),
        );
        for (const op of ops) {
          if ('put' in op) {
            model.set(`prop/${op.put.id}`, op.put);
            if (!op.stored) service.applyAdvisories({ put: [op.put] });
            else {
              await demo.store.advisories.upsertMany([op.put], {
                rawPayloadId: null,
                parserVersion: '1',
              });
              await service.refreshAdvisories([{ source: 'prop', id: op.put.id }]);
            }
          } else if ('withdraw' in op) {
            model.delete(`prop/${op.withdraw}`);
            service.applyAdvisories({ remove: [{ source: 'prop', id: op.withdraw }] });
          } else {
            await importClone(op.clone, op.openssl);
            const id = (await demo.store.assets.findByName(op.clone))!.id;
            const change = await service.refreshAssets([id]);
            expect(change.assets).toContain(id);
          }
          const fresh = await EvaluationService.open(demo.store, {
            advisories: [...model.values()],
          });
          expect(contents(service.current())).toEqual(contents(fresh.current()));
        }
      }),
      { numRuns: 12 },
    );
  });

  it('names the assets a change may have altered: holders of the package and their clones', async () => {
    const service = await EvaluationService.open(demo.store);
    const names = async (ids: readonly string[]) =>
      [...(await demo.store.assets.getMany(ids)).values()].map((a) => a.name);

    const onOpenssl = service.applyAdvisories({
      put: [sourceAdvisory('S-1', '3.0.99-1', { source: 'scope' })],
    });
    const onNothing = service.applyAdvisories({
      put: [sourceAdvisory('S-2', '1.0', { source: 'scope', package: 'no-such-package' })],
    });

    expect([...(await names(onOpenssl.assets))]).toEqual(
      expect.arrayContaining([image, 'web-01', 'web-02']),
    );
    expect([...(await names(onOpenssl.assets))]).not.toContain('db-01');
    expect(onOpenssl.assets).toContain(onOpenssl.first);
    expect(onNothing.assets).toEqual([]);
    expect(onNothing.first).toBeUndefined();
    expect(onNothing.generation).toBe(onOpenssl.generation + 1);
  });

  it('refuses reads of a superseded evaluation with CONFLICT', async () => {
    const service = await EvaluationService.open(demo.store);
    const before = service.current();
    const id = before.asset('web-01')!.id;
    const held = before.findingsOf(id);

    service.applyAdvisories({ put: [sourceAdvisory('S-3', '3.0.99-1', { source: 'scope' })] });

    expect(() => before.findingsOf(id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => [...before.assets()]).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(Object.isFrozen(held) && Object.isFrozen(held[0])).toBe(true);
    expect(service.current().findingsOf(id).length).toBe(held.length + 3);
  });

  it('names each finding after its asset: the engine finding’s keys in order, then the asset’s', async () => {
    const ev = (await EvaluationService.open(demo.store)).current();
    const [f] = ev.findingsOf(ev.asset('web-01')!.id);

    expect(Object.keys(f!).slice(0, 2)).toEqual(['asset', 'advisory']);
    expect(Object.keys(f!).slice(-4)).toEqual(['kind', 'platform', 'image', 'origin']);
    expect(f).toMatchObject({ asset: 'web-01', kind: 'host', image, platform: 'debian:12' });
    expect(Object.isFrozen(f)).toBe(true);
  });

  it('evaluates only the named assets and their image versions when scoped', async () => {
    const ev = (await EvaluationService.open(demo.store, { assets: ['web-01'] })).current();

    expect([...ev.assets()].map((a) => a.name)).toEqual([image, 'web-01']);
    expect(() => ev.findingsOf('no-such-id')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it.each`
    asset          | origins
    ${image}       | ${['image']}
    ${'web-01'}    | ${['inherited', 'introduced']}
    ${'db-01'}     | ${['host']}
    ${'desk-0042'} | ${['host']}
  `('gives $asset’s findings the origins $origins', async ({ asset, origins }) => {
    const ev = (await EvaluationService.open(demo.store)).current();

    const found = ev.findingsOf(ev.asset(asset as string)!.id).map((f) => f.origin);

    expect([...new Set(found)].sort()).toEqual(origins);
  });
});
