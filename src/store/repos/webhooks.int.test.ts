import { describe } from 'vitest';
import { postgresStores } from '../../../test/store-harness.js';
import { runWebhookStoreConformance } from './webhooks-conformance.js';

const openPg = postgresStores('pl_webhooks');

describe('store/repos/webhooks', () => {
  describe('postgres', () => {
    runWebhookStoreConformance(openPg);
  });
});
