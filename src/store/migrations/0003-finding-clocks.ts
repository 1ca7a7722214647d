import type { Kysely } from 'kysely';

/**
 * SLA clocks and daily compliance snapshots (docs/decisions/0040-sla-clocks.md). A clock row is
 * keyed per image version finding, or per host finding only when the host introduced it, so
 * clones share their image's rows. Row shapes: `repos/finding-clocks.ts`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('finding_clocks')
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('advisory', 'text', (c) => c.notNull())
    .addColumn('package', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('fixed_at', 'text')
    .addPrimaryKeyConstraint('finding_clocks_pk', ['asset_id', 'advisory', 'package'])
    .execute();
  await db.schema
    .createTable('compliance_snapshots')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('group_kind', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('policy_hash', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('compliance_snapshots_pk', ['day', 'group_kind', 'group_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['compliance_snapshots', 'finding_clocks']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
