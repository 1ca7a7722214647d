import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import {
  runEnrichmentStoreConformance,
  type EnrichmentStoreHarness,
} from './enrichment-conformance.js';

async function openSqlite(clock: FixedClock): Promise<EnrichmentStoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-enrich-'));
  const store = await openStore(join(dir, 'test.db'), clock);
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('store/repos/enrichment', () => {
  describe('sqlite', () => {
    runEnrichmentStoreConformance(openSqlite);
  });
});
