import { AppError, ErrorCode } from '../../domain/errors.js';
import type { AssetDeletion, AssetRecord, CloneCount } from '../types.js';
import { toAssetRecord } from './asset-rows.js';
import type { RepoContext } from './context.js';

/** Sets `retired_at` unless it is set already; see `AssetRepository.retire`. */
export async function retireAsset(
  ctx: RepoContext,
  id: string,
  reason: string | null,
): Promise<AssetRecord> {
  const now = ctx.clock.now().toISOString();
  const row = await ctx.db
    .updateTable('assets')
    .set({ retired_at: now, retired_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row) return toAssetRecord(row);
  return existing(ctx, id);
}

export async function countClones(ctx: RepoContext, id: string): Promise<CloneCount> {
  const rows = await ctx.db
    .selectFrom('assets')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.count<number | string>('retired_at').as('retired'),
    ])
    .where('cloned_from', '=', id)
    .executeTakeFirstOrThrow();
  const total = Number(rows.n);
  const retired = Number(rows.retired);
  return { live: total - retired, retired };
}

/** See `AssetRepository.delete`. */
export async function deleteAsset(
  ctx: RepoContext,
  id: string,
  force: boolean,
): Promise<AssetDeletion> {
  const asset = await existing(ctx, id);
  const clones = await countClones(ctx, id);
  if (clones.live > 0 && !force) {
    throw new AppError(
      ErrorCode.Conflict,
      `${asset.name} is the image version of ${clones.live} live clone${clones.live === 1 ? '' : 's'}`,
      { location: { record: asset.name }, details: { liveClones: clones.live } },
    );
  }
  const inventories = await ctx.db
    .deleteFrom('inventories')
    .where('asset_id', '=', id)
    .executeTakeFirst();
  const detached = await ctx.db
    .updateTable('assets')
    .set({ cloned_from: null, cloned_at: null, provenance_via: null })
    .where('cloned_from', '=', id)
    .executeTakeFirst();
  const clocks = await ctx.db
    .withTables<{ finding_clocks: { asset_id: string } }>()
    .deleteFrom('finding_clocks')
    .where('asset_id', '=', id)
    .executeTakeFirst();
  await ctx.db.deleteFrom('assets').where('id', '=', id).execute();
  return {
    asset,
    inventories: Number(inventories.numDeletedRows),
    detachedClones: Number(detached.numUpdatedRows),
    clocks: Number(clocks.numDeletedRows),
  };
}

async function existing(ctx: RepoContext, id: string): Promise<AssetRecord> {
  const row = await ctx.db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) {
    throw new AppError(ErrorCode.NotFound, `no asset with id ${id}`, { location: { record: id } });
  }
  return toAssetRecord(row);
}
