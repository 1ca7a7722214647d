import { describe } from 'vitest';
import { pgSchemas } from '../../../test/pg-schemas.js';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { runPolicyStoreConformance, type PolicyStoreHarness } from './policy-store-conformance.js';

const pgt = pgSchemas('pl_policy');

async function openPg(clock: FixedClock): Promise<PolicyStoreHarness> {
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

describe('store/repos/policy-versions', () => {
  describe('postgres', () => {
    runPolicyStoreConformance(openPg);
  });
});
