import type { Kysely } from 'kysely';

/**
 * CISA KEV entries and FIRST EPSS scores, keyed by CVE, and one row per source for the document
 * they came from (its own version and date, the URL and HTTP validators). A sync replaces a
 * source's rows as a whole. Row shapes: `repos/enrichment.ts`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('enrichment_documents')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text')
    .addColumn('document_date', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('kev_entries')
    .addColumn('cve', 'text', (c) => c.primaryKey())
    .addColumn('vendor_project', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('date_added', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('ransomware', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('epss_scores')
    .addColumn('cve', 'text', (c) => c.primaryKey())
    .addColumn('epss', 'double precision', (c) => c.notNull())
    .addColumn('percentile', 'double precision', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['epss_scores', 'kev_entries', 'enrichment_documents']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
