import type { InstalledPackage } from '../../domain/inventory.js';
import { packageKey } from '../package-set.js';
import { cachedSet, chunks, type RepoContext, type StoredPackage } from './context.js';

/**
 * Rows per multi-row insert: 6 parameters each stays well under SQLite's 32,766 and
 * PostgreSQL's 65,535 bind parameters.
 */
const insertBatch = 1_000;

/** Tuples per OR lookup, under SQLite's expression depth of 1,000. */
const lookupBatch = 200;

/**
 * Returns the row id of each package, inserting the tuples not yet stored. Touches only the
 * given tuples (one unique-index probe each), never the whole table, and none whose id this
 * store already saw committed: clones of one image add the same updated packages over and over.
 * The insert returns the ids of the rows it adds, so only tuples stored before are looked up.
 */
export async function ensurePackages(
  ctx: RepoContext,
  packages: readonly InstalledPackage[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const unknown = new Map<string, InstalledPackage>();
  for (const p of packages) {
    const key = packageKey(p);
    const id = ctx.committedPackages.get(key) ?? ctx.pendingPackages.get(key);
    if (id === undefined) unknown.set(key, p);
    else ids.set(key, id);
  }
  const found = (r: Parameters<typeof toPackage>[0]): void => {
    const key = packageKey(toPackage(r));
    ids.set(key, r.id);
    ctx.pendingPackages.set(key, r.id);
  };
  for (const part of chunks([...unknown.values()], insertBatch)) {
    const added = await ctx.db
      .insertInto('packages')
      .values(
        part.map((p) => ({
          name: p.name,
          version: p.version,
          arch: p.arch,
          source_name: p.sourceName,
          source_version: p.sourceVersion,
          modularity_label: p.modularityLabel ?? null,
        })),
      )
      // The unique key is an expression index (label NULL kept apart from ''): no column target.
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .execute();
    for (const r of added) found(r);
  }
  const stored = [...unknown].flatMap(([key, p]) => (ids.has(key) ? [] : [p]));
  for (const part of chunks(stored, lookupBatch)) {
    // An OR of equalities, not a row-value IN: SQLite scans the table for the latter.
    const rows = await ctx.db
      .selectFrom('packages')
      .selectAll()
      .where((eb) =>
        eb.or(
          part.map((p) =>
            eb.and({
              name: p.name,
              version: p.version,
              arch: p.arch,
              source_name: p.sourceName,
              source_version: p.sourceVersion,
              modularity_label: p.modularityLabel ?? null,
            }),
          ),
        ),
      )
      .execute();
    for (const r of rows) found(r);
  }
  return ids;
}

/**
 * Stores a canonical package list once: returns the id of the set with that hash, creating it
 * (and any new package rows) when it is new.
 */
export async function ensureSet(
  ctx: RepoContext,
  packages: readonly InstalledPackage[],
  hash: string,
): Promise<number> {
  const existing = await findSet(ctx, hash);
  if (existing !== undefined) return existing;
  const inserted = await ctx.db
    .insertInto('package_sets')
    .values({
      hash,
      package_count: packages.length,
      created_at: ctx.clock.now().toISOString(),
    })
    .onConflict((oc) => oc.column('hash').doNothing())
    .returning('id')
    .executeTakeFirst();
  // Another writer stored the same content first; theirs is complete once visible.
  if (!inserted) return (await findSet(ctx, hash))!;
  const ids = await ensurePackages(ctx, packages);
  for (const part of chunks(packages, insertBatch)) {
    await ctx.db
      .insertInto('package_set_entries')
      .values(part.map((p) => ({ set_id: inserted.id, package_id: ids.get(packageKey(p))! })))
      .execute();
  }
  return inserted.id;
}

async function findSet(ctx: RepoContext, hash: string): Promise<number | undefined> {
  const row = await ctx.db
    .selectFrom('package_sets')
    .select('id')
    .where('hash', '=', hash)
    .executeTakeFirst();
  return row?.id;
}

/** Columns of `packages as p` that `toPackage` reads. */
export const packageColumns = [
  'p.id',
  'p.name',
  'p.version',
  'p.arch',
  'p.source_name',
  'p.source_version',
  'p.modularity_label',
] as const;

/**
 * The packages of a set by key. Sets never change, so with `cache` (the default; meant for image
 * sets that clones are diffed against) the result is kept once the transaction commits.
 */
export async function loadSet(
  ctx: RepoContext,
  setId: number,
  cache = true,
): Promise<ReadonlyMap<string, StoredPackage>> {
  const hit = cachedSet(ctx, setId);
  if (hit) return hit;
  const rows = await ctx.db
    .selectFrom('package_set_entries as e')
    .innerJoin('packages as p', 'p.id', 'e.package_id')
    .select(packageColumns)
    .where('e.set_id', '=', setId)
    .execute();
  const set = new Map<string, StoredPackage>();
  for (const r of rows) {
    const p = toPackage(r);
    set.set(packageKey(p), p);
  }
  if (cache) ctx.pendingSets.set(setId, set);
  return set;
}

export function toPackage(r: {
  id: number;
  name: string;
  version: string;
  arch: string;
  source_name: string;
  source_version: string;
  modularity_label: string | null;
}): StoredPackage {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    arch: r.arch,
    sourceName: r.source_name,
    sourceVersion: r.source_version,
    ...(r.modularity_label !== null && { modularityLabel: r.modularity_label }),
  };
}
