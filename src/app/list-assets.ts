import type { AssetKind, Labels } from '../domain/asset.js';
import type { AssetRecord, StoreRepos } from '../store/index.js';

/** One asset as `patchline assets --json` prints it. */
export interface AssetListing {
  readonly id: string;
  readonly kind: AssetKind;
  readonly name: string;
  readonly platform: string | null;
  readonly labels: Labels;
  /** The template and version the asset was cloned from, when its lineage is known. */
  readonly clonedFrom: Lineage | null;
  readonly packageCount: number | null;
  readonly lastInventoryAt: string | null;
  /** Only on retired assets (listed with `includeRetired`). */
  readonly retiredAt?: string;
  readonly retiredReason?: string | null;
}

/** Where a host came from: the image-version asset and the template name and version it is. */
export interface Lineage {
  /** Asset id of the image version. */
  readonly id: string;
  /** Asset name of the image version, `template@version` by convention. */
  readonly name: string;
  readonly template: string;
  readonly version: string | null;
  /** How the lineage was learned: `declared`, `event`, `attribute`. */
  readonly via: string | null;
  readonly at: string | null;
}

/**
 * Lists live assets by name, optionally of one kind, with each clone's lineage resolved;
 * retired ones too, with their retirement, when `includeRetired`.
 */
export async function listAssets(
  store: StoreRepos,
  filter: {
    readonly kind?: AssetKind;
    readonly includeRetired?: boolean;
    /** Only the asset of this name. */
    readonly name?: string;
  } = {},
): Promise<readonly AssetListing[]> {
  const rows = await store.assets.list(filter);
  const images = new Map<string, AssetRecord | undefined>();
  for (const a of rows) {
    if (a.clonedFrom !== null && !images.has(a.clonedFrom)) {
      images.set(a.clonedFrom, await store.assets.get(a.clonedFrom));
    }
  }
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    name: a.name,
    platform: a.platform,
    labels: a.labels,
    clonedFrom: lineage(a, a.clonedFrom === null ? undefined : images.get(a.clonedFrom)),
    packageCount: a.packageCount,
    lastInventoryAt: a.lastInventoryAt,
    ...(a.retiredAt !== null && { retiredAt: a.retiredAt, retiredReason: a.retiredReason }),
  }));
}

function lineage(a: AssetRecord, image: AssetRecord | undefined): Lineage | null {
  if (a.clonedFrom === null || !image) return null;
  return {
    id: image.id,
    name: image.name,
    template: image.image?.name ?? image.name,
    version: image.image?.version ?? null,
    via: a.provenanceVia,
    at: a.clonedAt,
  };
}
