import { describe } from 'vitest';
import { sqliteStores } from '../../../test/store-harness.js';
import { runWebhookStoreConformance } from './webhooks-conformance.js';

const openSqlite = sqliteStores('webhooks');

describe('store/repos/webhooks', () => {
  describe('sqlite', () => {
    runWebhookStoreConformance(openSqlite);
  });
});
