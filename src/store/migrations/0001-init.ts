import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import { dialectOf, type DialectId } from '../dialect.js';

/**
 * Initial schema: assets, content-addressed package sets with base+delta inventories, the
 * hash-chained audit log (append-only by trigger), and the advisory/feed tables the feed sync
 * fills. Row shapes are documented in `../schema.ts`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  await createAssetTables(db);
  await createInventoryTables(db, dialect);
  await createAuditLog(db, dialect);
  await createAdvisoryTables(db, dialect);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'feed_state',
    'advisory_affected',
    'advisories',
    'raw_payloads',
    'audit_events',
    'inventory_deltas',
    'inventories',
    'package_set_entries',
    'package_sets',
    'packages',
    'assets',
  ];
  for (const t of tables) await db.schema.dropTable(t).ifExists().execute();
  if (dialectOf(db) === 'postgres') {
    await sql`drop function if exists audit_events_refuse()`.execute(db);
  }
}

/** An integer surrogate key: rowid alias on SQLite, identity column on PostgreSQL. */
function withSerialId<T extends string>(
  b: CreateTableBuilder<T, never>,
  dialect: DialectId,
  name = 'id',
): CreateTableBuilder<T, never> {
  return b.addColumn(name, 'integer', (c) =>
    dialect === 'postgres'
      ? c.primaryKey().generatedByDefaultAsIdentity()
      : c.primaryKey().autoIncrement(),
  );
}

/** SQLite stores pure-key tables without the hidden rowid, which halves their size. */
function withoutRowid<T extends string>(
  b: CreateTableBuilder<T, never>,
  dialect: DialectId,
): CreateTableBuilder<T, never> {
  return dialect === 'sqlite' ? b.modifyEnd(sql`without rowid`) : b;
}

async function createAssetTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('platform', 'text')
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('image_name', 'text')
    .addColumn('image_version', 'text')
    .addColumn('cloned_from', 'text', (c) => c.references('assets.id'))
    .addColumn('cloned_at', 'text')
    .addColumn('provenance_via', 'text')
    .addColumn('last_inventory_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_cloned_from').on('assets').column('cloned_from').execute();
}

async function createInventoryTables(db: Kysely<unknown>, dialect: DialectId): Promise<void> {
  await withSerialId(db.schema.createTable('packages'), dialect)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('arch', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('source_version', 'text', (c) => c.notNull())
    .addUniqueConstraint('packages_tuple', [
      'name',
      'version',
      'arch',
      'source_name',
      'source_version',
    ])
    .execute();
  await withSerialId(db.schema.createTable('package_sets'), dialect)
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('package_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await withoutRowid(
    db.schema
      .createTable('package_set_entries')
      .addColumn('set_id', 'integer', (c) => c.notNull().references('package_sets.id'))
      .addColumn('package_id', 'integer', (c) => c.notNull().references('packages.id'))
      .addPrimaryKeyConstraint('package_set_entries_pk', ['set_id', 'package_id']),
    dialect,
  ).execute();
  await db.schema
    .createIndex('package_set_entries_package')
    .on('package_set_entries')
    .column('package_id')
    .execute();
  await withSerialId(db.schema.createTable('inventories'), dialect)
    .addColumn('asset_id', 'text', (c) => c.notNull().unique().references('assets.id'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('platform', 'text')
    .addColumn('set_id', 'integer', (c) => c.references('package_sets.id'))
    .addColumn('base_set_id', 'integer', (c) => c.references('package_sets.id'))
    .addColumn('package_count', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('running_kernel', 'text')
    .addColumn('hostname', 'text')
    .addColumn('windows', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addCheckConstraint('inventories_one_form', sql`(set_id is null) <> (base_set_id is null)`)
    .execute();
  await db.schema.createIndex('inventories_set').on('inventories').column('set_id').execute();
  await db.schema
    .createIndex('inventories_base_set')
    .on('inventories')
    .column('base_set_id')
    .execute();
  await withoutRowid(
    db.schema
      .createTable('inventory_deltas')
      .addColumn('inventory_id', 'integer', (c) =>
        c.notNull().references('inventories.id').onDelete('cascade'),
      )
      .addColumn('package_id', 'integer', (c) => c.notNull().references('packages.id'))
      .addColumn('op', 'text', (c) => c.notNull().check(sql`op in ('add', 'remove')`))
      .addPrimaryKeyConstraint('inventory_deltas_pk', ['inventory_id', 'package_id']),
    dialect,
  ).execute();
  await db.schema
    .createIndex('inventory_deltas_package')
    .on('inventory_deltas')
    .column('package_id')
    .execute();
}

async function createAuditLog(db: Kysely<unknown>, dialect: DialectId): Promise<void> {
  await withSerialId(db.schema.createTable('audit_events'), dialect, 'seq')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('details', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('audit_events_object').on('audit_events').column('object').execute();
  if (dialect === 'sqlite') {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(
          `create trigger audit_events_no_${op} before ${op} on audit_events ` +
            `begin select raise(abort, 'audit_events is append-only: ${op} refused'); end`,
        )
        .execute(db);
    }
    return;
  }
  await sql`
    create function audit_events_refuse() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only: % refused', lower(tg_op);
    end $$`.execute(db);
  await sql`
    create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_events_refuse()`.execute(db);
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_refuse()`.execute(db);
}

async function createAdvisoryTables(db: Kysely<unknown>, dialect: DialectId): Promise<void> {
  await withSerialId(db.schema.createTable('raw_payloads'), dialect)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('body', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addUniqueConstraint('raw_payloads_content', ['source', 'sha256'])
    .execute();
  await db.schema
    .createTable('advisories')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('published', 'text')
    .addColumn('modified', 'text')
    .addColumn('vendor_severity', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('cves', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cvss', 'text')
    .addColumn('references', 'text')
    .addColumn('reboot_hint', 'integer')
    .addColumn('known_exploited', 'integer')
    .addColumn('raw_payload_id', 'integer', (c) => c.references('raw_payloads.id'))
    .addColumn('parser_version', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('advisories_pk', ['source', 'id'])
    .execute();
  await db.schema
    .createTable('advisory_affected')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('advisory_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('package', 'text', (c) => c.notNull())
    .addColumn('package_kind', 'text')
    .addColumn('arch', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fixed', 'text')
    .addColumn('introduced', 'text')
    .addColumn('kb', 'text')
    .addColumn('supersedes', 'text')
    .addColumn('fixed_build', 'text')
    .addColumn('restart_required', 'integer')
    .addPrimaryKeyConstraint('advisory_affected_pk', ['source', 'advisory_id', 'seq'])
    .addForeignKeyConstraint(
      'advisory_affected_advisory',
      ['source', 'advisory_id'],
      'advisories',
      ['source', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('advisory_affected_package')
    .on('advisory_affected')
    .columns(['platform', 'package'])
    .execute();
  await db.schema
    .createTable('feed_state')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('cursor', 'text')
    .execute();
}
