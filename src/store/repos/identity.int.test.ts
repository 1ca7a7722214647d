import { describe } from 'vitest';
import { postgresStores } from '../../../test/store-harness.js';
import { runIdentityStoreConformance } from './identity-conformance.js';

const openPg = postgresStores('pl_identity');

describe('store/repos/identity', () => {
  describe('postgres', () => {
    runIdentityStoreConformance(openPg);
  });
});
