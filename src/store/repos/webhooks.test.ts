import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { runWebhookStoreConformance, type WebhookStoreHarness } from './webhooks-conformance.js';

async function openSqlite(clock: FixedClock): Promise<WebhookStoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-webhooks-'));
  const store = await openStore(join(dir, 'test.db'), clock);
  return {
    store,
    clock,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('store/repos/webhooks', () => {
  describe('sqlite', () => {
    runWebhookStoreConformance(openSqlite);
  });
});
