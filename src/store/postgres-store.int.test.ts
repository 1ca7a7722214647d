import pg from 'pg';
import { describe } from 'vitest';
import { pgSchemas } from '../../test/pg-schemas.js';
import type { FixedClock } from '../domain/clock.js';
import { runStoreConformance, type StoreHarness } from './conformance.js';
import { openStore } from './open.js';

const pgt = pgSchemas('pl_test');
const url = pgt.url;

async function openPgHarness(clock: FixedClock): Promise<StoreHarness> {
  const schema = await pgt.next();
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
      await pgt.drop(schema);
    },
  };
}

describe('store/postgres', () => {
  runStoreConformance({ open: openPgHarness });
});
