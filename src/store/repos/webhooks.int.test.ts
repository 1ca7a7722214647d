import { describe } from 'vitest';
import { pgSchemas } from '../../../test/pg-schemas.js';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { runWebhookStoreConformance, type WebhookStoreHarness } from './webhooks-conformance.js';

const pgt = pgSchemas('pl_webhooks');

async function openPg(clock: FixedClock): Promise<WebhookStoreHarness> {
  const schema = await pgt.next();
  const store = await openStore(pgt.url, clock, { schema, poolSize: 2 });
  return {
    store,
    clock,
    close: async () => {
      await store.close();
      await pgt.drop(schema);
    },
  };
}

describe('store/repos/webhooks', () => {
  describe('postgres', () => {
    runWebhookStoreConformance(openPg);
  });
});
