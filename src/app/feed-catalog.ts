import { feedDefinitions } from '../advisories/fetch/feeds.js';
import { feedEnvName } from '../advisories/fetch/options.js';
import { sleep } from '../advisories/fetch/retry.js';
import { getAdvisorySource } from '../advisories/registry.js';
import type { Clock } from '../domain/clock.js';
import { fetchHttpClient } from '../util/http.js';
import type { Env } from './config.js';
import type { SyncDeps } from './feeds.js';

/** One vendor feed as people configure it: its id, default URL and the variables that tune it. */
export interface FeedEntry {
  readonly id: string;
  readonly defaultBaseUrl: string;
  readonly options: readonly { readonly env: string; readonly default: string }[];
}

/** Every feed `feeds sync` knows, in its order. */
export function feedCatalog(): FeedEntry[] {
  return [...feedDefinitions.values()].map((f) => ({
    id: f.id,
    defaultBaseUrl: f.defaultBaseUrl,
    options: Object.entries(f.options).map(([name, def]) => ({
      env: feedEnvName(f.id, name),
      default: def,
    })),
  }));
}

/** Throws NOT_FOUND-style bad input when `source` names no advisory source. */
export function checkAdvisorySource(source: string): void {
  getAdvisorySource(source);
}

/** What a real sync runs on: the network client, real sleeps and jitter. */
export function liveSyncDeps(clock: Clock, env: Env, onProgress: SyncDeps['onProgress']): SyncDeps {
  return {
    http: fetchHttpClient(),
    clock,
    env,
    sleep,
    random: Math.random,
    ...(onProgress && { onProgress }),
  };
}
