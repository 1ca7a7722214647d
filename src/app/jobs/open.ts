import type { Clock } from '../../domain/clock.js';
import type { Store } from '../../store/index.js';
import type { AppConfig } from '../config.js';
import type { JobHandler, JobQueue } from './contract.js';
import { postgresJobs } from './postgres/engine.js';
import { sqliteJobs } from './sqlite/engine.js';
import type { EngineWorker } from './sqlite/worker.js';

/** How the job engine runs; every field but the URL has a default. */
export interface JobsConfig extends Pick<AppConfig, 'databaseUrl'> {
  /** Jobs one worker runs at once. @default 2 */
  readonly jobConcurrency?: number;
  /** Poll interval when idle. @default 1000 (SQLite), 2000 (PostgreSQL) */
  readonly jobPollMs?: number;
  /** Lease of a running attempt; a dead worker's job runs again this long after. @default 60000 */
  readonly jobLeaseMs?: number;
  /** SQLite: retry backoff (PostgreSQL uses graphile-worker's). @default 5 s doubling to 10 min */
  readonly jobRetry?: { readonly baseMs: number; readonly maxMs: number };
  /** PostgreSQL: the schema of graphile-worker's tables. @default `graphile_worker` */
  readonly graphileSchema?: string;
}

/** Handlers by job kind. */
export type JobHandlers = ReadonlyMap<string, JobHandler> | Readonly<Record<string, JobHandler>>;

export interface Jobs {
  readonly queue: JobQueue;
  readonly worker: EngineWorker;
  /** Stops the worker (aborting running attempts) and releases the engine's connections. */
  close(): Promise<void>;
}

/**
 * The job queue and a worker for `store`: on SQLite the in-process poller, on PostgreSQL
 * graphile-worker over the same `jobs` table. The worker is not started.
 */
export function openJobs(
  store: Store,
  config: JobsConfig,
  clock: Clock,
  handlers: JobHandlers,
): Jobs {
  const byKind = handlers instanceof Map ? handlers : new Map(Object.entries(handlers));
  if (store.dialect === 'sqlite') {
    return sqliteJobs(store, clock, byKind, {
      ...(config.jobConcurrency !== undefined && { concurrency: config.jobConcurrency }),
      ...(config.jobPollMs !== undefined && { pollMs: config.jobPollMs }),
      ...(config.jobLeaseMs !== undefined && { leaseMs: config.jobLeaseMs }),
      ...(config.jobRetry !== undefined && { retry: config.jobRetry }),
    });
  }
  return postgresJobs(store, clock, byKind, {
    connectionString: config.databaseUrl,
    ...(config.graphileSchema !== undefined && { graphileSchema: config.graphileSchema }),
    ...(config.jobConcurrency !== undefined && { concurrency: config.jobConcurrency }),
    ...(config.jobPollMs !== undefined && { pollMs: config.jobPollMs }),
    ...(config.jobLeaseMs !== undefined && { leaseMs: config.jobLeaseMs }),
  });
}
