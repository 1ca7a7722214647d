import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FixedClock } from '../src/domain/clock.js';
import { openStore, type Store } from '../src/store/index.js';
import { pgSchemas } from './pg-schemas.js';

/** What a store conformance suite opens per case: a fresh store on the case's clock. */
export interface StoreHarness {
  readonly store: Store;
  readonly clock: FixedClock;
  close(): Promise<void>;
}

/** Fresh SQLite files, each in a folder of its own under the OS temp folder. */
export function sqliteStores(prefix: string): (clock: FixedClock) => Promise<StoreHarness> {
  return async (clock) => {
    const dir = mkdtempSync(join(tmpdir(), `patchline-${prefix}-`));
    const store = await openStore(join(dir, 'test.db'), clock);
    return {
      store,
      clock,
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

/** Fresh PostgreSQL schemas (call at the top of a test file: it registers the file's hooks). */
export function postgresStores(prefix: string): (clock: FixedClock) => Promise<StoreHarness> {
  const pgt = pgSchemas(prefix);
  return async (clock) => {
    const schema = await pgt.next();
    const store = await openStore(pgt.url, clock, { schema, poolSize: 2 });
    return {
      store,
      clock,
      close: async () => {
        await store.close();
        await pgt.drop(schema);
      },
    };
  };
}
