import pg from 'pg';
import { describe } from 'vitest';
import { pgSchemas } from '../../../test/pg-schemas.js';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { runAuditTamperSuite, type TamperHarness } from './audit-tamper.js';

const pgt = pgSchemas('pl_audit');
const url = pgt.url;

async function openPg(clock: FixedClock): Promise<TamperHarness> {
  const schema = await pgt.next();
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
      await pgt.drop(schema);
    },
  };
}

describe('store/audit on PostgreSQL', () => {
  runAuditTamperSuite(openPg);
});
