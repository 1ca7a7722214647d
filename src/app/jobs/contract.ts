import type { Clock } from '../../domain/clock.js';

/**
 * Durable background work. One interface, two engines with one conformance suite: on SQLite an
 * in-process worker over the `jobs` table, on PostgreSQL graphile-worker dispatching rows of the
 * same table, so `jobs list` reads the same history either way. A job runs at least once; its
 * handler must be idempotent (a retry after a crash repeats no side effect).
 */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const jobStates: readonly JobState[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
];

export interface JobSpec {
  /** Registered handler name, e.g. `feeds.sync`, `evaluate`, `vsphere.sync`. */
  readonly kind: string;
  readonly payload?: Readonly<Record<string, unknown>>;
  /** While a job with this key is queued or running, enqueueing the same key returns it. */
  readonly key?: string;
  readonly runAt?: Date;
  /** @default 5 */
  readonly maxAttempts?: number;
  /** Per attempt; the handler's signal aborts when it passes. @default 10 minutes */
  readonly timeoutMs?: number;
  /** Audit actor of whoever asked for it (`user:…`, `system:scheduler`). */
  readonly requestedBy: string;
}

export interface JobRecord {
  readonly id: string;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly key: string | null;
  readonly state: JobState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly runAt: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly lastError: string | null;
  readonly result: unknown;
  readonly requestedBy: string;
}

export interface JobFilter {
  readonly state?: JobState;
  readonly kind?: string;
  readonly limit?: number;
  /** Jobs created before this id's job, for paging newest first. */
  readonly before?: string;
}

export interface JobContext {
  readonly jobId: string;
  /** 1 on the first try. */
  readonly attempt: number;
  /** Aborts on cancel, timeout and shutdown. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
}

export type JobHandler = (
  payload: Readonly<Record<string, unknown>>,
  ctx: JobContext,
) => Promise<unknown>;

/** What every entry point sees: enqueue, read, cancel. */
export interface JobQueue {
  enqueue(spec: JobSpec): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  list(filter?: JobFilter): Promise<readonly JobRecord[]>;
  /** Queued jobs never start; a running one's signal aborts. Finished jobs are left as they are. */
  cancel(id: string, actor: string): Promise<JobRecord>;
  counts(): Promise<Readonly<Record<JobState, number>>>;
}

/** A worker: runs handlers for queued jobs until stopped. */
export interface JobWorker {
  start(): Promise<void>;
  /** Stops taking jobs, waits up to `drainMs` for running ones, then aborts them. */
  stop(drainMs?: number): Promise<void>;
  readonly running: boolean;
}
