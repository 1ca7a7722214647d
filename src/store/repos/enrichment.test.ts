import { describe } from 'vitest';
import { sqliteStores } from '../../../test/store-harness.js';
import { runEnrichmentStoreConformance } from './enrichment-conformance.js';

const openSqlite = sqliteStores('enrich');

describe('store/repos/enrichment', () => {
  describe('sqlite', () => {
    runEnrichmentStoreConformance(openSqlite);
  });
});
