import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { FixedClock } from '../domain/clock.js';
import { runStoreConformance, type StoreHarness } from './conformance.js';
import { openStore } from './open.js';

/** Real PostgreSQL (test/peers/setup.d/20-postgres.sh); unreachable means failed, not skipped. */
const url = process.env.PATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Every test gets its own schema under this per-run prefix, dropped afterwards. */
const runPrefix = `pl_test_${process.pid}_${Date.now().toString(36)}`;
let admin: pg.Client;
let n = 0;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
});

afterAll(async () => {
  const { rows } = await admin.query<{ nspname: string }>(
    'select nspname from pg_namespace where nspname like $1',
    [`${runPrefix}%`],
  );
  for (const r of rows) await admin.query(`drop schema ${r.nspname} cascade`);
  await admin.end();
});

async function openPgHarness(clock: FixedClock): Promise<StoreHarness> {
  const schema = `${runPrefix}_${++n}`;
  await admin.query(`create schema ${schema}`);
  let ids = 0;
  const store = await openStore(url, clock, { schema, poolSize: 2, newId: () => `id-${++ids}` });
  const raw = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await raw.connect();
  return {
    store,
    exec: async (statement) => {
      await raw.query(statement);
    },
    tamperAuditReason: async (seq, reason) => {
      await raw.query('alter table audit_events disable trigger audit_events_append_only');
      await raw.query('update audit_events set reason = $1 where seq = $2', [reason, seq]);
    },
    close: async () => {
      await raw.end();
      await store.close();
      await admin.query(`drop schema ${schema} cascade`);
    },
  };
}

describe('store/postgres', () => {
  runStoreConformance({ open: openPgHarness });
});
