/**
 * A `patchline worker`-like process for the job fault and scheduler tests, run through tsx:
 *   jobs-worker.ts worker URL SCHEMA GRAPHILE_SCHEMA
 *     runs `runWorker` (no schedules) with one handler, `fault.work`, until SIGTERM: it writes a
 *     side-effect row keyed by job id (a retry adds none), prints `started`, sleeps, prints
 *     `finished`. Lines are JSON.
 *   jobs-worker.ts scheduler URL SCHEMA GRAPHILE_SCHEMA START TICKS INTERVAL_MS
 *     steps a fixed clock through TICKS ticks from START and runs one scheduler round at each,
 *     after `go` arrives on stdin, then prints the firings it won.
 */
import pg from 'pg';
import type { AppConfig } from '../../src/app/config.js';
import type { JobHandler } from '../../src/app/jobs/contract.js';
import { postgresJobs } from '../../src/app/jobs/postgres/engine.js';
import { runWorker } from '../../src/app/jobs/use-cases.js';
import { fireDue } from '../../src/app/schedule/scheduler.js';
import { fixedClock, systemClock } from '../../src/domain/clock.js';
import { openStore } from '../../src/store/index.js';

const [mode, url, schema, graphileSchema, ...rest] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  ...string[],
];
const print = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...o })}\n`);
};

if (mode === 'worker') {
  const store = await openStore(url, systemClock, { schema, poolSize: 4 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const work: JobHandler = async (payload, ctx) => {
    await client.query(
      `insert into ${schema}.fault_effects (job_id, attempt, pid) values ($1, $2, $3)
       on conflict (job_id) do nothing`,
      [ctx.jobId, ctx.attempt, process.pid],
    );
    print({ event: 'started', jobId: ctx.jobId, attempt: ctx.attempt });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, Number(payload.sleepMs));
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(t);
        reject(new Error(String(ctx.signal.reason)));
      });
    });
    print({ event: 'finished', jobId: ctx.jobId, attempt: ctx.attempt });
    return { pid: process.pid };
  };
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  const config = {
    home: '/nonexistent',
    databaseUrl: url,
    databaseExplicit: true,
    policy: undefined,
    actor: 'test',
    now: undefined,
    auditAnchor: undefined,
    maxInputBytes: 1 << 20,
    listen: { host: '127.0.0.1', port: 0 },
    graphileSchema,
    jobPollMs: 200,
    jobLeaseMs: 2000,
  } satisfies AppConfig & Record<string, unknown>;
  await runWorker({
    store,
    config,
    clock: systemClock,
    env: {},
    signal: stop.signal,
    drainMs: 0,
    handlers: { 'fault.work': work },
    schedules: [],
    onStarted: (id) => print({ event: 'ready', worker: id }),
  });
  await client.end();
  await store.close();
} else if (mode === 'scheduler') {
  const [start, ticksText, intervalText] = rest as [string, string, string];
  const interval = Number(intervalText);
  const clock = fixedClock(start);
  const store = await openStore(url, clock, { schema, poolSize: 2 });
  const jobs = postgresJobs(store, clock, new Map(), { connectionString: url, graphileSchema });
  const schedules = [{ name: 'tick', every: { intervalMs: interval }, job: { kind: 'ticked' } }];
  const won: string[] = [];
  // Waits for `go` on stdin, so the processes start their ticks together.
  print({ event: 'ready' });
  await new Promise<void>((r) =>
    process.stdin.once('data', () => {
      process.stdin.destroy();
      r();
    }),
  );
  for (let i = 0; i < Number(ticksText); i++) {
    clock.set(new Date(Date.parse(start) + i * interval + 500));
    // Every process fires at the same tick instants, so they race for each.
    const fired = await fireDue({
      store,
      queue: jobs.queue,
      clock,
      schedules,
      processId: `p${process.pid}`,
    });
    won.push(...fired.map((f) => f.tick));
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 5)));
  }
  print({ event: 'fired', ticks: won });
  await jobs.close();
  await store.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
