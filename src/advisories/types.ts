import type { Advisory, Diagnostic } from '../domain/index.js';

/** One raw payload as fetched or read from disk, already decompressed (see `compression.ts`). */
export interface RawAdvisoryInput {
  readonly bytes: Uint8Array;
  /** File name or URL path; used in messages and by `sniff`. */
  readonly name: string;
}

/**
 * What a parser returns: the advisories it could build and one diagnostic per record it skipped
 * (source, record id, JSON pointer or line). A document that cannot be read at all throws
 * `AppError(ADVISORY_INVALID)` instead.
 */
export interface ParseOutcome {
  readonly advisories: Advisory[];
  readonly diagnostics: Diagnostic[];
}

/** A vendor format family one source reads, e.g. `json`, `xml`, `text`, `yaml`. */
export type AdvisoryFormat = 'json' | 'xml' | 'text' | 'yaml';

/**
 * One vendor bulletin format behind the shared interface (STYLE.md §4.2 rules 1, 7): pure,
 * no I/O. `parserVersion` changes whenever output for the same input changes, so stored raw
 * payloads are re-parsed.
 */
export interface AdvisorySource {
  /** Equals the folder name under `src/advisories/`. */
  readonly id: string;
  readonly displayName: string;
  /** Where the vendor publishes the data (documentation; fetching lives elsewhere). */
  readonly urls: readonly string[];
  readonly formats: readonly AdvisoryFormat[];
  readonly parserVersion: number;
  /**
   * Cheap test on the file name and the first bytes (decoded, up to ~4 KiB) deciding whether this
   * source can read the input. Must not throw.
   */
  sniff(name: string, head: string): boolean;
  parse(raw: RawAdvisoryInput): ParseOutcome;
}
