import type { Kysely } from 'kysely';

/**
 * vSphere connections (password as AES-256-GCM ciphertext only), per-connection sync state
 * (the incremental-sync resume point), and the VMs/templates each connection has seen, so a
 * sync can mark the ones that disappeared. Row shapes: `../schema.ts`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vsphere_connections')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password_ciphertext', 'text', (c) => c.notNull())
    .addColumn('tls', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('vsphere_sync_state')
    .addColumn('connection', 'text', (c) =>
      c.primaryKey().references('vsphere_connections.name').onDelete('cascade'),
    )
    .addColumn('last_event_key', 'integer')
    .addColumn('last_event_time', 'text')
    .addColumn('last_sync_at', 'text', (c) => c.notNull())
    .addColumn('last_full_sync_at', 'text')
    .execute();
  await db.schema
    .createTable('vsphere_objects')
    .addColumn('connection', 'text', (c) =>
      c.notNull().references('vsphere_connections.name').onDelete('cascade'),
    )
    .addColumn('moref', 'text', (c) => c.notNull())
    .addColumn('asset_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addPrimaryKeyConstraint('vsphere_objects_pk', ['connection', 'moref'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['vsphere_objects', 'vsphere_sync_state', 'vsphere_connections']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
