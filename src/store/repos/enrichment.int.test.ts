import { describe } from 'vitest';
import { pgSchemas } from '../../../test/pg-schemas.js';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import {
  runEnrichmentStoreConformance,
  type EnrichmentStoreHarness,
} from './enrichment-conformance.js';

const pgt = pgSchemas('pl_enrich');

async function openPg(clock: FixedClock): Promise<EnrichmentStoreHarness> {
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

describe('store/repos/enrichment', () => {
  describe('postgres', () => {
    runEnrichmentStoreConformance(openPg);
  });
});
