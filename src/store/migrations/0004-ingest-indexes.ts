import type { Kysely } from 'kysely';

/**
 * Drops the index of delta rows by package (docs/decisions/0006-bulk-ingest.md). Every imported
 * clone writes ~20 delta rows, and keeping that index meant a random B-tree insert per row: at
 * 100,000 hosts it cost a third of the ingest time. Nothing reads deltas by package (the
 * incremental engine keeps its own name index in memory), and packages are never deleted, so
 * the foreign key never needs it either.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inventory_deltas_package').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('inventory_deltas_package')
    .on('inventory_deltas')
    .column('package_id')
    .execute();
}
