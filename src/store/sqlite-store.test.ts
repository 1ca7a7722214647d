import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  debianInventory,
  imagePackages,
  pkg,
  runStoreConformance,
  type StoreHarness,
} from './conformance.js';
import { openStore } from './open.js';
import { fixedClock, type FixedClock } from '../domain/clock.js';

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

  describe('query plans', () => {
    it('imports a clone with index lookups only, whatever the fleet size', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'patchline-plan-'));
      const file = join(dir, 'plan.db');
      const seen: { sql: string; parameters: readonly unknown[] }[] = [];
      const store = await openStore(file, fixedClock('2026-11-27T00:00:00Z'), {
        onQuery: (sql, parameters) => seen.push({ sql, parameters }),
      });
      const img = await store.assets.upsert({ kind: 'image', name: 'img@1' });
      await store.inventories.replace(img.id, debianInventory(imagePackages));
      for (let i = 0; i < 30; i++) {
        const h = await store.assets.upsert({ kind: 'host', name: `h${i}`, clonedFrom: img.id });
        await store.inventories.replace(
          h.id,
          debianInventory([...imagePackages, pkg(`x${i}`, '1')]),
          {
            baseAssetId: img.id,
          },
        );
      }
      seen.length = 0;

      await store.transaction(async (tx) => {
        const h = await tx.assets.upsert({ kind: 'host', name: 'h5', clonedFrom: img.id });
        await tx.inventories.replace(h.id, debianInventory([...imagePackages, pkg('y', '2')]), {
          baseAssetId: img.id,
        });
        await tx.audit.append({ actor: 't', action: 'inventory.import', object: h.id });
      });

      // Scanning the bound JSON array (json_each) reads no table. A packages insert with
      // RETURNING plans a scan of the unindexed child inventory_deltas (decision 0006) that
      // SQLite runs only while deferred foreign-key violations are pending (OP_FkIfZero).
      const raw = new BetterSqlite3(file, { readonly: true });
      const scans = seen
        .filter((q) => !/^(begin|commit|rollback)/i.test(q.sql))
        .flatMap((q) =>
          (raw.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as { detail: string }[])
            .map((r) => r.detail)
            .filter((d) => /^SCAN (?!CONSTANT|json_each)/.test(d) && !/ limit \?$/i.test(q.sql))
            .filter(
              (d) => !(d === 'SCAN inventory_deltas' && /^insert into "packages"/.test(q.sql)),
            ),
        );
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      expect(seen.length).toBeLessThan(20);
      expect(scans).toEqual([]);
    });
  });
});
