import type { Kysely } from 'kysely';

/**
 * The module stream of a Red Hat family modular fix (`ruby:3.1`), null for everything else
 * (docs/decisions/0012-module-streams.md). Without it a stored modular fix would apply across
 * streams.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('advisory_affected').addColumn('module', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('advisory_affected').dropColumn('module').execute();
}
