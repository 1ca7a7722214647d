import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { runPolicyStoreConformance, type PolicyStoreHarness } from './policy-store-conformance.js';

async function openSqlite(clock: FixedClock): Promise<PolicyStoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-policy-'));
  const store = await openStore(join(dir, 'test.db'), clock);
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('store/repos/policy-versions', () => {
  describe('sqlite', () => {
    runPolicyStoreConformance(openSqlite);
  });
});
