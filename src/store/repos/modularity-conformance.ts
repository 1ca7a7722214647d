import { describe, expect, it } from 'vitest';
import type { InstalledPackage, Inventory } from '../../domain/inventory.js';
import type { CurrentStore } from './vsphere-conformance.js';

/** One AlmaLinux 8 ruby build, as three inventories could report it. */
const nevra = {
  name: 'ruby-libs',
  version: '2.7.8-139.module_el8.8.0+3594+8c6e0e05',
  arch: 'x86_64',
  sourceName: 'ruby',
  sourceVersion: '2.7.8-139.module_el8.8.0+3594+8c6e0e05',
} as const;
const label = 'ruby:2.7:8080020230427102918:8c6e0e05';
const unreported: InstalledPackage = nevra;
const nonModular: InstalledPackage = { ...nevra, modularityLabel: '' };
const labeled: InstalledPackage = { ...nevra, modularityLabel: label };
const bash: InstalledPackage = {
  name: 'bash',
  version: '4.4.20-5.el8',
  arch: 'x86_64',
  sourceName: 'bash',
  sourceVersion: '4.4.20-5.el8',
};

const rpmInventory = (packages: readonly InstalledPackage[]): Inventory => ({
  format: 'rpm',
  platform: { family: 'almalinux', release: '8' },
  packages,
});

/**
 * The modularity label is kept as given: absent (the inventory did not say), `''` (not modular)
 * or a label, each a package of its own (docs/decisions/0012-module-streams.md).
 */
export function describeModularityConformance(current: CurrentStore): void {
  describe('package modularity labels', () => {
    it("round-trips '', no label and a label as three packages", async () => {
      const { store } = current();
      const a = await store.assets.upsert({ kind: 'host', name: 'alma-1' });

      await store.inventories.replace(a.id, rpmInventory([labeled, bash, nonModular, unreported]));

      expect((await store.inventories.get(a.id))?.packages).toEqual([
        bash,
        unreported,
        nonModular,
        labeled,
      ]);
      expect((await store.stats()).rows).toMatchObject({ packages: 4, package_set_entries: 4 });
    });

    it('stores a clone whose only change is a label as a delta, and reads it back', async () => {
      const { store } = current();
      const img = await store.assets.upsert({ kind: 'image', name: 'alma8@1' });
      await store.inventories.replace(img.id, rpmInventory([bash, unreported]));
      const host = await store.assets.upsert({ kind: 'host', name: 'h1', clonedFrom: img.id });

      const stored = await store.inventories.replace(host.id, rpmInventory([bash, labeled]), {
        baseAssetId: img.id,
      });

      expect(stored).toMatchObject({ form: 'delta', added: 0, removed: 0, changed: 1 });
      expect((await store.inventories.get(host.id))?.packages).toEqual([bash, labeled]);
      const [inv] = await store.fleet.inventories({ assetIds: [host.id] });
      expect(inv).toMatchObject({ added: [labeled], removed: [unreported] });
      const sets = await store.fleet.sets([inv!.baseSetId!]);
      expect(sets.get(inv!.baseSetId!)).toEqual([bash, unreported]);
      expect(sets.get(inv!.baseSetId!)![1]).not.toHaveProperty('modularityLabel');
    });

    it('keeps a list with labels apart from the same list without', async () => {
      const { store } = current();
      const a = await store.assets.upsert({ kind: 'host', name: 'a' });
      const b = await store.assets.upsert({ kind: 'host', name: 'b' });

      const plain = await store.inventories.replace(a.id, rpmInventory([bash, unreported]));
      const withLabel = await store.inventories.replace(b.id, rpmInventory([bash, nonModular]));

      expect(withLabel.contentHash).not.toBe(plain.contentHash);
      expect((await store.stats()).rows).toMatchObject({ package_sets: 2, packages: 3 });
    });
  });
}
