import { describe } from 'vitest';
import { sqliteStores } from '../../../test/store-harness.js';
import { runPolicyStoreConformance } from './policy-store-conformance.js';

const openSqlite = sqliteStores('policy');

describe('store/repos/policy-versions', () => {
  describe('sqlite', () => {
    runPolicyStoreConformance(openSqlite);
  });
});
