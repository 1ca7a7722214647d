import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnJobsWorker, waitUntil, type JobsChild } from '../../../../test/jobs-processes.js';
import { pgSchemas } from '../../../../test/pg-schemas.js';
import { fixedClock } from '../../../domain/clock.js';
import { openStore } from '../../../store/index.js';
import { postgresJobs } from './engine.js';

const pgt = pgSchemas('pl_jobfault');

describe('app/jobs/postgres: a worker killed mid-job', () => {
  let children: JobsChild[] = [];
  afterEach(async () => {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    children = [];
  });

  it('is retried by another worker: the job succeeds once and its side effect exists once', async () => {
    const schema = await pgt.next();
    const gw = `${schema}_gw`;
    const clock = fixedClock('2026-12-01T00:00:00Z');
    const store = await openStore(pgt.url, clock, { schema, poolSize: 2 });
    const admin = new pg.Client({ connectionString: pgt.url });
    await admin.connect();
    const jobs = postgresJobs(store, clock, new Map(), {
      connectionString: pgt.url,
      graphileSchema: gw,
    });
    try {
      await admin.query(
        `create table ${schema}.fault_effects (job_id text primary key, attempt int, pid int)`,
      );
      const job = await jobs.queue.enqueue({
        kind: 'fault.work',
        payload: { sleepMs: 4000 },
        requestedBy: 'system:test',
      });

      children = [0, 1, 2].map(() => spawnJobsWorker(['worker', pgt.url, schema, gw]));
      const events = () => children.flatMap((c) => c.lines);
      // Lines are gathered per child, not in time order: order the attempts by number.
      const started = () =>
        events()
          .filter((e) => e.event === 'started')
          .sort((a, b) => (a.attempt as number) - (b.attempt as number));
      await waitUntil(() => started().length >= 1, 'the first attempt to start', 40_000);
      const victim = started()[0]!.pid as number;
      children.find((c) => c.proc.pid === victim)!.proc.kill('SIGKILL');
      await waitUntil(
        async () => (await jobs.queue.get(job.id))?.state === 'succeeded',
        'the job to succeed on another worker',
        40_000,
      );
      for (const c of children) if (c.proc.pid !== victim) c.proc.kill('SIGTERM');
      const codes = await Promise.all(children.map((c) => c.exited));

      const done = await jobs.queue.get(job.id);
      const effects = await admin.query(`select * from ${schema}.fault_effects`);
      const finished = events().filter((e) => e.event === 'finished');
      expect(done).toMatchObject({ state: 'succeeded', attempts: 2 });
      expect(done?.lastError).toMatch(/lease .* expired/);
      expect(started().map((e) => e.attempt)).toEqual([1, 2]);
      expect(started()[1]!.pid).not.toBe(victim);
      expect(finished).toHaveLength(1);
      expect(finished[0]).toMatchObject({ attempt: 2, pid: started()[1]!.pid });
      expect(done?.result).toEqual({ pid: started()[1]!.pid });
      expect(effects.rows).toEqual([{ job_id: job.id, attempt: 1, pid: victim }]);
      expect(codes.filter((c) => c === 0)).toHaveLength(2);
    } finally {
      await jobs.close();
      await admin.end();
      await store.close();
      await pgt.drop(gw);
    }
  }, 90_000);
});
