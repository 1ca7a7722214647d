import { describe } from 'vitest';
import { pgSchemas } from '../../../test/pg-schemas.js';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { runJobStoreConformance, type JobStoreHarness } from './jobs-conformance.js';

const pgt = pgSchemas('pl_jobsrepo');

async function openPg(clock: FixedClock): Promise<JobStoreHarness> {
  const schema = await pgt.next();
  const store = await openStore(pgt.url, clock, { schema, poolSize: 2 });
  return {
    store,
    close: async () => {
      await store.close();
      await pgt.drop(schema);
    },
  };
}

describe('store/repos/jobs', () => {
  describe('postgres', () => {
    runJobStoreConformance(openPg);
  });
});
