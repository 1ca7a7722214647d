import type { Store } from '../../store/index.js';

/** Freshness of each feed, shown next to findings. */
export interface FeedFreshness {
  readonly source: string;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
}

export async function feedFreshness(store: Pick<Store, 'feeds'>): Promise<FeedFreshness[]> {
  return (await store.feeds.list()).map((f) => ({
    source: f.source,
    lastSuccessAt: f.lastSuccessAt,
    lastError: f.lastError,
  }));
}
