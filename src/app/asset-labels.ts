import type { Labels } from '../domain/asset.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { AssetRecord, Store } from '../store/index.js';

export interface SetLabelsInput {
  readonly actor: string;
  /** Keys to set; `null` removes the key. */
  readonly set: Readonly<Record<string, string | null>>;
  /** Replace every label instead of merging. */
  readonly replace?: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Changes an asset's labels (which decide its tier and who may see it); audited with before/after. */
export function setAssetLabels(
  store: Store,
  name: string,
  input: SetLabelsInput,
): Promise<{ readonly asset: AssetRecord; readonly before: Labels }> {
  return store.transaction(async (tx) => {
    const found = await tx.assets.findByName(name);
    if (!found) {
      throw new AppError(ErrorCode.NotFound, `no asset named "${name}"`, {
        location: { record: name },
      });
    }
    const next: Record<string, string> = input.replace ? {} : { ...found.labels };
    for (const [k, v] of Object.entries(input.set)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    const asset = await tx.assets.upsert({ kind: found.kind, name: found.name, labels: next });
    await tx.audit.append({
      actor: input.actor,
      action: 'asset.labels',
      object: `asset:${asset.id}`,
      details: { name, before: found.labels, after: next, ...input.details },
    });
    return { asset, before: found.labels };
  });
}
