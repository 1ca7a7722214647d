import type { InstalledPackage } from '../../domain/inventory.js';
import { formatPlatform } from '../../domain/platform.js';
import { packageIdentity, type BaseSet, type DeltaHost } from '../../engine/fleet.js';
import type { WholeHost } from '../../engine/incremental.js';
import type { FleetInventory, StoreRepos } from '../../store/index.js';

/**
 * The stored inventories of `assetIds` (every one when absent) in the engine's form: a delta
 * against its base set (an image version's, or a content-addressed set shared by identical
 * hosts), or a whole inventory where Windows or running-kernel rules need all of it. Base sets
 * are read once and shared by every host that names them.
 */
export async function readHosts(
  store: Pick<StoreRepos, 'fleet'>,
  assetIds?: readonly string[],
): Promise<(DeltaHost | WholeHost)[]> {
  const inventories = await store.fleet.inventories(
    assetIds === undefined ? undefined : { assetIds },
  );
  const setIds = inventories.flatMap((i) => [i.setId, i.baseSetId]).filter((x) => x !== null);
  const sets = await store.fleet.sets(setIds);
  const bases = new Map<string, BaseSet>();
  return inventories.map((inv) => toHost(inv, sets, bases));
}

function toHost(
  inv: FleetInventory,
  sets: ReadonlyMap<number, readonly InstalledPackage[]>,
  bases: Map<string, BaseSet>,
): DeltaHost | WholeHost {
  const setId = inv.setId ?? inv.baseSetId;
  const basePackages = setId === null ? [] : (sets.get(setId) ?? []);
  if (!inv.platform || inv.windows || inv.runningKernel !== undefined) {
    const gone = new Set(inv.removed.map(packageIdentity));
    const packages = [...basePackages.filter((p) => !gone.has(packageIdentity(p))), ...inv.added];
    return {
      asset: inv.assetId,
      inventory: {
        format: inv.format,
        platform: inv.platform,
        packages,
        ...(inv.windows && { windows: inv.windows }),
        ...(inv.runningKernel !== undefined && { runningKernel: inv.runningKernel }),
      },
    };
  }
  const id = `set:${setId}:${formatPlatform(inv.platform)}`;
  let base = bases.get(id);
  if (!base) bases.set(id, (base = { id, platform: inv.platform, packages: basePackages }));
  return { asset: inv.assetId, base, removed: inv.removed, added: inv.added };
}
