import type { Inventory, InventoryFormat, WindowsState } from '../../domain/inventory.js';
import { parsePlatform, formatPlatform } from '../../domain/platform.js';
import {
  canonicalHash,
  canonicalize,
  comparePackages,
  diffPackages,
  type PackageDelta,
  packageKey,
} from '../package-set.js';
import type { InventoryRepository, StoredInventory } from '../types.js';
import { chunks, type RepoContext, type StoredPackage } from './context.js';
import { ensurePackages, ensureSet, loadSet, packageColumns, toPackage } from './packages.js';
import type { Selectable } from 'kysely';
import type { InventoriesTable } from '../schema.js';

type InventoryRow = Selectable<InventoriesTable>;

/** Inventories as content-addressed sets, or as base + delta when the image version is known. */
export function inventoryRepository(ctx: RepoContext): InventoryRepository {
  return {
    replace: (assetId, inventory, opts) => replace(ctx, assetId, inventory, opts?.baseAssetId),
    get: (assetId) => get(ctx, assetId),
    describe: async (assetId) => {
      const row = await currentRow(ctx, assetId);
      return row && describeRow(row, { added: 0, removed: 0, changed: 0 });
    },
  };
}

async function replace(
  ctx: RepoContext,
  assetId: string,
  inventory: Inventory,
  baseAssetId: string | null | undefined,
): Promise<StoredInventory> {
  const list = canonicalize(inventory.packages);
  const packages = list.packages;
  const contentHash = canonicalHash(list);
  const importedAt = ctx.clock.now().toISOString();
  const baseSet = baseAssetId ? await fullSetOf(ctx, baseAssetId) : undefined;
  const baseSetId = baseSet?.id;
  // A clone identical to its image (most of them) needs no diff at all.
  const delta =
    baseSet === undefined
      ? undefined
      : baseSet.hash === contentHash
        ? noDelta
        : diffPackages(sortedSet(await loadSet(ctx, baseSet.id)), list);
  const useDelta = delta && delta.added.length + delta.removed.length <= packages.length;
  await removeCurrent(ctx, assetId);
  const row = {
    asset_id: assetId,
    format: inventory.format,
    platform: inventory.platform ? formatPlatform(inventory.platform) : null,
    package_count: packages.length,
    content_hash: contentHash,
    running_kernel: inventory.runningKernel ?? null,
    hostname: inventory.hostname ?? null,
    windows: inventory.windows ? JSON.stringify(inventory.windows) : null,
    imported_at: importedAt,
  };
  let inserted: InventoryRow;
  if (useDelta) {
    inserted = await ctx.db
      .insertInto('inventories')
      .values({ ...row, set_id: null, base_set_id: baseSetId! })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeDelta(ctx, inserted.id, delta.added, delta.removed);
  } else {
    const setId = await ensureSet(ctx, packages, contentHash);
    inserted = await ctx.db
      .insertInto('inventories')
      .values({ ...row, set_id: setId, base_set_id: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  await ctx.db
    .updateTable('assets')
    .set({ last_inventory_at: importedAt, updated_at: importedAt })
    .where('id', '=', assetId)
    .execute();
  if (!useDelta) return describeRow(inserted, { added: 0, removed: 0, changed: 0 });
  return describeRow(inserted, {
    added: delta.added.length - delta.changed,
    removed: delta.removed.length - delta.changed,
    changed: delta.changed,
  });
}

const noDelta: PackageDelta<StoredPackage> = { added: [], removed: [], changed: 0 };

/** The full set of an asset's inventory and its hash; undefined when none or itself a delta. */
async function fullSetOf(
  ctx: RepoContext,
  assetId: string,
): Promise<{ readonly id: number; readonly hash: string } | undefined> {
  const row = await ctx.db
    .selectFrom('inventories')
    .select(['set_id', 'content_hash'])
    .where('asset_id', '=', assetId)
    .executeTakeFirst();
  return row?.set_id == null ? undefined : { id: row.set_id, hash: row.content_hash };
}

async function writeDelta(
  ctx: RepoContext,
  inventoryId: number,
  added: Inventory['packages'],
  removed: readonly StoredPackage[],
): Promise<void> {
  const ids = await ensurePackages(ctx, added);
  const rows = [
    ...added.map((p) => ({ inventory_id: inventoryId, package_id: idOf(ids, p), op: 'add' })),
    ...removed.map((p) => ({ inventory_id: inventoryId, package_id: p.id, op: 'remove' })),
  ];
  for (const part of chunks(rows, 500)) {
    await ctx.db.insertInto('inventory_deltas').values(part).execute();
  }
}

function idOf(ids: ReadonlyMap<string, number>, p: Inventory['packages'][number]): number {
  const id = ids.get(packageKey(p));
  if (id === undefined) throw new Error(`package row missing after insert: ${p.name}`);
  return id;
}

async function removeCurrent(ctx: RepoContext, assetId: string): Promise<void> {
  const row = await currentRow(ctx, assetId);
  if (!row) return;
  await ctx.db.deleteFrom('inventory_deltas').where('inventory_id', '=', row.id).execute();
  await ctx.db.deleteFrom('inventories').where('id', '=', row.id).execute();
}

function currentRow(ctx: RepoContext, assetId: string): Promise<InventoryRow | undefined> {
  return ctx.db
    .selectFrom('inventories')
    .selectAll()
    .where('asset_id', '=', assetId)
    .executeTakeFirst();
}

async function get(ctx: RepoContext, assetId: string): Promise<Inventory | undefined> {
  const row = await currentRow(ctx, assetId);
  if (!row) return undefined;
  // Only base sets are worth keeping in memory; a host's own full set is read once.
  const setId = row.set_id ?? row.base_set_id!;
  const packages = new Map(await loadSet(ctx, setId, row.base_set_id !== null));
  if (row.base_set_id !== null) {
    const deltas = await ctx.db
      .selectFrom('inventory_deltas as d')
      .innerJoin('packages as p', 'p.id', 'd.package_id')
      .select(['d.op', ...packageColumns])
      .where('d.inventory_id', '=', row.id)
      .execute();
    for (const d of deltas) {
      const p = toPackage(d);
      if (d.op === 'add') packages.set(packageKey(p), p);
      else packages.delete(packageKey(p));
    }
  }
  const list = [...packages.values()].map(({ id: _id, ...p }) => p).sort(comparePackages);
  return toInventory(row, list);
}

function toInventory(row: InventoryRow, packages: Inventory['packages']): Inventory {
  return {
    format: row.format as InventoryFormat,
    platform: row.platform === null ? null : parsePlatform(row.platform),
    packages,
    ...(row.windows !== null && { windows: JSON.parse(row.windows) as WindowsState }),
    ...(row.running_kernel !== null && { runningKernel: row.running_kernel }),
    ...(row.hostname !== null && { hostname: row.hostname }),
  };
}

function describeRow(
  row: InventoryRow,
  counts: { added: number; removed: number; changed: number },
): StoredInventory {
  return {
    id: row.id,
    assetId: row.asset_id,
    form: row.set_id === null ? 'delta' : 'full',
    packageCount: row.package_count,
    contentHash: row.content_hash,
    ...counts,
    importedAt: row.imported_at,
  };
}

const sortedSets = new WeakMap<ReadonlyMap<string, StoredPackage>, StoredPackage[]>();

/** A loaded set in domain order; sets never change, so the order is kept with the set. */
function sortedSet(set: ReadonlyMap<string, StoredPackage>): StoredPackage[] {
  let sorted = sortedSets.get(set);
  if (!sorted) {
    sorted = [...set.values()].sort(comparePackages);
    sortedSets.set(set, sorted);
  }
  return sorted;
}
