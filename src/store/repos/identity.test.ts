import { describe } from 'vitest';
import { sqliteStores } from '../../../test/store-harness.js';
import { runIdentityStoreConformance } from './identity-conformance.js';

const openSqlite = sqliteStores('identity');

describe('store/repos/identity', () => {
  describe('sqlite', () => {
    runIdentityStoreConformance(openSqlite);
  });
});
