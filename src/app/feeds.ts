import {
  download,
  fetchText,
  withRemedy,
  type FetchContext,
  type Validators,
} from '../advisories/fetch/download.js';
import { feedBaseUrl, feedDefinitions, feedOptions, getFeed } from '../advisories/fetch/feeds.js';
import { fetchLimits, limitEnvName, type FetchLimits } from '../advisories/fetch/limits.js';
import type { RetryDeps } from '../advisories/fetch/retry.js';
import type { FeedDefinition, FeedDocument, FeedListing } from '../advisories/fetch/types.js';
import type { Clock } from '../domain/clock.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import { AppError, ErrorCode, toAppError } from '../domain/errors.js';
import type { Store, UpsertCounts } from '../store/index.js';
import type { HttpClient } from '../util/http.js';
import { addCounts, ingestPayload, zeroCounts } from './import-advisories.js';
import { syncEach } from './sync-each.js';

/**
 * What a sync needs from outside: HTTP, time, waiting and the environment (base URLs, options,
 * limits: `PATCHLINE_FEED_MAX_BYTES`, `…_HEADER_TIMEOUT`, `…_IDLE_TIMEOUT`, `…_DEADLINE`,
 * `…_MAX_REDIRECTS`, each also per feed as `PATCHLINE_FEED_<SOURCE>_<NAME>`).
 */
export interface SyncDeps extends Omit<RetryDeps, 'now'> {
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SyncProgress) => void;
}

/**
 * Where a sync stands. One event per document with `bytes` absent (`done` documents of `total`
 * finished), then, while that document downloads, events with `bytes` (decoded so far) or
 * `note` (a retry and why); `describeProgress` renders the detail for a progress bar.
 */
export interface SyncProgress {
  readonly source: string;
  readonly done: number;
  readonly total: number;
  readonly url?: string;
  readonly bytes?: number;
  /** Content-Length, when the server sent one and the body is not content-encoded. */
  readonly expectedBytes?: number;
  readonly note?: string;
}

/** `tracker.json 12.5 MiB of 70.0 MiB`, `all.zip retry 2 in 1.5 s: …`, for a progress bar. */
export function describeProgress(p: SyncProgress): string {
  if (p.url === undefined) return '';
  const name = p.url.slice(p.url.lastIndexOf('/') + 1) || p.url;
  if (p.note !== undefined) return `${name} ${p.note}`;
  if (p.bytes === undefined) return name;
  const of = p.expectedBytes === undefined ? '' : ` of ${mib(p.expectedBytes)}`;
  return `${name} ${mib(p.bytes)}${of}`;
}

