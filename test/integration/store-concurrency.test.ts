import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.js';
import { openStore } from '../../src/store/index.js';
import { runConcurrentWriters } from '../store-concurrency.js';

/** Real PostgreSQL (test/peers/setup.d/20-postgres.sh); unreachable means failed, not skipped. */
const url = process.env.PATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `pl_conc_${process.pid}`;
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.query(`create schema ${schema}`);
});

afterAll(async () => {
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

describe('store under concurrent writers (PostgreSQL, separate processes)', () => {
  it('lets four processes import into one database: all finish, nothing lost or doubled', async () => {
    await (await openStore(url, fixedClock('2026-11-27T12:00:00Z'), { schema })).close();

    await runConcurrentWriters(url, { rounds: 12, schema });
  });
});
