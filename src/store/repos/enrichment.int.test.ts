import { describe } from 'vitest';
import { postgresStores } from '../../../test/store-harness.js';
import { runEnrichmentStoreConformance } from './enrichment-conformance.js';

const openPg = postgresStores('pl_enrich');

describe('store/repos/enrichment', () => {
  describe('postgres', () => {
    runEnrichmentStoreConformance(openPg);
  });
});