function mib(n: number): string {
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

export interface SyncOptions {
  /** Feed ids; empty or absent means every feed. */
  readonly sources?: readonly string[];
  /** Base URL for the one feed named in `sources` (`--base-url`). */
  readonly baseUrl?: string;
}

/** One feed's sync, as the summary table shows it. */
export interface SourceSyncResult {
  readonly source: string;
  readonly baseUrl: string;
  /** True only when every document (and every record in it) was read. */
  readonly ok: boolean;
  /**
   * `partial`: some documents or records failed while others were stored (exit 1, PARTIAL);
   * `failed`: nothing could be stored (the listing, or every document, failed).
   */
  readonly status: 'ok' | 'partial' | 'failed';
  /** Documents downloaded, answered 304, or failed (download or unreadable as a whole). */
  readonly documents: {
    readonly fetched: number;
    readonly unchanged: number;
    readonly failed: number;
  };
  readonly advisories: UpsertCounts;
  readonly diagnostics: readonly Diagnostic[];
  /** Why the feed failed, when it did. */
  readonly error?: string;
}

/**
 * `patchline feeds sync [SOURCE]`: for each feed, lists its documents, downloads each with a
 * conditional GET (validators of the newest kept payload for that URL), retries transient
 * failures, keeps the raw payload and upserts its advisories (one transaction per payload).
 * A failing document or feed never stops the others; each feed's attempt and freshness are
 * recorded in `feed_state`, its cursor only when every document succeeded.
 */
export async function syncFeeds(
  store: Store,
  opts: SyncOptions,
  deps: SyncDeps,
): Promise<SourceSyncResult[]> {
  return syncEach(
    opts.sources,
    [...feedDefinitions.keys()],
    { flag: '--base-url', given: opts.baseUrl !== undefined },
    (id) => {
      const def = getFeed(id);
      return {
        def,
        url: feedBaseUrl(def, deps.env, opts.baseUrl),
        limits: fetchLimits(deps.env, def.id),
      };
    },
    (p) => syncFeed(store, p.def, p.url, p.limits, deps),
  );
}

interface Tally {
  fetched: number;
  unchanged: number;
  failed: number;
  advisories: UpsertCounts;
  diagnostics: Diagnostic[];
  errors: string[];
  /** Documents stored with some of their records rejected. */
  partial: number;
  last?: Validators;
}

/**
 * One feed, within its deadline: a timer aborts every request and wait of the feed with a
 * TIMEOUT naming the deadline; documents not reached by then count as failed.
 */
async function syncFeed(
  store: Store,
  def: FeedDefinition,
  baseUrl: string,
  limits: FetchLimits,
  deps: SyncDeps,
): Promise<SourceSyncResult> {
  const t: Tally = {
    fetched: 0,
    unchanged: 0,
    failed: 0,
    partial: 0,
    advisories: zeroCounts,
    diagnostics: [],
    errors: [],
  };
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(deadlineError(def.id, limits)), limits.deadlineMs);
  const signal = deps.signal ? AbortSignal.any([deps.signal, deadline.signal]) : deadline.signal;
  let current: SyncProgress = { source: def.id, done: 0, total: 0 };
  const fetch: FetchContext = {
    ...deps,
    now: () => deps.clock.now(),
    feedId: def.id,
    limits,
    redirectOrigins: [new URL(baseUrl).origin, ...(def.redirectOrigins ?? [])],
    signal,
    onBytes: (bytes, expectedBytes) =>
      deps.onProgress?.({
        ...current,
        bytes,
        ...(expectedBytes !== undefined && { expectedBytes }),
      }),
    onRetry: (info) => {
      deps.onRetry?.(info);
      const wait = `${(info.delayMs / 1000).toFixed(1)} s`;
      deps.onProgress?.({ ...current, note: `retry ${info.attempt} in ${wait}: ${info.reason}` });
    },
  };
  let listing: FeedListing | undefined;
  try {
    try {
      const state = await store.feeds.get(def.id);
      listing = await def.list({
        baseUrl,
        options: feedOptions(def, deps.env),
        cursor: state?.cursor ?? null,
        fetchText: (url, headers) => fetchText(deps.http, url, headers, fetch),
      });
    } catch (e) {
      t.errors.push(message(e));
    }
    if (listing) {
      t.diagnostics.push(...(listing.diagnostics ?? []));
      const validators = await validatorsByUrl(store, def.id);
      const total = listing.documents.length;
      for (const [i, doc] of listing.documents.entries()) {
        if (deadline.signal.aborted) {
          skipRest(t, def.id, listing.documents.slice(i), deadline.signal.reason);
          break;
        }
        current = { source: def.id, done: i, total, url: doc.url };
        deps.onProgress?.(current);
        await syncDocument(
          { store, http: deps.http, fetch },
          def.id,
          doc,
          validators.get(doc.url),
          t,
        );
      }
      deps.onProgress?.({ source: def.id, done: total, total });
    }
  } finally {
    clearTimeout(timer);
  }
  const ok = listing !== undefined && t.errors.length === 0;
  const status = ok ? 'ok' : t.fetched + t.unchanged > 0 ? 'partial' : 'failed';
  const single = listing?.documents.length === 1 ? t.last : undefined;
  await store.feeds.recordAttempt(def.id, {
    ok,
    ...(!ok && { error: summarize(t.errors) }),
    ...(ok && listing?.cursor !== undefined && { cursor: listing.cursor }),
    ...(single && { etag: single.etag ?? null, lastModified: single.lastModified ?? null }),
  });
  return {
    source: def.id,
    baseUrl,
    ok,
    status,
    documents: { fetched: t.fetched, unchanged: t.unchanged, failed: t.failed },
    advisories: t.advisories,
    diagnostics: t.diagnostics,
    ...(!ok && { error: summarize(t.errors) }),
  };
}

interface DocumentContext {
  readonly store: Store;
  readonly http: HttpClient;
  readonly fetch: FetchContext;
}

function deadlineError(feedId: string, limits: FetchLimits): AppError {
  const ms = limits.deadlineMs;
  const took = ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
  return new AppError(ErrorCode.Timeout, `feed ${feedId}: deadline of ${took} passed`, {
    details: { limit: 'deadlineMs', deadlineMs: ms },
  });
}

/** Documents the deadline left unfetched: failed, in one error. */
function skipRest(t: Tally, feedId: string, docs: readonly FeedDocument[], reason: unknown): void {
  const why = withRemedy(toAppError(reason), feedId);
  t.failed += docs.length;
  const msg = `${why.message}: ${docs.length} document(s) not fetched (${docs[0]!.url}…)`;
  t.errors.push(msg);
  t.diagnostics.push({ severity: 'error', message: msg, location: { file: docs[0]!.url } });
}

