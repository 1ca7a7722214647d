import { performance } from 'node:perf_hooks';
import { importInventories, importInventory } from '../../src/app/import-inventory.js';
import type { InstalledPackage } from '../../src/domain/inventory.js';
import { packageIdentity, type DeltaHost } from '../../src/engine/fleet.js';
import type { Store } from '../../src/store/index.js';
import { comparePackages } from '../../src/store/package-set.js';
import type { Fleet } from './generate.js';

/**
 * A host's package list as an importer receives it: parsed from a document (JSON here), so each
 * string is flat. The generator's strings are concatenation ropes, which no parser produces and
 * which make every comparison walk the rope.
 */
export function hostPackages(h: DeltaHost): InstalledPackage[] {
  const gone = new Set(h.removed.map(packageIdentity));
  const list = [...h.base.packages.filter((p) => !gone.has(packageIdentity(p))), ...h.added];
  return JSON.parse(JSON.stringify(list.sort(comparePackages))) as InstalledPackage[];
}

/** Imports the fleet's image versions (templates) as images. */
export async function ingestImages(store: Store, fleet: Fleet): Promise<void> {
  await store.transaction(async (tx) => {
    for (const b of fleet.bases) {
      await importInventory(tx, {
        name: b.id,
        kind: 'image',
        inventory: { format: 'dpkg', platform: b.platform, packages: b.packages },
        actor: 'bench',
      });
    }
  });
}

/**
 * Imports `hosts` as clones with their lineage, in transactions of 500; returns the
 * milliseconds spent in the import calls (building each list is the generator's work).
 */
export async function ingestHosts(store: Store, hosts: readonly DeltaHost[]): Promise<number> {
  let ms = 0;
  const batch = 500;
  for (let i = 0; i < hosts.length; i += batch) {
    const inputs = hosts.slice(i, i + batch).map((h) => ({
      name: h.asset,
      inventory: { format: 'dpkg' as const, platform: h.base.platform, packages: hostPackages(h) },
      imageVersion: h.base.id,
      actor: 'bench',
    }));
    const t = performance.now();
    const outcomes = await store.transaction((tx) => importInventories(tx, inputs));
    ms += performance.now() - t;
    const refused = outcomes.find((o) => !o.ok);
    if (refused) throw refused.error;
  }
  return ms;
}

export async function ingestAdvisories(store: Store, fleet: Fleet): Promise<void> {
  for (let i = 0; i < fleet.advisories.length; i += 2000) {
    await store.advisories.upsertMany(fleet.advisories.slice(i, i + 2000), {
      rawPayloadId: null,
      parserVersion: '1',
    });
  }
}
