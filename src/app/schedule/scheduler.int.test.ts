import { afterEach, describe, expect, it } from 'vitest';
import { spawnJobsWorker, waitUntil, type JobsChild } from '../../../test/jobs-processes.js';
import { pgSchemas } from '../../../test/pg-schemas.js';
import { fixedClock } from '../../domain/clock.js';
import { openStore } from '../../store/index.js';
import { postgresJobs } from '../jobs/postgres/engine.js';

const pgt = pgSchemas('pl_sched');
const start = '2026-12-08T00:00:00.000Z';
const ticks = 25;
const interval = 60_000;

describe('app/schedule: three scheduler processes on PostgreSQL', () => {
  let children: JobsChild[] = [];
  afterEach(async () => {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    children = [];
  });

  it('fire every tick exactly once, and enqueue one job per tick', async () => {
    const schema = await pgt.next();
    const gw = `${schema}_gw`;
    const clock = fixedClock(start);
    const store = await openStore(pgt.url, clock, { schema, poolSize: 2 });
    const jobs = postgresJobs(store, clock, new Map(), {
      connectionString: pgt.url,
      graphileSchema: gw,
    });
    try {
      // Installs graphile's schema before the processes race for it.
      await jobs.queue.enqueue({ kind: 'warm-up', requestedBy: 'system:test' });
      children = [0, 1, 2].map(() =>
        spawnJobsWorker(['scheduler', pgt.url, schema, gw, start, String(ticks), String(interval)]),
      );
      await waitUntil(
        () => children.every((c) => c.lines.some((l) => l.event === 'ready')),
        'three schedulers ready',
        40_000,
      );
      for (const c of children) c.proc.stdin.end('go\n');
      const codes = await Promise.all(children.map((c) => c.exited));

      const won = children.map(
        (c) => (c.lines.find((l) => l.event === 'fired')?.ticks ?? []) as string[],
      );
      const all = won.flat().sort();
      const expected = Array.from({ length: ticks }, (_, i) =>
        new Date(Date.parse(start) + i * interval).toISOString(),
      );
      const stored = await store.jobs.ticks('tick');
      const enqueued = await jobs.queue.list({ kind: 'ticked', limit: 1000 });
      expect({ codes, stderr: children.map((c) => c.stderr()) }).toEqual({
        codes: [0, 0, 0],
        stderr: ['', '', ''],
      });
      expect(all).toEqual(expected);
      expect(stored.map((t) => t.tick)).toEqual(expected);
      expect(enqueued).toHaveLength(ticks);
      expect(new Set(stored.map((t) => t.jobId))).toEqual(new Set(enqueued.map((j) => j.id)));
      // Not one process doing all the work: the race was real.
      expect(won.filter((w) => w.length > 0).length).toBeGreaterThan(1);
    } finally {
      await jobs.close();
      await store.close();
      await pgt.drop(gw);
    }
  }, 90_000);
});
