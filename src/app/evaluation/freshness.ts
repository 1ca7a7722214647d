import type { Store } from '../../store/index.js';

/** Freshness of each feed, shown next to findings: when fetched, and the data's own date. */
export interface FeedFreshness {
  readonly source: string;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
  /**
   * Newest `modified` (else `published`) among the source's stored advisories: how new the data
   * is, whenever it was fetched. Null when no advisory carries a date.
   */
  readonly dataAsOf: string | null;
}

export async function feedFreshness(
  store: Pick<Store, 'feeds' | 'advisories'>,
): Promise<FeedFreshness[]> {
  const newest = await store.advisories.newestDates();
  return (await store.feeds.list()).map((f) => ({
    source: f.source,
    lastSuccessAt: f.lastSuccessAt,
    lastError: f.lastError,
    dataAsOf: later(newest[f.source]?.modified ?? null, newest[f.source]?.published ?? null),
  }));
}

function later(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
