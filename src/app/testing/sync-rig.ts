import { afterEach, beforeEach } from 'vitest';
import { startMirror, type Mirror } from '../../advisories/fetch/testing/mirror.js';
import type { Clock } from '../../domain/clock.js';
import { openStore, type Store } from '../../store/index.js';
import { fetchHttpClient } from '../../util/http.js';
import type { SyncDeps } from '../feeds.js';

/** What a sync test runs against; `mirror` and `store` are fresh for each test. */
export interface SyncRig {
  readonly mirror: Mirror;
  readonly store: Store;
  /** Real HTTP to the mirror, `env` (the sources' URLs) plus `extra`, and no waits on retry. */
  deps(extra?: Record<string, string>): SyncDeps;
}

/**
 * Before each test of the calling block, starts a local mirror that `publish` fills and opens
 * an in-memory store on `clock`; closes both after it. `env` gives the variables that point
 * the synced sources at the mirror.
 */
export function useSyncRig(
  clock: Clock,
  publish: (m: Mirror) => void,
  env: (m: Mirror) => Record<string, string>,
): SyncRig {
  let mirror: Mirror | undefined;
  let store: Store | undefined;
  beforeEach(async () => {
    mirror = await startMirror();
    publish(mirror);
    store = await openStore(':memory:', clock);
  });
  afterEach(async () => {
    await store?.close();
    await mirror?.close();
  });
  return {
    get mirror() {
      return mirror!;
    },
    get store() {
      return store!;
    },
    deps: (extra = {}) => ({
      http: fetchHttpClient(),
      clock,
      env: { ...env(mirror!), ...extra },
      sleep: () => Promise.resolve(),
      random: () => 0,
    }),
  };
}
