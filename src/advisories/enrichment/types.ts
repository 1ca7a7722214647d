import type { Diagnostic } from '../../domain/diagnostics.js';
import type { EnrichmentSource } from '../../domain/enrichment.js';

export type { EnrichmentSource, EpssScore, KevEntry } from '../../domain/enrichment.js';

/** What a whole document says about itself, kept next to its rows. */
export interface EnrichmentHeader {
  /** KEV `catalogVersion`, or EPSS `model_version`; null when the file does not say. */
  readonly version: string | null;
  /** KEV `dateReleased`, or EPSS `score_date`; null when the file does not say. */
  readonly documentDate: string | null;
}

/** A parsed document: its header, the rows that were valid, and what was skipped. */
export interface EnrichmentParse<T> {
  readonly header: EnrichmentHeader;
  readonly rows: readonly T[];
  /** Rows skipped, one diagnostic each up to a cap; `skipped` counts them all. */
  readonly diagnostics: readonly Diagnostic[];
  readonly skipped: number;
}

/** Bounds on one document. */
export interface EnrichmentLimits {
  /** Most rows (EPSS) or catalog entries (KEV) accepted; more is refused as a whole. */
  readonly maxRows: number;
  /** Bytes after decompression. */
  readonly maxBytes: number;
  /** The variable that raises `maxBytes`, named in the refusal. */
  readonly setting?: string;
}

/** KEV lists ~1,500 CVEs (~1.5 MiB) and EPSS scores ~300,000 (~10 MiB); both caps leave ample room. */
export const defaultEnrichmentLimits = {
  kev: { maxRows: 100_000, maxBytes: 64 * 1024 ** 2 },
  epss: { maxRows: 2_000_000, maxBytes: 256 * 1024 ** 2 },
} as const satisfies Record<EnrichmentSource, EnrichmentLimits>;

/** Skipped rows reported one by one; the rest are counted in `skipped`. */
export const maxRowDiagnostics = 100;

/** `CVE-2021-44228`: the MITRE form, upper case. */
export const cvePattern = /^CVE-\d{4}-\d{4,}$/;
