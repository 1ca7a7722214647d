import { randomUUID } from 'node:crypto';
import type { Clock } from '../../domain/clock.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Store } from '../../store/index.js';
import type { AppConfig, Env } from '../config.js';
import { startScheduler, type Firing } from '../schedule/scheduler.js';
import { defaultSchedules, type Schedule } from '../schedule/schedule.js';
import { loadKeyForStore } from '../secrets.js';
import { secretKeyFile } from '../vsphere/secrets.js';
import {
  jobStates,
  type JobFilter,
  type JobQueue,
  type JobRecord,
  type JobState,
} from './contract.js';
import { jobHandlers } from './handlers.js';
import { openJobs, type JobHandlers, type JobsConfig } from './open.js';
import { toRecord } from './queue.js';

/** `jobs list`: newest first; an unknown state is refused naming the known ones. */
export async function listJobs(
  store: Store,
  filter: { readonly state?: string; readonly kind?: string; readonly limit?: number } = {},
): Promise<JobRecord[]> {
  if (filter.state !== undefined && !jobStates.includes(filter.state as JobState)) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `unknown job state ${filter.state} (one of ${jobStates.join(', ')})`,
    );
  }
  const f: JobFilter = {
    ...(filter.state !== undefined && { state: filter.state as JobState }),
    ...(filter.kind !== undefined && { kind: filter.kind }),
    ...(filter.limit !== undefined && { limit: filter.limit }),
  };
  return (await store.jobs.list(f)).map(toRecord);
}

/** `jobs show ID`; NOT_FOUND for an unknown id. */
export async function showJob(store: Store, id: string): Promise<JobRecord> {
  const j = await store.jobs.get(id);
  if (!j) throw new AppError(ErrorCode.NotFound, `no job ${id}`);
  return toRecord(j);
}

/** `jobs cancel ID`, through the engine so a PostgreSQL job also leaves graphile's queue. */
export async function cancelJob(
  store: Store,
  config: JobsConfig,
  clock: Clock,
  id: string,
  actor: string,
): Promise<JobRecord> {
  const jobs = openJobs(store, config, clock, {});
  try {
    return await jobs.queue.cancel(id, actor);
  } finally {
    await jobs.close();
  }
}

export interface WorkerRun {
  readonly store: Store;
  readonly config: AppConfig & JobsConfig;
  readonly clock: Clock;
  readonly env: Env;
  /** Ends the run: the worker drains for `drainMs`, then aborts what still runs. */
  readonly signal: AbortSignal;
  readonly drainMs?: number;
  /** @default the Patchline handlers (`jobHandlers`) */
  readonly handlers?: JobHandlers;
  /** Schedules this process also fires (each tick fires once across processes); [] for none. */
  readonly schedules?: readonly Schedule[];
  readonly onStarted?: (workerId: string) => void;
  readonly onFired?: (f: Firing) => void;
}

/**
 * `patchline worker`: one worker process on PostgreSQL, with the scheduler, until `signal`.
 * On SQLite the server runs its worker in-process, and a second process would only contend
 * for the file's write lock; that is refused with the reason.
 */
export async function runWorker(run: WorkerRun): Promise<void> {
  if (run.store.dialect === 'sqlite') {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      'patchline worker runs on PostgreSQL only: with SQLite, `patchline serve` runs its own in-process worker (set PATCHLINE_DATABASE_URL to postgres://… for separate workers)',
      { location: { record: 'PATCHLINE_DATABASE_URL' } },
    );
  }
  const opened: { queue?: JobQueue } = {};
  const handlers =
    run.handlers ??
    jobHandlers({
      store: run.store,
      config: run.config,
      env: run.env,
      queue: () => {
        if (!opened.queue) throw new Error('the job queue is not open yet');
        return opened.queue;
      },
      secretKey: () => loadKeyForStore(run.env, secretKeyFile(run.config), run.store),
    });
  const jobs = openJobs(run.store, run.config, run.clock, handlers);
  opened.queue = jobs.queue;
  await jobs.worker.start();
  const scheduler = startScheduler({
    store: run.store,
    queue: jobs.queue,
    clock: run.clock,
    schedules: run.schedules ?? defaultSchedules,
    processId: `${jobs.worker.id}:${randomUUID().slice(0, 4)}`,
    ...(run.onFired && { onFired: run.onFired }),
  });
  run.onStarted?.(jobs.worker.id);
  try {
    if (!run.signal.aborted) {
      await new Promise<void>((r) =>
        run.signal.addEventListener('abort', () => r(), { once: true }),
      );
    }
  } finally {
    await scheduler.stop();
    await jobs.worker.stop(run.drainMs ?? 30_000);
    await jobs.close();
  }
}
