import { describe, expect, it } from 'vitest';
import type { InstalledPackage, Inventory } from '../../domain/inventory.js';
import type { Store } from '../types.js';
import type { CurrentStore } from './vsphere-conformance.js';

const packages: readonly InstalledPackage[] = [
  {
    name: 'bash',
    version: '5.2.15-2+b7',
    arch: 'amd64',
    sourceName: 'bash',
    sourceVersion: '5.2.15-2+b7',
  },
  {
    name: 'openssl',
    version: '3.0.15-1~deb12u1',
    arch: 'amd64',
    sourceName: 'openssl',
    sourceVersion: '3.0.15-1~deb12u1',
  },
];
const inventory = (extra: readonly InstalledPackage[] = []): Inventory => ({
  format: 'dpkg',
  platform: { family: 'debian', release: '12' },
  packages: [...packages, ...extra],
});
const nginx: InstalledPackage = {
  name: 'nginx',
  version: '1.22.1-9+deb12u1',
  arch: 'amd64',
  sourceName: 'nginx',
  sourceVersion: '1.22.1-9+deb12u1',
};

/** An image version with an inventory and `n` clones stored as deltas against it. */
async function imageWithClones(store: Store, n: number) {
  const img = await store.assets.upsert({ kind: 'image', name: 'deb12@1' });
  await store.inventories.replace(img.id, inventory());
  const clones = [];
  for (let i = 0; i < n; i++) {
    const h = await store.assets.upsert({ kind: 'host', name: `web-${i}`, clonedFrom: img.id });
    await store.inventories.replace(h.id, inventory([nginx]), { baseAssetId: img.id });
    clones.push(h);
  }
  return { img, clones };
}

