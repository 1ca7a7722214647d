import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe } from 'vitest';
import { runStoreConformance, type StoreHarness } from './conformance.js';
import { openStore } from './open.js';
import type { FixedClock } from '../domain/clock.js';

async function openSqliteHarness(clock: FixedClock): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-store-'));
  const file = join(dir, 'test.db');
  let n = 0;
  const store = await openStore(file, clock, { newId: () => `id-${++n}` });
  const raw = new BetterSqlite3(file);
  return {
    store,
    exec: async (statement) => {
      await Promise.resolve();
      raw.exec(statement);
    },
    tamperAuditReason: async (seq, reason) => {
      await Promise.resolve();
      raw.exec('drop trigger audit_events_no_update');
      raw.prepare('update audit_events set reason = ? where seq = ?').run(reason, seq);
    },
    close: async () => {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('store/sqlite', () => {
  runStoreConformance({ open: openSqliteHarness });
});
