import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import {
  runAdvisoryStoreConformance,
  type AdvisoryStoreHarness,
} from './advisories-conformance.js';

async function openSqlite(clock: FixedClock): Promise<AdvisoryStoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-adv-'));
  const file = join(dir, 'test.db');
  const store = await openStore(file, clock);
  const raw = new BetterSqlite3(file, { readonly: true });
  return {
    store,
    rows: async (statement) => {
      await Promise.resolve();
      return raw.prepare(statement).all() as Record<string, unknown>[];
    },
    close: async () => {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('store/repos/advisories', () => {
  describe('sqlite', () => {
    runAdvisoryStoreConformance(openSqlite);
  });
});
