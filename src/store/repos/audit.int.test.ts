import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { runAuditTamperSuite, type TamperHarness } from './audit-tamper.js';

/** Real PostgreSQL (test/peers/setup.d/20-postgres.sh); unreachable means failed, not skipped. */
const url = process.env.PATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runPrefix = `pl_audit_${process.pid}`;
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

async function openPg(clock: FixedClock): Promise<TamperHarness> {
  const schema = `${runPrefix}_${++n}`;
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.query(`create schema ${schema}`);
  const store = await openStore(url, clock, { schema, poolSize: 2 });
  const raw = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await raw.connect();
  return {
    store,
    exec: async (statement) => {
      await raw.query(statement);
    },
    dropGuards: async () => {
      await raw.query('drop trigger audit_events_append_only on audit_events');
    },
    close: async () => {
      await raw.end();
      await store.close();
      await admin.query(`drop schema ${schema} cascade`);
    },
  };
}

describe('store/audit on PostgreSQL', () => {
  runAuditTamperSuite(openPg);
});
