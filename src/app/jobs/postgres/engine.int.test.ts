import { describe } from 'vitest';
import { pgSchemas } from '../../../../test/pg-schemas.js';
import type { FixedClock } from '../../../domain/clock.js';
import { openStore } from '../../../store/index.js';
import { runJobsConformance, type JobsHarness } from '../conformance.js';
import type { JobHandler } from '../contract.js';
import { postgresJobs } from './engine.js';

const pgt = pgSchemas('pl_jobs');
const leaseMs = 1500;

async function openPg(clock: FixedClock): Promise<JobsHarness> {
  const schema = await pgt.next();
  const store = await openStore(pgt.url, clock, { schema, poolSize: 4 });
  const engines: ReturnType<typeof postgresJobs>[] = [];
  const engine = (handlers: ReadonlyMap<string, JobHandler>) => {
    const e = postgresJobs(store, clock, handlers, {
      connectionString: pgt.url,
      graphileSchema: `${schema}_gw`,
      pollMs: 100,
      leaseMs,
    });
    engines.push(e);
    return e;
  };
  return {
    queue: engine(new Map()).queue,
    leaseMs,
    async worker(handlers) {
      const { worker } = engine(new Map(Object.entries(handlers)));
      await worker.start();
      return worker;
    },
    async close() {
      for (const e of engines) await e.close();
      await store.close();
      await pgt.drop(`${schema}_gw`);
      await pgt.drop(schema);
    },
  };
}

describe('app/jobs/postgres', () => {
  runJobsConformance(openPg);
});
