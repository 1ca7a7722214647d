import { describe } from 'vitest';
import { postgresStores } from '../../../test/store-harness.js';
import { runJobStoreConformance } from './jobs-conformance.js';

const openPg = postgresStores('pl_jobsrepo');

describe('store/repos/jobs', () => {
  describe('postgres', () => {
    runJobStoreConformance(openPg);
  });
});
