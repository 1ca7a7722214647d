import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { runJobStoreConformance, type JobStoreHarness } from './jobs-conformance.js';

async function openSqlite(clock: FixedClock): Promise<JobStoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-jobs-'));
  const store = await openStore(join(dir, 'test.db'), clock);
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('store/repos/jobs', () => {
  describe('sqlite', () => {
    runJobStoreConformance(openSqlite);
  });
});
