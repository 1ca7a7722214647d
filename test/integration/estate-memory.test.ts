import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEstate, type WrittenEstate } from '../../bench/estate/generate.js';
import { loadEstate } from '../../src/app/estate.js';
import { importEstate } from '../../src/app/import-estate.js';
import { fixedClock } from '../../src/domain/clock.js';
import { openStore, type Store } from '../../src/store/index.js';

/** Real PostgreSQL (test/peers/setup.d/20-postgres.sh); unreachable means failed, not skipped. */
const url = process.env.PATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `pl_estate_mem_${process.pid}_${Date.now().toString(36)}`;
const batchSize = 250;
const mib = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let dir: string;
let estate: WrittenEstate;
let admin: pg.Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-estate-mem-'));
  // 3,000 clones over 300 distinct files: a batch names 250 different files, ~1,250 packages each.
  estate = writeEstate(join(dir, 'estate'), { seed: 5, hosts: 3_000, files: 300, templates: 8 });
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
});

afterAll(async () => {
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Live heap (after a full collection) while each batch is held, in MiB above the heap before the
 * import. Sampled at the first outcome of each batch, when its inventories are still referenced.
 */
async function importMeasured(store: Store) {
  const loaded = await loadEstate(join(dir, 'estate'));
  gc();
  const before = process.memoryUsage().heapUsed;
  const live: number[] = [];
  let seen = 0;
  const result = await importEstate(store, loaded, {
    actor: 'test',
    batchSize,
    onAsset: () => {
      if (seen++ % batchSize !== 0) return;
      gc();
      live.push((process.memoryUsage().heapUsed - before) / mib);
    },
  });
  return { result, live };
}

describe.each([
  ['SQLite', () => openStore(join(dir, `m-${Date.now()}.db`), fixedClock('2026-12-07T12:00:00Z'))],
  ['PostgreSQL', () => openStore(url, fixedClock('2026-12-07T12:00:00Z'), { schema, poolSize: 2 })],
])('import estate memory on %s', (_db, open) => {
  it('holds a batch in bounded memory that does not grow with the estate, and loses nothing', async () => {
    const store = await open();
    try {
      const { result, live } = await importMeasured(store);

      const assets = estate.hosts + estate.images;
      expect(result).toMatchObject({ stored: assets, created: assets, refused: 0 });
      expect(result.files.parsed).toBe(estate.files);
      expect(live).toHaveLength(Math.ceil(assets / batchSize));
      // Before files were shared, a batch held ~155 MiB here, and outcomes piled up after it.
      expect(Math.max(...live)).toBeLessThan(60);
      expect(live.at(-1)! - live[1]!).toBeLessThan(10);
      const stats = await store.stats();
      expect(stats.rows.assets).toBe(assets);
      expect(stats.rows.inventories).toBe(assets);
      expect(await store.audit.verify()).toEqual({ ok: true, count: assets });
    } finally {
      await store.close();
    }
  });
});
