import type { Kysely } from 'kysely';

/**
 * Retired assets: `retired_at` is set while an asset is
 * retired, with the reason given. A retired asset keeps its inventory, clocks and audit events
 * but leaves the fleet listing that evaluation and reports read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assets').addColumn('retired_at', 'text').execute();
  await db.schema.alterTable('assets').addColumn('retired_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assets').dropColumn('retired_reason').execute();
  await db.schema.alterTable('assets').dropColumn('retired_at').execute();
}
