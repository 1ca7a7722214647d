import { basename, resolve } from 'node:path';
import type { DecodeLimits } from '../advisories/compression.js';
import { parsePayload, type ParsedGroup, type PayloadParse } from '../advisories/fetch/payload.js';
import { advisorySources, getAdvisorySource } from '../advisories/registry.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import type { Store, StoreRepos, UpsertCounts } from '../store/index.js';
import { readInputFile } from '../util/read-input.js';
import { listFiles } from './advisory-files.js';

/** A payload to keep and parse: fetched from `url`, or read from a file (absolute path). */
export interface PayloadInput {
  /** Parser id; absent means detect per document (air-gapped import). */
  readonly source?: string;
  readonly url: string;
  /** File-like name used to sniff the format. */
  readonly name: string;
  readonly body: Uint8Array;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly contentType?: string | null;
}

/** What storing one payload did. */
export interface PayloadIngest {
  /** Null when the payload was rejected as a whole and so not kept. */
  readonly payloadId: number | null;
  /** False when the same bytes were already kept for this source, or not kept. */
  readonly newPayload: boolean;
  /** Sources whose parser read at least one document. */
  readonly sources: readonly string[];
  readonly documents: number;
  readonly failedDocuments: number;
  readonly counts: UpsertCounts;
  readonly diagnostics: readonly Diagnostic[];
}

export const zeroCounts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };

export function addCounts(a: UpsertCounts, b: UpsertCounts): UpsertCounts {
  return {
    inserted: a.inserted + b.inserted,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
  };
}

/**
 * Keeps a raw payload (deduplicated by source + SHA-256) and upserts what it parses to, in one
 * transaction: a failure leaves neither. Parsing happens first, outside the transaction, within
 * `limits` (decompressed size). A document that cannot be read fails alone (error diagnostic).
 * A payload nothing could be read from (invalid, or expanding past the limit) is not kept at all;
 * one with any record rejected is kept without its HTTP validators, so the next sync downloads
 * it again and reports the rejection again rather than answering 304 as if all were well.
 */
export async function ingestPayload(
  store: Store,
  input: PayloadInput,
  limits: DecodeLimits = {},
): Promise<PayloadIngest> {
  const parsed = parsePayload(
    { name: input.name, bytes: input.body },
    input.url,
    input.source,
    limits,
  );
  return storeParsed(store, input, parsed);
}

async function storeParsed(
  store: Store,
  input: PayloadInput,
  parsed: PayloadParse,
): Promise<PayloadIngest> {
  const allFailed = parsed.documents > 0 && parsed.failedDocuments === parsed.documents;
  const result = {
    sources: parsed.groups.map((g) => g.source),
    documents: parsed.documents,
    failedDocuments: parsed.failedDocuments,
    diagnostics: parsed.diagnostics,
  };
  if (allFailed) return { payloadId: null, newPayload: false, counts: zeroCounts, ...result };
  const validators = parsed.failedDocuments === 0;
  const source = input.source ?? parsed.groups[0]?.source ?? 'unknown';
  return store.transaction(async (tx) => {
    const payload = await tx.feeds.putPayload({
      source,
      url: input.url,
      body: input.body,
      contentType: input.contentType ?? null,
      etag: validators ? (input.etag ?? null) : null,
      lastModified: validators ? (input.lastModified ?? null) : null,
    });
    const counts = await upsertGroups(tx, parsed.groups, payload.id);
    return { payloadId: payload.id, newPayload: payload.created, counts, ...result };
  });
}

async function upsertGroups(
  tx: StoreRepos,
  groups: readonly ParsedGroup[],
  rawPayloadId: number,
): Promise<UpsertCounts> {
  let counts = zeroCounts;
  for (const g of groups) {
    const c = await tx.advisories.upsertMany(g.advisories, {
      rawPayloadId,
      parserVersion: String(g.parserVersion),
    });
    counts = addCounts(counts, c);
  }
  return counts;
}

/** One file of an import. */
export interface ImportedFile extends PayloadIngest {
  readonly file: string;
}

export interface ImportAdvisoriesResult {
  readonly files: readonly ImportedFile[];
  readonly totals: UpsertCounts;
  readonly diagnostics: readonly Diagnostic[];
  /** Files none of whose documents could be read. */
  readonly failedFiles: number;
  /** Documents (archive records included) that could not be read, in all files. */
  readonly failedDocuments: number;
  /** True only when every document of every file was read. */
  readonly ok: boolean;
  /**
   * `partial`: something was rejected while the rest was stored (CLI exit 1, PARTIAL);
   * `failed`: files were given but nothing could be read.
   */
  readonly status: 'ok' | 'partial' | 'failed';
}

