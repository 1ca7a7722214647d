import { describe } from 'vitest';
import { postgresStores } from '../../../test/store-harness.js';
import { runPolicyStoreConformance } from './policy-store-conformance.js';

const openPg = postgresStores('pl_policy');

describe('store/repos/policy-versions', () => {
  describe('postgres', () => {
    runPolicyStoreConformance(openPg);
  });
});
