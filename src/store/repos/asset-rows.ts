import type { ExpressionBuilder, Selectable } from 'kysely';
import type { AssetKind, Labels } from '../../domain/asset.js';
import type { AssetsTable, Database } from '../schema.js';
import type { AssetRecord } from '../types.js';

export function toAssetRecord(row: Selectable<AssetsTable>): AssetRecord {
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
    retiredAt: row.retired_at,
    retiredReason: row.retired_reason,
  };
}

/**
 * Keeps live assets, and retired image versions that live clones still point at: those clones
 * inherit the image's findings and clocks, so evaluation must still see the image.
 */
export function liveOrLineage(eb: ExpressionBuilder<Database & { a: AssetsTable }, 'a'>) {
  return eb.or([
    eb('a.retired_at', 'is', null),
    eb.and([
      eb('a.kind', '=', 'image'),
      eb.exists(
        eb
          .selectFrom('assets as c')
          .select('c.id')
          .whereRef('c.cloned_from', '=', 'a.id')
          .where('c.retired_at', 'is', null),
      ),
    ]),
  ]);
}
