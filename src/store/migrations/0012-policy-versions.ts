import type { Kysely } from 'kysely';

/**
 * Policies held in the store: immutable uploaded versions (numbered 1, 2, 3…), the one active
 * version, and waiver requests with one row per distinct approver. Row shapes:
 * `repos/policy-versions.ts`, `repos/waiver-requests.ts`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policy_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('content_hash', 'text', (c) => c.notNull().unique())
    .addColumn('policy_hash', 'text', (c) => c.notNull())
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .execute();
  await db.schema
    .createTable('policy_activation')
    .addColumn('slot', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().references('policy_versions.version'))
    .addColumn('activated_by', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('waiver_requests')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('compensating_control', 'text')
    .addColumn('expires', 'text', (c) => c.notNull())
    .addColumn('required_approvals', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema
    .createTable('waiver_approvals')
    .addColumn('seq', 'integer', (c) => c.notNull().references('waiver_requests.seq'))
    .addColumn('approver', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('waiver_approvals_pk', ['seq', 'approver'])
    .execute();
  await db.schema
    .createIndex('waiver_requests_state')
    .on('waiver_requests')
    .column('state')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['waiver_approvals', 'waiver_requests', 'policy_activation', 'policy_versions']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
