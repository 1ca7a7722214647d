import { describe } from 'vitest';
import { sqliteStores } from '../../../test/store-harness.js';
import { runJobStoreConformance } from './jobs-conformance.js';

const openSqlite = sqliteStores('jobs');

describe('store/repos/jobs', () => {
  describe('sqlite', () => {
    runJobStoreConformance(openSqlite);
  });
});
