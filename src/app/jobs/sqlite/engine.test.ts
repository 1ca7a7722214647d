import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixedClock } from '../../../domain/clock.js';
import { openStore } from '../../../store/index.js';
import { retryDelayMs } from '../attempt.js';
import { runJobsConformance, type JobsHarness } from '../conformance.js';
import type { EngineWorker } from './worker.js';
import { sqliteJobs } from './engine.js';

const leaseMs = 3000;

async function openSqlite(clock: FixedClock): Promise<JobsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'patchline-jobs-'));
  const store = await openStore(join(dir, 'test.db'), clock);
  const workers: EngineWorker[] = [];
  return {
    queue: sqliteJobs(store, clock, new Map()).queue,
    leaseMs,
    async worker(handlers) {
      const w = sqliteJobs(store, clock, new Map(Object.entries(handlers)), {
        pollMs: 20,
        leaseMs,
        retry: { baseMs: 1000, maxMs: 2000 },
      }).worker;
      workers.push(w);
      await w.start();
      return w;
    },
    async close() {
      for (const w of workers) await w.stop(0);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('app/jobs/sqlite', () => {
  runJobsConformance(openSqlite);

  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [3, 1, 4000],
    [20, 1, 60_000],
  ])('backoff before attempt %i+1 with random %f is %i ms', (attempt, random, ms) => {
    expect(retryDelayMs(attempt, { baseMs: 1000, maxMs: 60_000 }, () => random)).toBe(ms);
  });
});
