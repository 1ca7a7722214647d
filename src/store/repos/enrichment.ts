import type { EnrichmentSource, EpssScore, KevEntry } from '../../domain/enrichment.js';
import { chunks, type RepoContext } from './context.js';

/** The document a source's rows came from, as the last sync or import stored it. */
export interface EnrichmentDocument {
  readonly source: EnrichmentSource;
  /** KEV `catalogVersion`, EPSS `model_version`. */
  readonly version: string | null;
  /** KEV `dateReleased`, EPSS `score_date`: how current the data is. */
  readonly documentDate: string | null;
  /** Where it came from: the URL fetched, or `file://` for an import. */
  readonly url: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly sha256: string;
  /** Rows stored. */
  readonly rows: number;
  /** Rows the parser skipped. */
  readonly skipped: number;
  readonly storedAt: string;
}

export type EnrichmentDocumentInput = Omit<EnrichmentDocument, 'source' | 'rows' | 'storedAt'>;

/** KEV entries and EPSS scores by CVE (migration `0007-enrichment`). */
export interface EnrichmentRepository {
  /** Replaces every KEV entry and the KEV document row; one transaction on the store. */
  replaceKev(doc: EnrichmentDocumentInput, entries: readonly KevEntry[]): Promise<void>;
  /** Replaces every EPSS score and the EPSS document row; one transaction on the store. */
  replaceEpss(doc: EnrichmentDocumentInput, scores: readonly EpssScore[]): Promise<void>;
  /** The stored document of each source that has one, by source. */
  documents(): Promise<EnrichmentDocument[]>;
  /** KEV entries of those of `cves` (upper case) that are listed. */
  kev(cves: Iterable<string>): Promise<Map<string, KevEntry>>;
  /** EPSS scores of those of `cves` (upper case) that are scored. */
  epss(cves: Iterable<string>): Promise<Map<string, EpssScore>>;
}

type Tables = {
  enrichment_documents: {
    source: string;
    version: string | null;
    document_date: string | null;
    url: string;
    etag: string | null;
    last_modified: string | null;
    sha256: string;
    rows: number;
    skipped: number;
    stored_at: string;
  };
  kev_entries: {
    cve: string;
    vendor_project: string;
    product: string;
    name: string;
    date_added: string;
    due_date: string;
    ransomware: string;
  };
  epss_scores: { cve: string; epss: number; percentile: number };
};

/** Rows per insert (7 columns × 500 at most) and CVEs per lookup, far below parameter limits. */
const chunkSize = 500;
/** EPSS rows per insert: 3 columns × 5,000 stays under SQLite's 32,766 and PostgreSQL's 65,535. */
const epssChunk = 5000;

export function enrichmentRepository(ctx: RepoContext): EnrichmentRepository {
  const db = ctx.db.withTables<Tables>();
  async function putDocument(
    source: EnrichmentSource,
    doc: EnrichmentDocumentInput,
    rows: number,
  ): Promise<void> {
    const row = {
      source,
      version: doc.version,
      document_date: doc.documentDate,
      url: doc.url,
      etag: doc.etag,
      last_modified: doc.lastModified,
      sha256: doc.sha256,
      rows,
      skipped: doc.skipped,
      stored_at: ctx.clock.now().toISOString(),
    };
    await db.deleteFrom('enrichment_documents').where('source', '=', source).execute();
    await db.insertInto('enrichment_documents').values(row).execute();
  }
  return {
    async replaceKev(doc, entries) {
      await db.deleteFrom('kev_entries').execute();
      for (const part of chunks(entries, chunkSize)) {
        await db
          .insertInto('kev_entries')
          .values(
            part.map((e) => ({
              cve: e.cve,
              vendor_project: e.vendorProject,
              product: e.product,
              name: e.name,
              date_added: e.dateAdded,
              due_date: e.dueDate,
              ransomware: e.ransomware,
            })),
          )
          .execute();
      }
      await putDocument('kev', doc, entries.length);
    },
    async replaceEpss(doc, scores) {
      await db.deleteFrom('epss_scores').execute();
      for (const part of chunks(scores, epssChunk)) {
        await db
          .insertInto('epss_scores')
          .values(part.map((s) => ({ cve: s.cve, epss: s.epss, percentile: s.percentile })))
          .execute();
      }
      await putDocument('epss', doc, scores.length);
    },
    async documents() {
      const rows = await db
        .selectFrom('enrichment_documents')
        .selectAll()
        .orderBy('source')
        .execute();
      return rows.map((r) => ({
        source: r.source as EnrichmentSource,
        version: r.version,
        documentDate: r.document_date,
        url: r.url,
        etag: r.etag,
        lastModified: r.last_modified,
        sha256: r.sha256,
        rows: Number(r.rows),
        skipped: Number(r.skipped),
        storedAt: r.stored_at,
      }));
    },
    kev: (cves) =>
      byCve(
        cves,
        (part) => db.selectFrom('kev_entries').selectAll().where('cve', 'in', part).execute(),
        (r): KevEntry => ({
          cve: r.cve,
          vendorProject: r.vendor_project,
          product: r.product,
          name: r.name,
          dateAdded: r.date_added,
          dueDate: r.due_date,
          ransomware: r.ransomware,
        }),
      ),
    epss: (cves) =>
      byCve(
        cves,
        (part) => db.selectFrom('epss_scores').selectAll().where('cve', 'in', part).execute(),
        (r): EpssScore => ({ cve: r.cve, epss: Number(r.epss), percentile: Number(r.percentile) }),
      ),
  };
}

/** The rows for `cves`, asked for in chunks of `chunkSize`, as values by CVE. */
async function byCve<R extends { cve: string }, T>(
  cves: Iterable<string>,
  select: (part: string[]) => Promise<R[]>,
  value: (row: R) => T,
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (const part of chunks([...new Set(cves)], chunkSize)) {
    for (const r of await select(part)) out.set(r.cve, value(r));
  }
  return out;
}
