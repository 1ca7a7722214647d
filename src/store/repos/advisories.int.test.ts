import pg from 'pg';
import { describe } from 'vitest';
import { pgSchemas } from '../../../test/pg-schemas.js';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import {
  runAdvisoryStoreConformance,
  type AdvisoryStoreHarness,
} from './advisories-conformance.js';

const pgt = pgSchemas('pl_adv');
const url = pgt.url;

async function openPg(clock: FixedClock): Promise<AdvisoryStoreHarness> {
  const schema = await pgt.next();
  const store = await openStore(url, clock, { schema, poolSize: 2 });
  const raw = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await raw.connect();
  return {
    store,
    rows: async (statement) => (await raw.query<Record<string, unknown>>(statement)).rows,
    close: async () => {
      await raw.end();
      await store.close();
      await pgt.drop(schema);
    },
  };
}

describe('store/repos/advisories', () => {
  describe('postgres', () => {
    runAdvisoryStoreConformance(openPg);
  });
});
