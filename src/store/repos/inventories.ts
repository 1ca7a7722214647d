import type {
  InstalledPackage,
  Inventory,
  InventoryFormat,
  WindowsState,
} from '../../domain/inventory.js';
import { parsePlatform, formatPlatform } from '../../domain/platform.js';
import {
  canonicalHash,
  canonicalize,
  comparePackages,
  diffAgainst,
  type HashedDelta,
  indexSet,
  type IndexedSet,
  packageKey,
  sortedUnique,
} from '../package-set.js';
import type { InventoryReplacement, InventoryRepository, StoredInventory } from '../types.js';
import { chunks, type RepoContext, type StoredPackage } from './context.js';
import { ensurePackages, ensureSet, loadSet, packageColumns, toPackage } from './packages.js';
import { sql, type Selectable } from 'kysely';
import type { InventoriesTable } from '../schema.js';

type InventoryRow = Selectable<InventoriesTable>;

/** Inventories as content-addressed sets, or as base + delta when the image version is known. */
export function inventoryRepository(ctx: RepoContext): InventoryRepository {
  return {
    replace: async (assetId, inventory, opts) =>
      (
        await replaceMany(ctx, [{ assetId, inventory, baseAssetId: opts?.baseAssetId ?? null }])
      )[0]!,
    replaceMany: (items) => replaceMany(ctx, items),
    get: (assetId) => get(ctx, assetId),
    describe: async (assetId) => {
      const row = await currentRow(ctx, assetId);
      return row && describeRow(row, { added: 0, removed: 0, changed: 0 });
    },
  };
}

/** One item of a batch, prepared in memory before anything is written. */
interface Prepared {
  readonly item: InventoryReplacement;
  readonly packages: readonly InstalledPackage[];
  readonly contentHash: string;
  /** Set when the inventory is stored as a delta to `baseSetId`. */
  readonly delta?: HashedDelta<StoredPackage>;
  readonly baseSetId?: number;
}

/**
 * Replaces the inventories of a batch of distinct assets with a handful of multi-row statements
 * whatever the batch size: the per-inventory cost is the diff walk, not round trips.
 */
async function replaceMany(
  ctx: RepoContext,
  items: readonly InventoryReplacement[],
): Promise<StoredInventory[]> {
  if (items.length === 0) return [];
  const assetIds = items.map((i) => i.assetId);
  if (new Set(assetIds).size !== assetIds.length) {
    throw new Error('replaceMany: an asset appears twice in one batch');
  }
  const importedAt = ctx.clock.now().toISOString();
  const bases = await baseSets(ctx, items);
  const prepared = items.map((item) => prepare(item, bases.get(item.baseAssetId ?? '')));
  await removeCurrent(ctx, assetIds);
  const rows = [];
  for (const p of prepared) {
    const setId = p.delta ? null : await ensureSet(ctx, p.packages, p.contentHash);
    rows.push({ ...rowOf(p, importedAt), set_id: setId, base_set_id: p.baseSetId ?? null });
  }
  const inserted = new Map<string, InventoryRow>();
  for (const part of chunks(rows, 80)) {
    const got = await ctx.db.insertInto('inventories').values(part).returningAll().execute();
    for (const r of got) inserted.set(r.asset_id, r);
  }
  await writeDeltas(ctx, prepared, inserted);
  const unretired = await touchAssets(ctx, assetIds, importedAt);
  return prepared.map((p) => {
    const row = inserted.get(p.item.assetId)!;
    const d = p.delta;
    const counts = d
      ? {
          added: d.added.length - d.changed,
          removed: d.removed.length - d.changed,
          changed: d.changed,
        }
      : { added: 0, removed: 0, changed: 0 };
    const was = unretired.get(p.item.assetId);
    return { ...describeRow(row, counts), ...(was && { unretired: was }) };
  });
}

/**
 * Stamps the import time on the assets and makes retired ones live again: a new inventory
 * means the machine is back. Returns the retirements it ended, by asset id.
 */
async function touchAssets(
  ctx: RepoContext,
  assetIds: readonly string[],
  importedAt: string,
): Promise<Map<string, { at: string; reason: string | null }>> {
  const unretired = new Map<string, { at: string; reason: string | null }>();
  for (const part of chunks(assetIds, 500)) {
    const retired = await ctx.db
      .selectFrom('assets')
      .select(['id', 'retired_at', 'retired_reason'])
      .where('id', 'in', part)
      .where('retired_at', 'is not', null)
      .execute();
    for (const r of retired) unretired.set(r.id, { at: r.retired_at!, reason: r.retired_reason });
    await ctx.db
      .updateTable('assets')
      .set({
        last_inventory_at: importedAt,
        updated_at: importedAt,
        ...(retired.length > 0 && { retired_at: null, retired_reason: null }),
      })
      .where('id', 'in', part)
      .execute();
  }
  return unretired;
}

