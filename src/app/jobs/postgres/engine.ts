import { randomUUID } from 'node:crypto';
import {
  Logger,
  makeWorkerUtils,
  run,
  type JobHelpers,
  type Runner,
  type WorkerUtils,
} from 'graphile-worker';
import type { Clock } from '../../../domain/clock.js';
import type { Store, StoredJob } from '../../../store/index.js';
import { iso, later, retryable, RunningAttempts, runAttempt } from '../attempt.js';
import type { JobHandler, JobQueue } from '../contract.js';
import { storeQueue } from '../queue.js';
import type { EngineWorker } from '../sqlite/worker.js';

/** graphile-worker's one task: it carries our job id and runs whatever kind the row names. */
export const graphileTask = 'patchline.job';

export interface PostgresJobsOptions {
  readonly connectionString: string;
  /** Schema of graphile-worker's tables. @default `graphile_worker` */
  readonly graphileSchema?: string;
  /** @default 2 */
  readonly concurrency?: number;
  /** graphile's poll interval (it also listens for new jobs). @default 2000 */
  readonly pollMs?: number;
  /** Lease of a running attempt, renewed every third of it. @default 60000 */
  readonly leaseMs?: number;
  /** A queued row older than this with no graphile job is handed to graphile again. @default 60000 */
  readonly orphanMs?: number;
}

/** `runAt` graphile's own retry will use: its backoff is exp(min(attempts, 10)) seconds. */
const graphileBackoffMs = (attempts: number): number =>
  Math.round(Math.exp(Math.min(attempts, 10)) * 1000);

const quiet = new Logger(() => () => undefined);

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The PostgreSQL engine: our `jobs` row is the record, graphile-worker dispatches it across
 * processes with `job_key` = our id. graphile keeps a job locked for four hours after a crash,
 * so each worker also expires our leases and frees a lost worker's jobs with
 * `forceUnlockWorkers` (decision 0050).
 */
