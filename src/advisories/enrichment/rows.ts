import type { Diagnostic } from '../../domain/diagnostics.js';
import type { Location } from '../../domain/errors.js';
import { maxRowDiagnostics, type EnrichmentHeader, type EnrichmentParse } from './types.js';

/** Where one document's rows go as its parser reads them: one row per CVE, bad rows counted. */
export interface RowCollector<T extends { readonly cve: string }> {
  /** Rows kept plus rows skipped so far: what a row limit is checked against. */
  readonly read: number;
  /** Counts a bad row as skipped, and reports it while fewer than `maxRowDiagnostics` are. */
  skip(location: Location, why: string): void;
  /** Keeps `row`, or skips it when its CVE was kept already. */
  add(row: T, location: Location): void;
  result(header: EnrichmentHeader): EnrichmentParse<T>;
}

/** A collector whose diagnostics read `<what> skipped: <why>`. */
export function collectRows<T extends { readonly cve: string }>(what: string): RowCollector<T> {
  const rows: T[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  const skip = (location: Location, why: string) => {
    skipped++;
    if (diagnostics.length < maxRowDiagnostics) {
      diagnostics.push({ severity: 'error', message: `${what} skipped: ${why}`, location });
    }
  };
  return {
    get read() {
      return rows.length + skipped;
    },
    skip,
    add(row, location) {
      if (seen.has(row.cve)) return skip(location, `${row.cve} is listed twice`);
      seen.add(row.cve);
      rows.push(row);
    },
    result: (header) => ({ header, rows, diagnostics, skipped }),
  };
}
