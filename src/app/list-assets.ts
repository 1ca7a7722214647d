import type { AssetKind, Labels } from '../domain/asset.js';
import type { StoreRepos } from '../store/index.js';

/** One asset as `patchline assets --json` prints it. */
export interface AssetListing {
  readonly id: string;
  readonly kind: AssetKind;
  readonly name: string;
  readonly platform: string | null;
  readonly labels: Labels;
  /** Id of the image version the asset was cloned from. */
  readonly clonedFrom: string | null;
  /** Name of that image version. */
  readonly imageVersion: string | null;
  readonly packageCount: number | null;
  readonly lastInventoryAt: string | null;
}

/** Lists assets by name, optionally of one kind. */
export async function listAssets(
  store: StoreRepos,
  filter: { readonly kind?: AssetKind } = {},
): Promise<readonly AssetListing[]> {
  const rows = await store.assets.list(filter);
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    name: a.name,
    platform: a.platform,
    labels: a.labels,
    clonedFrom: a.clonedFrom,
    imageVersion: a.imageVersion,
    packageCount: a.packageCount,
    lastInventoryAt: a.lastInventoryAt,
  }));
}