/** Retiring and deleting assets: part of `runStoreConformance`. */
export function describeAssetLifecycleConformance(current: CurrentStore): void {
  describe('asset lifecycle', () => {
    it('retires an asset out of the listing and the fleet, keeping its inventory', async () => {
      const { store, clock } = current();
      const { clones } = await imageWithClones(store, 2);
      clock.advance(60_000);

      const retired = await store.assets.retire(clones[0]!.id, { reason: 'decommissioned' });

      expect(retired).toMatchObject({
        name: 'web-0',
        retiredAt: '2026-11-27T10:01:00.000Z',
        retiredReason: 'decommissioned',
      });
      expect((await store.assets.list()).map((a) => a.name)).toEqual(['deb12@1', 'web-1']);
      const all = await store.assets.list({ includeRetired: true, kind: 'host' });
      expect(all.map((a) => [a.name, a.retiredAt])).toEqual([
        ['web-0', '2026-11-27T10:01:00.000Z'],
        ['web-1', null],
      ]);
      const fleet = await store.fleet.inventories();
      expect(fleet.map((i) => i.assetId)).not.toContain(clones[0]!.id);
      expect(fleet).toHaveLength(2);
      expect(fleet.find((i) => i.assetId === clones[1]!.id)?.added).toEqual([nginx]);
      expect(
        (await store.fleet.inventories({ includeRetired: true })).map((i) => i.assetId),
      ).toContain(clones[0]!.id);
      expect((await store.inventories.get(clones[0]!.id))?.packages).toHaveLength(3);
      expect(await store.assets.findByName('web-0')).toMatchObject({
        retiredReason: 'decommissioned',
      });
    });

    it('leaves an already retired asset as it was', async () => {
      const { store, clock } = current();
      const a = await store.assets.upsert({ kind: 'host', name: 'old' });
      await store.assets.retire(a.id, { reason: 'first' });
      clock.advance(1000);

      const again = await store.assets.retire(a.id, { reason: 'second' });

      expect(again).toMatchObject({
        retiredAt: '2026-11-27T10:00:00.000Z',
        retiredReason: 'first',
      });
    });

    it('makes a retired asset live again when its inventory is replaced', async () => {
      const { store, clock } = current();
      const a = await store.assets.upsert({ kind: 'host', name: 'back' });
      await store.inventories.replace(a.id, inventory());
      await store.assets.retire(a.id, { reason: 'moved' });
      clock.advance(1000);

      const [stored, other] = await store.inventories.replaceMany([
        { assetId: a.id, inventory: inventory([nginx]) },
        {
          assetId: (await store.assets.upsert({ kind: 'host', name: 'x' })).id,
          inventory: inventory(),
        },
      ]);

      expect(stored?.unretired).toEqual({ at: '2026-11-27T10:00:00.000Z', reason: 'moved' });
      expect(other).not.toHaveProperty('unretired');
      expect(await store.assets.get(a.id)).toMatchObject({ retiredAt: null, retiredReason: null });
      expect((await store.assets.list()).map((x) => x.name)).toEqual(['back', 'x']);
    });

    it('keeps a retired image version that live clones still point at, for their lineage', async () => {
      const { store } = current();
      const { img, clones } = await imageWithClones(store, 2);
      await store.assets.retire(img.id, { reason: 'superseded' });

      const listed = async () => (await store.assets.list()).map((x) => x.name);
      const fleet = async () => (await store.fleet.inventories()).map((x) => x.assetId).sort();
      expect(await listed()).toEqual(['deb12@1', 'web-0', 'web-1']);
      expect(await fleet()).toEqual([img.id, clones[0]!.id, clones[1]!.id].sort());

      await store.assets.retire(clones[0]!.id);
      await store.assets.retire(clones[1]!.id);
      expect(await listed()).toEqual([]);
      expect(await fleet()).toEqual([]);
    });

    it('counts live and retired clones', async () => {
      const { store } = current();
      const { img, clones } = await imageWithClones(store, 3);
      await store.assets.retire(clones[1]!.id);

      expect(await store.assets.countClones(img.id)).toEqual({ live: 2, retired: 1 });
      expect(await store.assets.countClones(clones[0]!.id)).toEqual({ live: 0, retired: 0 });
    });

    it('deletes an asset with its inventory and clocks, keeping the audit log', async () => {
      const { store } = current();
      const a = await store.assets.upsert({ kind: 'host', name: 'gone' });
      await store.inventories.replace(a.id, inventory([nginx]));
      await store.clocks.put([
        {
          assetId: a.id,
          advisory: 'DSA-5532-1',
          package: 'openssl',
          severity: 'high',
          firstSeen: '2026-11-01T00:00:00.000Z',
          fixedAt: null,
        },
      ]);
      await store.audit.append({ actor: 't', action: 'inventory.import', object: `asset:${a.id}` });

      const deletion = await store.assets.delete(a.id);

      expect(deletion).toMatchObject({
        asset: { name: 'gone' },
        inventories: 1,
        detachedClones: 0,
        clocks: 1,
      });
      expect(await store.assets.get(a.id)).toBeUndefined();
      expect(await store.inventories.get(a.id)).toBeUndefined();
      expect(await store.clocks.all()).toEqual([]);
      expect(await store.audit.verify()).toEqual({ ok: true, count: 1 });
    });

    it('refuses to delete an image version with live clones, and says how many', async () => {
      const { store } = current();
      const { img, clones } = await imageWithClones(store, 3);
      await store.assets.retire(clones[2]!.id);
      const before = await store.stats();

      const attempt = store.assets.delete(img.id);

      await expect(attempt).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'deb12@1 is the image version of 2 live clones',
        details: { liveClones: 2 },
      });
      expect((await store.stats()).rows).toEqual(before.rows);
    });

    it('deletes an image version with clones when forced, and the clones keep their packages', async () => {
      const { store } = current();
      const { img, clones } = await imageWithClones(store, 2);
      await store.assets.retire(clones[1]!.id);

      const deletion = await store.assets.delete(img.id, { force: true });

      expect(deletion).toMatchObject({ inventories: 1, detachedClones: 2 });
      expect(await store.assets.get(clones[0]!.id)).toMatchObject({
        clonedFrom: null,
        provenanceVia: null,
      });
      expect((await store.inventories.get(clones[0]!.id))?.packages.map((p) => p.name)).toEqual([
        'bash',
        'nginx',
        'openssl',
      ]);
      expect((await store.assets.list({ includeRetired: true })).map((a) => a.name)).toEqual([
        'web-0',
        'web-1',
      ]);
    });

    it.each(['retire', 'delete'] as const)('%s of an unknown id is NOT_FOUND', async (op) => {
      const { store } = current();

      await expect(store.assets[op]('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}
