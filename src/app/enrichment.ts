import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { download, withRemedy, type FetchContext } from '../advisories/fetch/download.js';
import {
  fetchLimits,
  limitEnvName,
  limitSettings,
  type FetchLimits,
} from '../advisories/fetch/limits.js';
import { feedEnvName } from '../advisories/fetch/options.js';
import {
  enrichmentDefinitions,
  getEnrichment,
  parseEnrichment,
  type EnrichmentDefinition,
  type ParsedEnrichment,
} from '../advisories/enrichment/sources.js';
import { defaultEnrichmentLimits } from '../advisories/enrichment/types.js';
import type { Clock } from '../domain/clock.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import type { EnrichmentSource } from '../domain/enrichment.js';
import { AppError, ErrorCode, formatLocation, toAppError } from '../domain/errors.js';
import type { EnrichmentDocument, Store } from '../store/index.js';
import { readInputFile } from '../util/read-input.js';
import type { SyncDeps } from './feeds.js';
import { syncEach } from './sync-each.js';

export { enrichmentDefinitions };

/** One enrichment source's sync or import, as the summary table shows it. */
export interface EnrichmentResult {
  readonly source: EnrichmentSource;
  readonly url: string;
  /** `partial`: stored, with some rows skipped; `unchanged`: the server answered 304. */
  readonly status: 'ok' | 'partial' | 'unchanged' | 'failed';
  /** Rows now stored for the source. */
  readonly rows: number;
  readonly skipped: number;
  readonly version: string | null;
  readonly documentDate: string | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly error?: string;
}

export interface EnrichmentSyncOptions {
  /** `kev`, `epss`; empty or absent means both. */
  readonly sources?: readonly string[];
  /** The document URL for the one source named (`--url`). */
  readonly url?: string;
}

/**
 * `patchline enrichment sync [kev|epss]`: a conditional GET (RFC 9110 §13.1) of each source's
 * one document with the validators stored with its rows, retries and limits as for the advisory
 * feeds (`PATCHLINE_FEED_<ID>_URL`, `…_MAX_BYTES`, `…_DEADLINE`, …). A new document replaces
 * the source's rows in one transaction; a 304 keeps them. One failing source never stops the
 * other; each attempt is recorded in `feed_state` under the source id.
 */
export async function syncEnrichment(
  store: Store,
  opts: EnrichmentSyncOptions,
  deps: SyncDeps,
): Promise<EnrichmentResult[]> {
  return syncEach(
    opts.sources,
    ['kev', 'epss'],
    { flag: '--url', given: opts.url !== undefined },
    (id) => {
      const def = getEnrichment(id);
      return {
        def,
        url: enrichmentUrl(def, deps.env, opts.url),
        limits: enrichmentFetchLimits(deps.env, def.id),
      };
    },
    (p) => syncOne(store, p.def, p.url, p.limits, deps),
  );
}

/**
 * The feed limits for one source, except that `maxBytes` defaults to the source's own cap
 * (64 MiB KEV, 256 MiB EPSS; the real documents are a few MiB) rather than the feeds' 1 GiB,
 * unless `PATCHLINE_FEED_<ID>_MAX_BYTES` or `PATCHLINE_FEED_MAX_BYTES` says otherwise.
 */
export function enrichmentFetchLimits(
  env: Readonly<Record<string, string | undefined>>,
  id: EnrichmentSource,
): FetchLimits {
  const limits = fetchLimits(env, id);
  const named = [feedEnvName(id, limitSettings.maxBytes), limitEnvName('maxBytes')];
  if (named.some((n) => env[n] !== undefined)) return limits;
  return { ...limits, maxBytes: defaultEnrichmentLimits[id].maxBytes };
}

/** `--url`, else `PATCHLINE_FEED_<ID>_URL`, else the publisher's; http(s) only. */
export function enrichmentUrl(
  def: EnrichmentDefinition,
  env: Readonly<Record<string, string | undefined>>,
  override?: string,
): string {
  const name = feedEnvName(def.id, 'url');
  const url = (override ?? env[name] ?? def.defaultUrl).trim();
  if (!/^https?:\/\/[^/]/i.test(url)) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `enrichment ${def.id}: URL must be http(s): ${url}`,
      {
        location: { record: override === undefined ? name : '--url' },
      },
    );
  }
  return url;
}

async function syncOne(
  store: Store,
  def: EnrichmentDefinition,
  url: string,
  limits: FetchLimits,
  deps: SyncDeps,
): Promise<EnrichmentResult> {
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new AppError(
          ErrorCode.Timeout,
          `enrichment ${def.id}: deadline of ${limits.deadlineMs} ms passed`,
        ),
      ),
    limits.deadlineMs,
  );
  const signal = deps.signal ? AbortSignal.any([deps.signal, deadline.signal]) : deadline.signal;
  const ctx: FetchContext = {
    ...deps,
    now: () => deps.clock.now(),
    feedId: def.id,
    limits,
    redirectOrigins: [new URL(url).origin],
    signal,
  };
  const stored = (await store.enrichment.documents()).find((d) => d.source === def.id);
  const validators = stored?.url === url ? stored : undefined;
  const name = new URL(url).pathname.split('/').pop() || def.id;
  try {
    const res = await download(deps.http, { url, name }, validators, ctx);
    if (res.kind === 'unchanged') {
      await store.feeds.recordAttempt(def.id, { ok: true });
      return { ...fromStored(def.id, url, stored), status: 'unchanged' };
    }
    const parsed = parseEnrichment(def.id, url, res.body, {
      maxRows: defaultEnrichmentLimits[def.id].maxRows,
      maxBytes: limits.maxBytes,
      setting: limitEnvName('maxBytes'),
    });
    const clean = parsed.skipped === 0;
    const r = await keep(store, parsed, {
      url,
      body: res.body,
      etag: clean ? res.etag : null,
      lastModified: clean ? res.lastModified : null,
      where: url,
    });
    await store.feeds.recordAttempt(def.id, {
      ok: clean,
      ...(!clean && { error: `${parsed.skipped} row(s) skipped, the others stored` }),
    });
    return r;
  } catch (e) {
    const err = withRemedy(toAppError(e), def.id);
    if (err.code === ErrorCode.Internal || err.code === ErrorCode.Aborted) throw err;
    const where = formatLocation(err.location);
    const error = where && !err.message.includes(where) ? `${where}: ${err.message}` : err.message;
    await store.feeds.recordAttempt(def.id, { ok: false, error });
    return {
      ...fromStored(def.id, url, stored),
      status: 'failed',
      diagnostics: [
        { severity: 'error', message: err.message, location: err.location ?? { file: url } },
      ],
      error,
    };
  } finally {
    clearTimeout(timer);
  }
}

