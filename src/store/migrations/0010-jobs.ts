import { sql, type Kysely } from 'kysely';

/**
 * Durable jobs (decision 0050): one row per job, whichever engine runs it, and one row per
 * schedule tick that fired, whose primary key makes a tick fire once across processes.
 * Instants are ISO 8601 text in UTC, so they compare as strings on both databases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('key', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('result', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('heartbeat_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_claim').on('jobs').columns(['state', 'run_at']).execute();
  await db.schema.createIndex('jobs_kind').on('jobs').columns(['kind', 'created_at']).execute();
  await db.schema
    .createIndex('jobs_live_key')
    .on('jobs')
    .column('key')
    .unique()
    .where(sql.ref('state'), 'in', sql`('queued', 'running')`)
    .execute();
  await db.schema
    .createTable('schedule_ticks')
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('tick', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('fired_at', 'text', (c) => c.notNull())
    .addColumn('fired_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('schedule_ticks_pk', ['schedule', 'tick'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('schedule_ticks').ifExists().execute();
  await db.schema.dropTable('jobs').ifExists().execute();
}
