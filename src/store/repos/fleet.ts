import type { InstalledPackage, InventoryFormat, WindowsState } from '../../domain/inventory.js';
import { parsePlatform } from '../../domain/platform.js';
import { comparePackages } from '../package-set.js';
import type { FleetInventory, FleetReader } from '../types.js';
import { liveOrLineage } from './asset-rows.js';
import type { RepoContext, StoredPackage } from './context.js';
import { loadSet, packageColumns, toPackage } from './packages.js';

/**
 * Reads every current inventory in its stored form, for fleet evaluation: full sets by id, and
 * deltas with their rows. Two queries over inventories and deltas, then one per distinct set:
 * a fleet of clones costs O(deltas + distinct sets), never O(hosts × packages).
 */
export function fleetReader(ctx: RepoContext): FleetReader {
  return {
    inventories: (filter) => inventories(ctx, filter?.assetIds, filter?.includeRetired === true),
    sets: (ids) => sets(ctx, ids),
  };
}

async function inventories(
  ctx: RepoContext,
  assetIds: readonly string[] | undefined,
  includeRetired: boolean,
): Promise<FleetInventory[]> {
  if (assetIds && assetIds.length === 0) return [];
  let query = ctx.db
    .selectFrom('inventories as i')
    .innerJoin('assets as a', 'a.id', 'i.asset_id')
    .selectAll('i')
    .orderBy('i.asset_id');
  if (assetIds) query = query.where('i.asset_id', 'in', [...assetIds]);
  if (!includeRetired) query = query.where(liveOrLineage);
  const rows = await query.execute();
  const ids = rows.map((r) => r.id);
  let deltaQuery = ctx.db
    .selectFrom('inventory_deltas as d')
    .innerJoin('packages as p', 'p.id', 'd.package_id')
    .select(['d.inventory_id', 'd.op', ...packageColumns]);
  if (assetIds) deltaQuery = deltaQuery.where('d.inventory_id', 'in', ids.length > 0 ? ids : [-1]);
  const deltas = await deltaQuery.execute();
  // Without an id filter every delta row comes back; those of retired assets are dropped here.
  const wanted = new Set(ids);
  const byInventory = new Map<number, { added: InstalledPackage[]; removed: InstalledPackage[] }>();
  for (const d of deltas) {
    if (!wanted.has(d.inventory_id)) continue;
    let entry = byInventory.get(d.inventory_id);
    if (!entry) {
      entry = { added: [], removed: [] };
      byInventory.set(d.inventory_id, entry);
    }
    (d.op === 'add' ? entry.added : entry.removed).push(withoutId(toPackage(d)));
  }
  return rows.map((r) => {
    const delta = byInventory.get(r.id);
    return {
      assetId: r.asset_id,
      format: r.format as InventoryFormat,
      platform: r.platform === null ? null : parsePlatform(r.platform),
      setId: r.set_id,
      baseSetId: r.base_set_id,
      added: (delta?.added ?? []).sort(comparePackages),
      removed: (delta?.removed ?? []).sort(comparePackages),
      ...(r.windows !== null && { windows: JSON.parse(r.windows) as WindowsState }),
      ...(r.running_kernel !== null && { runningKernel: r.running_kernel }),
    };
  });
}

async function sets(
  ctx: RepoContext,
  ids: Iterable<number>,
): Promise<Map<number, InstalledPackage[]>> {
  const out = new Map<number, InstalledPackage[]>();
  for (const id of new Set(ids)) {
    const set = await loadSet(ctx, id);
    out.set(id, [...set.values()].map(({ id: _id, ...p }) => p).sort(comparePackages));
  }
  return out;
}

function withoutId(p: StoredPackage): InstalledPackage {
  return {
    name: p.name,
    version: p.version,
    arch: p.arch,
    sourceName: p.sourceName,
    sourceVersion: p.sourceVersion,
    ...(p.modularityLabel !== undefined && { modularityLabel: p.modularityLabel }),
  };
}
