import { AppError, ErrorCode } from '../domain/errors.js';
import type { AssetDeletion, AssetRecord, Store, StoreRepos } from '../store/index.js';

export interface LifecycleInput {
  /** Who acts (`cli:alice`), for the audit log. */
  readonly actor: string;
  readonly reason?: string;
}

export interface RetireResult {
  readonly asset: AssetRecord;
  /** False when the asset was retired already; nothing was changed or audited then. */
  readonly changed: boolean;
  /** Live clones still pointing at a retired image version (they stay in evaluation). */
  readonly liveClones: number;
}

/**
 * Retires the asset named `name`: it leaves the asset listing, evaluation and reports, and keeps
 * its inventory, clocks and audit trail. Audited as `asset.retire`. Importing an inventory under
 * the name again makes it live.
 */
export function retireAsset(
  store: Store,
  name: string,
  input: LifecycleInput,
): Promise<RetireResult> {
  return store.transaction(async (tx) => {
    const found = await named(tx, name);
    const liveClones = found.kind === 'image' ? (await tx.assets.countClones(found.id)).live : 0;
    if (found.retiredAt !== null) return { asset: found, changed: false, liveClones };
    const asset = await tx.assets.retire(found.id, { reason: input.reason ?? null });
    await tx.audit.append({
      actor: input.actor,
      action: 'asset.retire',
      object: `asset:${asset.id}`,
      reason: input.reason ?? null,
      details: { name: asset.name, kind: asset.kind, liveClones },
    });
    return { asset, changed: true, liveClones };
  });
}

/**
 * Deletes the asset named `name` with its inventory and clocks; audited as `asset.delete`. An
 * image version with live clones is refused (CONFLICT) unless `force`, which detaches them.
 */
export function deleteAsset(
  store: Store,
  name: string,
  input: LifecycleInput & { readonly force?: boolean },
): Promise<AssetDeletion> {
  return store.transaction(async (tx) => {
    const found = await named(tx, name);
    const deletion = await tx.assets.delete(found.id, { force: input.force === true });
    await tx.audit.append({
      actor: input.actor,
      action: 'asset.delete',
      object: `asset:${found.id}`,
      reason: input.reason ?? null,
      details: {
        name: found.name,
        kind: found.kind,
        inventories: deletion.inventories,
        detachedClones: deletion.detachedClones,
        clocks: deletion.clocks,
        forced: input.force === true,
      },
    });
    return deletion;
  });
}

async function named(tx: StoreRepos, name: string): Promise<AssetRecord> {
  const found = await tx.assets.findByName(name);
  if (!found) {
    throw new AppError(ErrorCode.NotFound, `no asset named ${name}`, {
      location: { record: name },
    });
  }
  return found;
}