export interface ImportAdvisoriesOptions {
  /** Read every file with this parser instead of detecting the format. */
  readonly source?: string;
  /** Who imports (`cli:alice`), for the audit log. */
  readonly actor: string;
  readonly onProgress?: (done: number, total: number, file: string) => void;
  /** Largest file read (`AppConfig.maxInputBytes`); a larger one is refused. @default 256 MiB */
  readonly maxInputBytes?: number;
}

/**
 * `patchline import advisories PATH…` for air-gapped sites: every file under the paths
 * (`listFiles`) is kept as a raw payload with its absolute path as provenance and parsed with
 * format detection (gzip/bzip2/xz and zip archives opened). Running it twice on the same files
 * changes nothing. Sources that were read are marked fresh in `feed_state`; one audit event
 * records the totals.
 */
export async function importAdvisoryPaths(
  store: Store,
  paths: readonly string[],
  opts: ImportAdvisoriesOptions,
): Promise<ImportAdvisoriesResult> {
  if (opts.source !== undefined) getAdvisorySource(opts.source);
  const files = await listFiles(paths);
  const out: ImportedFile[] = [];
  for (const [i, file] of files.entries()) {
    opts.onProgress?.(i, files.length, file);
    const body = await readInputFile(file, {
      maxBytes: opts.maxInputBytes,
      what: 'advisory file',
    });
    const r = await ingestPayload(store, {
      url: resolve(file),
      name: basename(file),
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      ...(opts.source !== undefined && { source: opts.source }),
    });
    out.push({ file, ...r });
  }
  opts.onProgress?.(files.length, files.length, '');
  const totals = out.reduce((t, f) => addCounts(t, f.counts), zeroCounts);
  const sources = [...new Set(out.flatMap((f) => f.sources))].sort();
  for (const s of sources) {
    if (advisorySources.has(s)) await store.feeds.recordAttempt(s, { ok: true });
  }
  const failedFiles = out.filter((f) => f.documents > 0 && f.failedDocuments === f.documents);
  await store.audit.append({
    actor: opts.actor,
    action: 'advisories.import',
    object: `feeds:${sources.join(',') || 'none'}`,
    details: { files: out.length, failedFiles: failedFiles.length, ...totals },
  });
  const failedDocuments = out.reduce((n, f) => n + f.failedDocuments, 0);
  const readable = out.some((f) => f.documents > f.failedDocuments);
  return {
    files: out,
    totals,
    diagnostics: out.flatMap((f) => f.diagnostics),
    failedFiles: failedFiles.length,
    failedDocuments,
    ok: failedDocuments === 0,
    status: failedDocuments === 0 ? 'ok' : readable ? 'partial' : 'failed',
  };
}

export interface ReparseResult {
  /** Payloads parsed again, and payloads left alone because they were current. */
  readonly reparsed: number;
  readonly current: number;
  readonly counts: UpsertCounts;
  readonly failedDocuments: number;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `patchline feeds reparse [SOURCE]`: parses kept raw payloads again without fetching, so a
 * parser fix reaches stored data. Only the newest payload per (source, URL) is read, never an
 * older copy over newer data; it is re-parsed when the advisories built from it carry another
 * parser version than the current one, when none were built, or always with `all`.
 */
export async function reparseStored(
  store: Store,
  opts: { readonly source?: string; readonly all?: boolean } = {},
): Promise<ReparseResult> {
  const latest = await store.feeds.latestPayloads(
    opts.source === undefined ? {} : { source: opts.source },
  );
  let reparsed = 0;
  let failedDocuments = 0;
  let counts = zeroCounts;
  const diagnostics: Diagnostic[] = [];
  for (const meta of latest) {
    const parser = advisorySources.get(meta.source);
    const current = parser === undefined ? undefined : String(parser.parserVersion);
    const stale =
      opts.all === true ||
      meta.parserVersions.length === 0 ||
      meta.parserVersions.some((v) => v !== current);
    if (!stale) continue;
    const payload = await store.feeds.getPayload(meta.id);
    if (!payload) continue;
    const name = /^https?:/i.test(meta.url)
      ? basename(new URL(meta.url).pathname)
      : basename(meta.url);
    const parsed = parsePayload({ name, bytes: payload.body }, meta.url, parser?.id);
    const c = await store.transaction((tx) => upsertGroups(tx, parsed.groups, meta.id));
    reparsed++;
    counts = addCounts(counts, c);
    failedDocuments += parsed.failedDocuments;
    diagnostics.push(...parsed.diagnostics);
  }
  return { reparsed, current: latest.length - reparsed, counts, failedDocuments, diagnostics };
}
