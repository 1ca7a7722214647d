import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { ErrorCode } from '../domain/errors.js';
import { parseInventory } from '../inventory/index.js';
import { openStore } from '../store/open.js';
import { importInventories } from './import-inventory.js';

/** Real PostgreSQL (test/peers/setup.d/20-postgres.sh); unreachable means failed, not skipped. */
const url = process.env.PATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `pl_shrink_${process.pid}_${Date.now().toString(36)}`;
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
});
afterAll(async () => {
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
});

const text = readFileSync(
  join(import.meta.dirname, '../inventory/dpkg/__fixtures__/debian12-bookworm-thishost.status'),
  'utf8',
);
const full = parseInventory(text, { platform: { family: 'debian', release: '12' } }).value;
const six = { ...full, packages: full.packages.slice(0, 6) };

describe('app/inventory-shrink on PostgreSQL', () => {
  it('a batch refuses the shrinking host, stores the others, and keeps the stored inventory', async () => {
    const store = await openStore(url, fixedClock('2026-11-27T09:00:00Z'), { schema, poolSize: 2 });
    try {
      const input = (name: string, inventory = full) => ({ name, actor: 't', inventory });
      await store.transaction((tx) => importInventories(tx, [input('a'), input('b')]));

      const out = await store.transaction((tx) =>
        importInventories(tx, [input('a', six), input('b'), input('c', six)]),
      );

      expect(out.map((o) => o.ok)).toEqual([false, true, true]);
      expect(out[0]).toMatchObject({
        error: { code: ErrorCode.InventoryInvalid, details: { storedCount: 768, newCount: 6 } },
      });
      const a = await store.assets.findByName('a');
      expect((await store.inventories.describe(a!.id))?.packageCount).toBe(768);
    } finally {
      await store.close();
    }
  });
});
