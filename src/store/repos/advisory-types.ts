import type { Advisory } from '../../domain/advisory.js';

/** What one `upsertMany` call did; `unchanged` advisories were not written. */
export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** Provenance stamped on every advisory an upsert writes. */
export interface UpsertProvenance {
  /** The `raw_payloads` row the advisories were parsed from, or null when none was kept. */
  readonly rawPayloadId: number | null;
  /** `AdvisorySource.parserVersion` of the parser that built them. */
  readonly parserVersion: string;
}

/** Stored advisories (tables `advisories` + `advisory_affected`), keyed by (source, id). */
export interface AdvisoryRepository {
  /**
   * Every stored advisory rebuilt as the domain object (affected entries in their original
   * order), sorted by source then id. `source` restricts to one feed.
   */
  all(filter?: { readonly source?: string }): Promise<Advisory[]>;
  /** The advisory `id` of `source`, if stored. */
  get(source: string, id: string): Promise<Advisory | undefined>;
  /** Advisories with this id in any source (a CVE id can be an advisory of several feeds). */
  byId(id: string): Promise<Advisory[]>;
  /** Advisories naming `cve` in their CVE list, or whose id is `cve`. */
  byCve(cve: string): Promise<Advisory[]>;
  /**
   * Inserts new advisories and rewrites changed ones. Change detection compares the canonical
   * JSON of the stored advisory with the new one; an unchanged advisory is not rewritten (only
   * its parser version is bumped when that differs). Duplicate keys in `advisories`: last wins.
   */
  upsertMany(advisories: readonly Advisory[], provenance: UpsertProvenance): Promise<UpsertCounts>;
  /**
   * Distinct platforms (`alpine:3.18`, as written) of the stored affected entries, sorted: what
   * the stored advisories can judge at all.
   */
  platforms(): Promise<string[]>;
  /** Stored advisory count per source. */
  countBySource(): Promise<Readonly<Record<string, number>>>;
  /**
   * Per source, the greatest stored `modified` and `published` (ISO 8601 text compared as text;
   * each source writes one format), null when none carries one: how new the data itself is.
   */
  newestDates(): Promise<Readonly<Record<string, NewestDates>>>;
  /** Id and published date of every advisory that has one (one row per source that has it). */
  publishedDates(): Promise<readonly { readonly id: string; readonly published: string }[]>;
}

/** The newest dates a source's advisories carry. */
export interface NewestDates {
  readonly modified: string | null;
  readonly published: string | null;
}

/** A fetched or imported document as kept, without its body. */
export interface RawPayloadMeta {
  readonly id: number;
  readonly source: string;
  /** URL, or the file path for `import advisories`. */
  readonly url: string;
  readonly fetchedAt: string;
  readonly sha256: string;
  readonly contentType: string | null;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly size: number;
  /** Distinct parser versions of the advisories that point at this payload. */
  readonly parserVersions: readonly string[];
}

export interface RawPayload extends Omit<RawPayloadMeta, 'parserVersions' | 'size'> {
  readonly body: Uint8Array;
}

export interface RawPayloadInput {
  readonly source: string;
  readonly url: string;
  readonly body: Uint8Array;
  readonly contentType?: string | null;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
}

/** Freshness of one feed (table `feed_state`). Timestamps are ISO-8601 UTC. */
export interface FeedState {
  readonly source: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastSuccessAt: string | null;
  /** Message of the last failed attempt; null after a success. */
  readonly lastError: string | null;
  /** Source-specific resume point, as JSON. */
  readonly cursor: unknown;
}

/** One sync attempt to record: success clears `lastError`, failure keeps the validators. */
export interface FeedAttempt {
  readonly ok: boolean;
  readonly error?: string;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly cursor?: unknown;
}

/** Raw payloads with provenance and per-feed freshness. */
export interface FeedRepository {
  /**
   * Keeps `input` verbatim, deduplicated by (source, SHA-256 of the body): a body already kept
   * is not stored twice; its fetch time, URL and validators are refreshed. `created` says which.
   */
  putPayload(input: RawPayloadInput): Promise<{ readonly id: number; readonly created: boolean }>;
  getPayload(id: number): Promise<RawPayload | undefined>;
  /**
   * The newest payload per (source, URL), by fetch time: older copies of a document are never
   * re-parsed over newer data.
   */
  latestPayloads(filter?: { readonly source?: string }): Promise<RawPayloadMeta[]>;
  /** Records one attempt at `clock.now()`. */
  recordAttempt(source: string, attempt: FeedAttempt): Promise<FeedState>;
  get(source: string): Promise<FeedState | undefined>;
  /** All feeds with state, by source. */
  list(): Promise<FeedState[]>;
}
