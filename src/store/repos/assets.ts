import type { Selectable } from 'kysely';
import type { AssetKind, Labels } from '../../domain/asset.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { AssetsTable } from '../schema.js';
import type { AssetInput, AssetRecord, AssetRepository, AssetSummary } from '../types.js';
import type { RepoContext } from './context.js';

/** Assets (hosts and image versions), unique by name. */
export function assetRepository(ctx: RepoContext): AssetRepository {
  return {
    get: async (id) => {
      const row = await ctx.db
        .selectFrom('assets')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    findByName: (name) => findByName(ctx, name),
    upsert: (input) => upsert(ctx, input),
    list: (filter) => list(ctx, filter?.kind),
  };
}

async function findByName(ctx: RepoContext, name: string): Promise<AssetRecord | undefined> {
  const row = await ctx.db
    .selectFrom('assets')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toRecord(row);
}

async function upsert(ctx: RepoContext, input: AssetInput): Promise<AssetRecord> {
  const now = ctx.clock.now().toISOString();
  const existing = await findByName(ctx, input.name);
  const fields = {
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
  if (existing) {
    if (existing.kind !== input.kind) {
      throw new AppError(
        ErrorCode.Conflict,
        `asset ${input.name} is a ${existing.kind}, not a ${input.kind}`,
        { location: { record: input.name } },
      );
    }
    const row = await ctx.db
      .updateTable('assets')
      .set({ ...fields, updated_at: now })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }
  const row = await ctx.db
    .insertInto('assets')
    .values({
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
      ...fields,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

async function list(ctx: RepoContext, kind?: AssetKind): Promise<AssetSummary[]> {
  let q = ctx.db
    .selectFrom('assets as a')
    .leftJoin('inventories as i', 'i.asset_id', 'a.id')
    .leftJoin('assets as img', 'img.id', 'a.cloned_from')
    .selectAll('a')
    .select(['i.package_count', 'img.name as image_version_name']);
  if (kind) q = q.where('a.kind', '=', kind);
  // Sorted here by code unit: PostgreSQL's collation would order names differently from SQLite.
  const rows = (await q.execute()).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return rows.map((r) => ({
    ...toRecord(r),
    imageVersion: r.image_version_name,
    packageCount: r.package_count,
  }));
}

function sortedLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function toRecord(row: Selectable<AssetsTable>): AssetRecord {
  return {
    id: row.id,
    kind: row.kind as AssetKind,
    name: row.name,
    platform: row.platform,
    labels: JSON.parse(row.labels) as Labels,
    image:
      row.image_name === null ? null : { name: row.image_name, version: row.image_version ?? '' },
    clonedFrom: row.cloned_from,
    clonedAt: row.cloned_at,
    provenanceVia: row.provenance_via,
    lastInventoryAt: row.last_inventory_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
