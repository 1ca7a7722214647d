import { feedDefinitions } from '../advisories/fetch/feeds.js';
import type { EnrichmentSource } from '../domain/enrichment.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { Store } from '../store/index.js';
import {
  enrichmentDefinitions,
  enrichmentUrl,
  syncEnrichment,
  type EnrichmentResult,
} from './enrichment.js';
import { syncFeeds, type SourceSyncResult, type SyncDeps, type SyncOptions } from './feeds.js';
import { zeroCounts } from './import-advisories.js';

/** An enrichment source's sync in the shape of a feed's, with what it holds. */
export interface EnrichmentSyncResult extends SourceSyncResult {
  readonly enrichment: {
    readonly rows: number;
    readonly skipped: number;
    readonly version: string | null;
    readonly documentDate: string | null;
  };
}

/** Every id `feeds sync` takes: the advisory feeds in their order, then kev and epss. */
export function syncableSources(): string[] {
  return [...feedDefinitions.keys(), ...enrichmentDefinitions.map((d) => d.id)];
}

const isEnrichment = (id: string): id is EnrichmentSource =>
  enrichmentDefinitions.some((d) => d.id === id);

/**
 * `patchline feeds sync [SOURCE…]`: the advisory feeds (`syncFeeds`) and the KEV/EPSS
 * enrichment sources (`syncEnrichment`) in one run, so one scheduled sync keeps everything
 * fresh. No SOURCE means all of them. `baseUrl` goes to the one source named; for kev or epss it
 * is the document URL. Enrichment URLs are checked before any feed is fetched; each source
 * records its attempt in `feed_state`, and one failing never stops the others.
 */
export async function syncAll(
  store: Store,
  opts: SyncOptions,
  deps: SyncDeps,
): Promise<SourceSyncResult[]> {
  const ids = opts.sources && opts.sources.length > 0 ? [...opts.sources] : syncableSources();
  const feeds = ids.filter((id) => !isEnrichment(id));
  const enrichment = ids.filter(isEnrichment);
  if (opts.baseUrl !== undefined && ids.length !== 1) {
    throw new AppError(ErrorCode.InputInvalid, '--base-url needs exactly one SOURCE');
  }
  const url = enrichment.length === 1 ? opts.baseUrl : undefined;
  for (const def of enrichmentDefinitions.filter((d) => enrichment.includes(d.id))) {
    enrichmentUrl(def, deps.env, url);
  }
  const out: SourceSyncResult[] = [];
  if (feeds.length > 0) {
    const baseUrl = feeds.length === 1 ? opts.baseUrl : undefined;
    out.push(
      ...(await syncFeeds(
        store,
        { sources: feeds, ...(baseUrl !== undefined && { baseUrl }) },
        deps,
      )),
    );
  }
  if (enrichment.length > 0) {
    const results = await syncEnrichment(
      store,
      { sources: enrichment, ...(url !== undefined && { url }) },
      deps,
    );
    out.push(...results.map(asFeedResult));
  }
  return out;
}

/** One enrichment document is one "document"; its rows are not advisories, so those stay 0. */
export function asFeedResult(r: EnrichmentResult): EnrichmentSyncResult {
  const status = r.status === 'unchanged' ? 'ok' : r.status;
  return {
    source: r.source,
    baseUrl: r.url,
    ok: status === 'ok',
    status,
    documents: {
      fetched: r.status === 'ok' || r.status === 'partial' ? 1 : 0,
      unchanged: r.status === 'unchanged' ? 1 : 0,
      failed: r.status === 'failed' ? 1 : 0,
    },
    advisories: zeroCounts,
    diagnostics: r.diagnostics,
    ...(r.error !== undefined && { error: r.error }),
    enrichment: {
      rows: r.rows,
      skipped: r.skipped,
      version: r.version,
      documentDate: r.documentDate,
    },
  };
}