function fromStored(
  source: EnrichmentSource,
  url: string,
  d: EnrichmentDocument | undefined,
): EnrichmentResult {
  return {
    source,
    url,
    status: 'ok',
    rows: d?.rows ?? 0,
    skipped: 0,
    version: d?.version ?? null,
    documentDate: d?.documentDate ?? null,
    diagnostics: [],
  };
}

/**
 * Replaces the source's rows with a parsed document's, in one transaction. A document with no
 * valid row at all is refused (ADVISORY_INVALID) and the stored rows stay: an empty or mangled
 * catalog must not erase what is known.
 */
async function keep(
  store: Store,
  parsed: ParsedEnrichment,
  from: {
    url: string;
    body: Uint8Array;
    etag: string | null;
    lastModified: string | null;
    /** Names the input in messages: the URL, or the path given. */
    where: string;
  },
): Promise<EnrichmentResult> {
  if (parsed.rows.length === 0) {
    const first = parsed.diagnostics[0];
    const why = first && `${formatLocation(first.location)}: ${first.message}`;
    throw new AppError(
      ErrorCode.AdvisoryInvalid,
      `no valid ${parsed.source} row${why ? ` (first problem: ${why})` : ''}; the stored data is kept`,
      { location: { file: from.where } },
    );
  }
  const doc = {
    version: parsed.header.version,
    documentDate: parsed.header.documentDate,
    url: from.url,
    etag: from.etag,
    lastModified: from.lastModified,
    sha256: createHash('sha256').update(from.body).digest('hex'),
    skipped: parsed.skipped,
  };
  if (parsed.source === 'kev') await store.enrichment.replaceKev(doc, parsed.rows);
  else await store.enrichment.replaceEpss(doc, parsed.rows);
  return {
    source: parsed.source,
    url: from.url,
    status: parsed.skipped === 0 ? 'ok' : 'partial',
    rows: parsed.rows.length,
    skipped: parsed.skipped,
    version: doc.version,
    documentDate: doc.documentDate,
    diagnostics: parsed.diagnostics,
  };
}

/**
 * `patchline import kev|epss FILE`: the air-gapped path. Reads the file (at most
 * `maxInputBytes`; `.gz`/`.bz2`/`.xz` undone), parses it and replaces the source's rows as a
 * sync would. Throws when the file or every row is unreadable; skipped rows are reported.
 */
export async function importEnrichmentFile(
  store: Store,
  source: string,
  file: string,
  opts: { readonly maxInputBytes?: number } = {},
): Promise<EnrichmentResult> {
  const def = getEnrichment(source);
  const path = resolve(file);
  const bytes = await readInputFile(path, { maxBytes: opts.maxInputBytes, what: `${def.id} file` });
  const parsed = parseEnrichment(def.id, file, bytes, {
    maxRows: defaultEnrichmentLimits[def.id].maxRows,
    maxBytes: defaultEnrichmentLimits[def.id].maxBytes,
  });
  const r = await keep(store, parsed, {
    url: pathToFileURL(path).href,
    body: bytes,
    etag: null,
    lastModified: null,
    where: file,
  });
  await store.feeds.recordAttempt(def.id, {
    ok: r.skipped === 0,
    ...(r.skipped > 0 && { error: `${r.skipped} row(s) skipped, the others stored` }),
  });
  return r;
}

/** One source's stored document and how old it is, for `enrichment status`. */
export interface EnrichmentStatus {
  readonly source: EnrichmentSource;
  readonly title: string;
  readonly rows: number;
  readonly version: string | null;
  readonly documentDate: string | null;
  readonly url: string | null;
  readonly storedAt: string | null;
  /** Seconds since it was stored, on the injected clock; null when never. */
  readonly ageSeconds: number | null;
  readonly lastError: string | null;
}

export async function enrichmentStatus(store: Store, clock: Clock): Promise<EnrichmentStatus[]> {
  const docs = new Map((await store.enrichment.documents()).map((d) => [d.source, d]));
  const now = clock.now().getTime();
  const out: EnrichmentStatus[] = [];
  for (const def of enrichmentDefinitions) {
    const d = docs.get(def.id);
    const state = await store.feeds.get(def.id);
    out.push({
      source: def.id,
      title: def.title,
      rows: d?.rows ?? 0,
      version: d?.version ?? null,
      documentDate: d?.documentDate ?? null,
      url: d?.url ?? null,
      storedAt: d?.storedAt ?? null,
      ageSeconds: d ? Math.max(0, Math.floor((now - Date.parse(d.storedAt)) / 1000)) : null,
      lastError: state?.lastError ?? null,
    });
  }
  return out;
}
