import type { AssetKind, Labels } from '../../domain/asset.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { AssetInput, AssetRecord, AssetRepository, AssetSummary } from '../types.js';
import { countClones, deleteAsset, retireAsset } from './asset-lifecycle.js';
import { liveOrLineage, toAssetRecord } from './asset-rows.js';
import { chunks, type RepoContext } from './context.js';

/** Assets (hosts and image versions), unique by name. */
export function assetRepository(ctx: RepoContext): AssetRepository {
  return {
    get: async (id) => (await getMany(ctx, [id])).get(id),
    getMany: (ids) => getMany(ctx, ids),
    findByName: async (name) => (await findManyByName(ctx, [name])).get(name),
    findManyByName: (names) => findManyByName(ctx, names),
    upsert: async (input) => (await upsertMany(ctx, [input]))[0]!,
    upsertMany: (inputs) => upsertMany(ctx, inputs),
    list: (filter) => list(ctx, filter?.kind, filter?.includeRetired === true, filter?.name),
    retire: (id, opts) => retireAsset(ctx, id, opts?.reason ?? null),
    countClones: (id) => countClones(ctx, id),
    delete: (id, opts) => deleteAsset(ctx, id, opts?.force === true),
  };
}

async function getMany(
  ctx: RepoContext,
  ids: readonly string[],
): Promise<Map<string, AssetRecord>> {
  const out = new Map<string, AssetRecord>();
  for (const part of chunks([...new Set(ids)], 500)) {
    const rows = await ctx.db.selectFrom('assets').selectAll().where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, toAssetRecord(r));
  }
  return out;
}

async function findManyByName(
  ctx: RepoContext,
  names: readonly string[],
): Promise<Map<string, AssetRecord>> {
  const out = new Map<string, AssetRecord>();
  for (const part of chunks([...new Set(names)], 500)) {
    const rows = await ctx.db.selectFrom('assets').selectAll().where('name', 'in', part).execute();
    for (const r of rows) out.set(r.name, toAssetRecord(r));
  }
  return out;
}

/**
 * Creates or updates each asset by name: one lookup, then one multi-row upsert per run of inputs
 * that set the same fields (absent fields must keep their stored values, so they cannot share
 * a statement with inputs that set them).
 */
async function upsertMany(ctx: RepoContext, inputs: readonly AssetInput[]): Promise<AssetRecord[]> {
  if (new Set(inputs.map((i) => i.name)).size !== inputs.length) {
    throw new Error('upsertMany: a name appears twice in one batch');
  }
  const existing = await findManyByName(
    ctx,
    inputs.map((i) => i.name),
  );
  for (const input of inputs) {
    const found = existing.get(input.name);
    if (found && found.kind !== input.kind) {
      throw new AppError(
        ErrorCode.Conflict,
        `asset ${input.name} is a ${found.kind}, not a ${input.kind}`,
        { location: { record: input.name } },
      );
    }
  }
  const now = ctx.clock.now().toISOString();
  const rows = new Map<string, AssetRecord>();
  for (const run of runsBy(inputs, (i) => Object.keys(fieldsOf(i)).join())) {
    for (const part of chunks(run, 50)) {
      const columns = Object.keys(fieldsOf(part[0]!)) as (keyof Fields)[];
      const got = await ctx.db
        .insertInto('assets')
        .values(part.map((input) => newRow(ctx, input, now)))
        .onConflict((oc) =>
          oc.column('name').doUpdateSet((eb) => ({
            ...Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])),
            updated_at: now,
          })),
        )
        .returningAll()
        .execute();
      for (const r of got) rows.set(r.name, toAssetRecord(r));
    }
  }
  return inputs.map((i) => rows.get(i.name)!);
}

type Fields = ReturnType<typeof fieldsOf>;

/** The columns an input sets; the rest keep their stored values on update. */
function fieldsOf(input: AssetInput) {
  return {
    ...(input.platform !== undefined && { platform: input.platform }),
    ...(input.labels !== undefined && { labels: JSON.stringify(sortedLabels(input.labels)) }),
    ...(input.image !== undefined && {
      image_name: input.image?.name ?? null,
      image_version: input.image?.version ?? null,
    }),
    ...(input.clonedFrom !== undefined && { cloned_from: input.clonedFrom }),
    ...(input.clonedAt !== undefined && { cloned_at: input.clonedAt }),
    ...(input.provenanceVia !== undefined && { provenance_via: input.provenanceVia }),
  };
}

function newRow(ctx: RepoContext, input: AssetInput, now: string) {
  return {
    id: ctx.newId(),
    kind: input.kind,
    name: input.name,
    platform: null,
    labels: '{}',
    image_name: null,
    image_version: null,
    cloned_from: null,
    cloned_at: null,
    provenance_via: null,
    last_inventory_at: null,
    retired_at: null,
    retired_reason: null,
    ...fieldsOf(input),
    created_at: now,
    updated_at: now,
  };
}

/** Splits `items` into maximal runs of neighbours with the same `key`. */
function runsBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const runs: T[][] = [];
  let last: string | undefined;
  for (const item of items) {
    const k = key(item);
    if (k === last) runs[runs.length - 1]!.push(item);
    else runs.push([item]);
    last = k;
  }
  return runs;
}

async function list(
  ctx: RepoContext,
  kind: AssetKind | undefined,
  includeRetired: boolean,
  name?: string,
): Promise<AssetSummary[]> {
  let q = ctx.db
    .selectFrom('assets as a')
    .leftJoin('inventories as i', 'i.asset_id', 'a.id')
    .leftJoin('assets as img', 'img.id', 'a.cloned_from')
    .selectAll('a')
    .select(['i.package_count', 'img.name as image_version_name']);
  if (kind) q = q.where('a.kind', '=', kind);
  if (name !== undefined) q = q.where('a.name', '=', name);
  if (!includeRetired) q = q.where(liveOrLineage);
  // Sorted here by code unit: PostgreSQL's collation would order names differently from SQLite.
  const rows = (await q.execute()).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return rows.map((r) => ({
    ...toAssetRecord(r),
    imageVersion: r.image_version_name,
    packageCount: r.package_count,
  }));
}

function sortedLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}