/** Downloads and stores one document; failures are tallied, never thrown (but bugs/aborts). */
async function syncDocument(
  ctx: DocumentContext,
  source: string,
  doc: FeedDocument,
  validators: Validators | undefined,
  t: Tally,
): Promise<void> {
  try {
    const res = await download(ctx.http, doc, validators, ctx.fetch);
    if (res.kind === 'unchanged') {
      t.unchanged++;
      t.last = validators;
      return;
    }
    const r = await ingestPayload(
      ctx.store,
      {
        source,
        url: doc.url,
        name: doc.name,
        body: res.body,
        etag: res.etag,
        lastModified: res.lastModified,
        contentType: res.contentType,
      },
      { maxBytes: ctx.fetch.limits.maxBytes, setting: limitEnvName('maxBytes') },
    );
    t.advisories = addCounts(t.advisories, r.counts);
    t.diagnostics.push(...r.diagnostics);
    if (r.failedDocuments > 0 && r.failedDocuments === r.documents) {
      t.failed++;
      t.errors.push(`${doc.url}: document rejected`);
      return;
    }
    t.fetched++;
    if (r.failedDocuments > 0) {
      t.partial++;
      t.errors.push(
        `${doc.url}: ${r.failedDocuments} of ${r.documents} records rejected, the others stored`,
      );
      return;
    }
    t.last = { etag: res.etag, lastModified: res.lastModified };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === ErrorCode.Internal || err.code === ErrorCode.Aborted) throw err;
    t.failed++;
    t.errors.push(err.message);
    t.diagnostics.push({ severity: 'error', message: err.message, location: { file: doc.url } });
  }
}

/** Validators of the newest payload kept per URL of the feed. */
async function validatorsByUrl(store: Store, source: string): Promise<Map<string, Validators>> {
  const out = new Map<string, Validators>();
  for (const p of await store.feeds.latestPayloads({ source })) {
    if (p.etag !== null || p.lastModified !== null) {
      out.set(p.url, { etag: p.etag, lastModified: p.lastModified });
    }
  }
  return out;
}

function message(e: unknown): string {
  const err = toAppError(e);
  if (err.code === ErrorCode.Internal || err.code === ErrorCode.Aborted) throw err;
  return err.message;
}

/** The first error, and how many more, for `feed_state.last_error` and the table. */
function summarize(errors: readonly string[]): string {
  if (errors.length === 0) return 'failed';
  const more = errors.length > 1 ? ` (+${errors.length - 1} more)` : '';
  return `${errors[0]}${more}`;
}

/** How old one feed's data is, for `feeds status` and next to findings. */
export interface FeedFreshness {
  readonly source: string;
  readonly lastSuccessAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastError: string | null;
  /** Seconds since the last success (when it was fetched), or null when it never succeeded. */
  readonly ageSeconds: number | null;
  /** Never synced, or older than `staleAfterHours`. */
  readonly stale: boolean;
  readonly advisories: number;
  /** Newest `modified` among the source's advisories (else newest `published`), as stored. */
  readonly newestAdvisory: string | null;
  /** Newest HTTP Last-Modified of the source's kept documents, ISO 8601. */
  readonly documentDate: string | null;
  /**
   * Seconds since the newer of those two dates: the data's own age, which a mirror re-serving
   * an old copy cannot reset. Null when neither is known.
   */
  readonly dataAgeSeconds: number | null;
}

/**
 * Freshness of every known feed and of every source with stored advisories or state (imports
 * count as successes), by source: when it was fetched, and how old the data itself is (the
 * newest advisory date, the documents' Last-Modified). Ages are measured on `clock`.
 */
export async function feedFreshness(
  store: Store,
  clock: Clock,
  opts: { readonly staleAfterHours?: number } = {},
): Promise<FeedFreshness[]> {
  const staleAfter = (opts.staleAfterHours ?? 48) * 3600;
  const states = new Map((await store.feeds.list()).map((s) => [s.source, s]));
  const counts = await store.advisories.countBySource();
  const newest = await store.advisories.newestDates();
  const documents = documentDates(await store.feeds.latestPayloads());
  const sources = new Set([...feedDefinitions.keys(), ...states.keys(), ...Object.keys(counts)]);
  const now = clock.now().getTime();
  const since = (iso: string | null) =>
    iso === null ? null : Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  return [...sources].sort().map((source) => {
    const s = states.get(source);
    const success = s?.lastSuccessAt ?? null;
    const age = since(success);
    const newestAdvisory = newestOf(newest[source]?.modified, newest[source]?.published);
    const documentDate = documents.get(source) ?? null;
    return {
      source,
      lastSuccessAt: success,
      lastAttemptAt: s?.lastAttemptAt ?? null,
      lastError: s?.lastError ?? null,
      ageSeconds: age,
      stale: age === null || age > staleAfter,
      advisories: counts[source] ?? 0,
      newestAdvisory,
      documentDate,
      dataAgeSeconds: since(newestOf(newestAdvisory, documentDate)),
    };
  });
}

/** The later of two dates that parse (ISO 8601 or HTTP-date), as given; null when neither. */
export function newestOf(
  a: string | null | undefined,
  b: string | null | undefined,
): string | null {
  const ta = a == null ? NaN : Date.parse(a);
  const tb = b == null ? NaN : Date.parse(b);
  if (Number.isNaN(ta)) return Number.isNaN(tb) ? null : b!;
  return Number.isNaN(tb) || ta >= tb ? a! : b!;
}

function documentDates(
  payloads: readonly { source: string; lastModified: string | null }[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of payloads) {
    if (p.lastModified === null) continue;
    const at = Date.parse(p.lastModified);
    if (Number.isNaN(at)) continue;
    const known = out.get(p.source);
    if (known === undefined || at > Date.parse(known)) {
      out.set(p.source, new Date(at).toISOString());
    }
  }
  return out;
}