export function postgresJobs(
  store: Store,
  clock: Clock,
  handlers: ReadonlyMap<string, JobHandler>,
  opts: PostgresJobsOptions,
): { queue: JobQueue; worker: EngineWorker; close(): Promise<void> } {
  const schema = opts.graphileSchema ?? 'graphile_worker';
  const leaseMs = opts.leaseMs ?? 60_000;
  const orphanMs = opts.orphanMs ?? 60_000;
  const running = new RunningAttempts();
  const pgOptions = {
    connectionString: opts.connectionString,
    schema,
    logger: quiet,
    noPreparedStatements: true,
  };
  let utils: Promise<WorkerUtils> | undefined;
  const getUtils = (): Promise<WorkerUtils> => {
    utils ??= makeWorkerUtils(pgOptions).then(async (u) => {
      await u.migrate();
      return u;
    });
    return utils;
  };

  async function offer(job: StoredJob, mode: 'replace' | 'unsafe_dedupe'): Promise<void> {
    const u = await getUtils();
    const delay = Date.parse(job.runAt) - clock.now().getTime();
    await u.addJob(
      graphileTask,
      { id: job.id },
      {
        jobKey: job.id,
        jobKeyMode: mode,
        maxAttempts: job.maxAttempts,
        ...(delay > 0 && { runAt: new Date(job.runAt) }),
      },
    );
  }

  async function removeGraphileJob(id: string): Promise<void> {
    const u = await getUtils();
    await u.withPgClient((c) => c.query(`select ${quoteIdent(schema)}.remove_job($1)`, [id]));
  }

  const queue = storeQueue(store, clock, running, {
    enqueued: (job) => offer(job, 'replace'),
    cancelled: async (job, was) => {
      if (was === 'queued') await removeGraphileJob(job.id);
    },
  });

  const workerId = `pg:${process.pid}:${randomUUID().slice(0, 8)}`;
  let runner: Runner | undefined;
  let reaper: NodeJS.Timeout | undefined;
  let reaping: Promise<void> | undefined;
  let abandoned = false;
  let stopping: Promise<void> | undefined;
  const hung: (() => void)[] = [];

  /** Runs one graphile attempt of our job; throws only to ask graphile for a retry. */
  async function task(payload: unknown, helpers: JobHelpers): Promise<void> {
    const id = (payload as { id?: unknown }).id;
    if (typeof id !== 'string') return;
    const job = await store.jobs.start({
      id,
      attempt: helpers.job.attempts,
      now: iso(clock.now()),
      owner: helpers.job.locked_by ?? workerId,
      leaseUntil: later(clock, leaseMs),
    });
    // Cancelled, finished, or still leased to another worker: nothing to run.
    if (!job) return;
    const outcome = await runAttempt(job, handlers.get(job.kind), {
      store,
      clock,
      running,
      leaseMs,
      outer: helpers.abortSignal,
    });
    if (abandoned) {
      // Behaves as a dead process: never reports, holds graphile's lock until released.
      await new Promise<void>((_, reject) => hung.push(() => reject(new Error('abandoned'))));
    }
    const ref = { id: job.id, attempt: job.attempts, now: iso(clock.now()) };
    if (outcome.kind === 'dropped') return;
    if (outcome.kind === 'succeeded') {
      await store.jobs.finish({ ...ref, state: 'succeeded', result: outcome.result });
      return;
    }
    if (job.attempts < job.maxAttempts && retryable(outcome)) {
      await store.jobs.retry({
        ...ref,
        runAt: later(clock, graphileBackoffMs(job.attempts)),
        error: outcome.error,
      });
      throw new Error(outcome.error);
    }
    await store.jobs.finish({ ...ref, state: 'failed', error: outcome.error });
  }

  /** Frees the graphile locks of workers whose leases expired; re-offers orphaned rows. */
  async function reap(): Promise<void> {
    const now = clock.now();
    const lost = await store.jobs.expire(iso(now));
    const u = await getUtils();
    const owners = [...new Set(lost.map((j) => j.leaseOwner).filter((o) => o !== null))];
    if (owners.length > 0) await u.forceUnlockWorkers(owners);
    for (const j of lost) {
      if (j.attempts >= j.maxAttempts) await removeGraphileJob(j.id);
    }
    const stale = new Date(now.getTime() - orphanMs).toISOString();
    const queued = await store.jobs.list({ state: 'queued', limit: 500 });
    for (const j of queued) if (j.runAt < stale) await offer(j, 'unsafe_dedupe');
  }

  function scheduleReap(): void {
    reaper = setTimeout(
      () => {
        reaping = reap()
          .catch(() => undefined)
          .finally(() => {
            reaping = undefined;
            if (runner && !abandoned) scheduleReap();
          });
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
  }

  async function drain(drainMs: number): Promise<void> {
    for (let waited = 0; running.size > 0 && waited < drainMs; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
    }
    running.abortAll('shutdown');
  }

  const worker: EngineWorker = {
    id: workerId,
    get running() {
      return runner !== undefined && !abandoned;
    },
    async start() {
      if (runner) return;
      await getUtils();
      abandoned = false;
      runner = await run({
        ...pgOptions,
        concurrency: opts.concurrency ?? 2,
        pollInterval: opts.pollMs ?? 2000,
        noHandleSignals: true,
        gracefulShutdownAbortTimeout: 24 * 3600_000,
        taskList: { [graphileTask]: task },
      });
      scheduleReap();
    },
    async stop(drainMs = 30_000) {
      const r = runner;
      clearTimeout(reaper);
      if (!r) return;
      await drain(drainMs);
      for (const release of hung.splice(0)) release();
      stopping ??= r.stop();
      await stopping;
      await reaping;
      runner = undefined;
      stopping = undefined;
    },
    abandon() {
      abandoned = true;
      clearTimeout(reaper);
      running.abortAll('lost');
      // Takes no more jobs; the abandoned attempts hold their locks until `stop`.
      if (runner) stopping ??= runner.stop().catch(() => undefined);
      return Promise.resolve();
    },
    wake() {},
  };

  return {
    queue,
    worker,
    async close() {
      await worker.stop(0);
      if (utils) await (await utils).release();
      utils = undefined;
    },
  };
}
