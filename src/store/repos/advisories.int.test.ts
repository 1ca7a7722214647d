import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import {
  runAdvisoryStoreConformance,
  type AdvisoryStoreHarness,
} from './advisories-conformance.js';

/** Real PostgreSQL (test/peers/setup.d/20-postgres.sh); unreachable means failed, not skipped. */
const url = process.env.PATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runPrefix = `pl_adv_${process.pid}_${Date.now().toString(36)}`;
let admin: pg.Client;
let n = 0;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
});

afterAll(async () => {
  await admin.end();
});

async function openPg(clock: FixedClock): Promise<AdvisoryStoreHarness> {
  const schema = `${runPrefix}_${++n}`;
  await admin.query(`create schema ${schema}`);
  const store = await openStore(url, clock, { schema, poolSize: 2 });
  const raw = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await raw.connect();
  return {
    store,
    rows: async (statement) => (await raw.query<Record<string, unknown>>(statement)).rows,
    close: async () => {
      await raw.end();
      await store.close();
      await admin.query(`drop schema ${schema} cascade`);
    },
  };
}

describe('store/repos/advisories', () => {
  describe('postgres', () => {
    runAdvisoryStoreConformance(openPg);
  });
});