function prepare(item: InventoryReplacement, base: BaseSet | undefined): Prepared {
  if (base === undefined) {
    const packages = sortedUnique(item.inventory.packages);
    return { item, packages, contentHash: canonicalHash(canonicalize(packages)) };
  }
  const delta = diffAgainst(base.index, item.inventory.packages);
  const { packages, hash: contentHash } = delta;
  // A delta larger than the list itself is worth less than a set of its own.
  if (delta.added.length + delta.removed.length > packages.length) {
    return { item, packages, contentHash };
  }
  return { item, packages, contentHash, delta, baseSetId: base.id };
}

function rowOf(p: Prepared, importedAt: string) {
  const inv = p.item.inventory;
  return {
    asset_id: p.item.assetId,
    format: inv.format,
    platform: inv.platform ? formatPlatform(inv.platform) : null,
    package_count: p.packages.length,
    content_hash: p.contentHash,
    running_kernel: inv.runningKernel ?? null,
    hostname: inv.hostname ?? null,
    windows: inv.windows ? JSON.stringify(inv.windows) : null,
    imported_at: importedAt,
  };
}

interface BaseSet {
  readonly id: number;
  readonly index: IndexedSet<StoredPackage>;
}

/** The full set of each base asset named in the batch; bases stored as deltas have none. */
async function baseSets(
  ctx: RepoContext,
  items: readonly InventoryReplacement[],
): Promise<Map<string, BaseSet>> {
  const ids = [...new Set(items.flatMap((i) => (i.baseAssetId ? [i.baseAssetId] : [])))];
  const out = new Map<string, BaseSet>();
  for (const part of chunks(ids, 500)) {
    const rows = await ctx.db
      .selectFrom('inventories')
      .select(['asset_id', 'set_id'])
      .where('asset_id', 'in', part)
      .where('set_id', 'is not', null)
      .execute();
    for (const r of rows) {
      const set = await loadSet(ctx, r.set_id!);
      out.set(r.asset_id, { id: r.set_id!, index: indexed(set) });
    }
  }
  return out;
}

async function writeDeltas(
  ctx: RepoContext,
  prepared: readonly Prepared[],
  inserted: ReadonlyMap<string, InventoryRow>,
): Promise<void> {
  const withDelta = prepared.filter((p) => p.delta !== undefined);
  const ids = await ensurePackages(
    ctx,
    withDelta.flatMap((p) => p.delta!.added),
  );
  const rows = withDelta.flatMap((p) => {
    const inventoryId = inserted.get(p.item.assetId)!.id;
    return [
      ...p.delta!.added.map((a) => ({
        inventory_id: inventoryId,
        package_id: idOf(ids, a),
        op: 'add',
      })),
      ...p.delta!.removed.map((r) => ({
        inventory_id: inventoryId,
        package_id: r.id,
        op: 'remove',
      })),
    ];
  });
  await insertDeltaRows(ctx, rows);
}

/** Delta rows per statement: a clone batch writes thousands. */
const deltaBatch = 20_000;

/**
 * Inserts delta rows with three bound values per statement (columns as arrays or one JSON
 * text) rather than three per row: building and binding tens of thousands of parameters cost
 * more than the database's own work.
 */
async function insertDeltaRows(
  ctx: RepoContext,
  rows: readonly { inventory_id: number; package_id: number; op: string }[],
): Promise<void> {
  for (const part of chunks(rows, deltaBatch)) {
    if (ctx.dialect === 'postgres') {
      await sql`insert into inventory_deltas (inventory_id, package_id, op)
        select * from unnest(${part.map((r) => r.inventory_id)}::integer[],
          ${part.map((r) => r.package_id)}::integer[], ${part.map((r) => r.op)}::text[])`.execute(
        ctx.db,
      );
    } else {
      const json = JSON.stringify(part.map((r) => [r.inventory_id, r.package_id, r.op]));
      await sql`insert into inventory_deltas (inventory_id, package_id, op)
        select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
        from json_each(${json})`.execute(ctx.db);
    }
  }
}

function idOf(ids: ReadonlyMap<string, number>, p: InstalledPackage): number {
  const id = ids.get(packageKey(p));
  if (id === undefined) throw new Error(`package row missing after insert: ${p.name}`);
  return id;
}

async function removeCurrent(ctx: RepoContext, assetIds: readonly string[]): Promise<void> {
  for (const part of chunks(assetIds, 500)) {
    const rows = await ctx.db
      .selectFrom('inventories')
      .select('id')
      .where('asset_id', 'in', part)
      .execute();
    if (rows.length === 0) continue;
    const ids = rows.map((r) => r.id);
    await ctx.db.deleteFrom('inventory_deltas').where('inventory_id', 'in', ids).execute();
    await ctx.db.deleteFrom('inventories').where('id', 'in', ids).execute();
  }
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

const indexes = new WeakMap<ReadonlyMap<string, StoredPackage>, IndexedSet<StoredPackage>>();

/** A loaded set indexed for diffing; sets never change, so the index is kept with the set. */
function indexed(set: ReadonlyMap<string, StoredPackage>): IndexedSet<StoredPackage> {
  let index = indexes.get(set);
  if (!index) {
    index = indexSet([...set.values()].sort(comparePackages));
    indexes.set(set, index);
  }
  return index;
}
