import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import type { Store } from '../../store/index.js';
import { runDemo } from '../demo.js';
import { openStore } from '../open-store.js';

/** A demo store and the temporary folder it lives in. */
export interface DemoStore {
  readonly dir: string;
  readonly store: Store;
}

export interface DemoStoreOptions {
  /** `file`: one store for the calling file's tests (the default); `test`: a fresh one each. */
  readonly per?: 'file' | 'test';
  /** Run after the demo estate is loaded, to add what the tests need. */
  readonly seed?: (store: Store, dir: string) => Promise<void>;
}

/**
 * Opens `p.db` in a fresh folder named after `name`, on a clock fixed at 2026-11-27T09:00Z,
 * loads the demo estate into it, and closes and removes both when done.
 */
export function useDemoStore(name: string, opts: DemoStoreOptions = {}): DemoStore {
  let dir: string | undefined;
  let store: Store | undefined;
  const [before, after] = opts.per === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), `patchline-${name}-`));
    store = await openStore(join(dir, 'p.db'), fixedClock('2026-11-27T09:00:00Z'));
    await runDemo(store);
    await opts.seed?.(store, dir);
  });
  after(async () => {
    await store?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir!;
    },
    get store() {
      return store!;
    },
  };
}
