import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Store, StoredJob, StoredJobState } from '../../store/index.js';
import { uuidv7 } from '../../util/uuid7.js';
import { iso, type RunningAttempts } from './attempt.js';
import type { JobQueue, JobRecord, JobSpec } from './contract.js';

export const defaultMaxAttempts = 5;
export const defaultTimeoutMs = 10 * 60_000;

const spec = z.object({
  kind: z.string().min(1).max(200),
  payload: z.record(z.string(), z.unknown()).optional(),
  key: z.string().min(1).max(500).optional(),
  runAt: z.date().optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  timeoutMs: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600_000)
    .optional(),
  requestedBy: z.string().min(1),
});

/** The record callers see: the stored job without its lease. */
export function toRecord(j: StoredJob): JobRecord {
  return {
    id: j.id,
    kind: j.kind,
    payload: j.payload,
    key: j.key,
    state: j.state,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    timeoutMs: j.timeoutMs,
    runAt: j.runAt,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    lastError: j.lastError,
    result: j.result,
    requestedBy: j.requestedBy,
  };
}

/** What an engine adds to the shared queue: telling its dispatcher about a job. */
export interface QueueHooks {
  /** A new job row was inserted (not for a key that returned the live job). */
  readonly enqueued?: (job: StoredJob) => Promise<void>;
  /** The job was cancelled while in state `was`. */
  readonly cancelled?: (job: StoredJob, was: StoredJobState) => Promise<void>;
}

/** {@link JobQueue} over the store's `jobs` table; `running` aborts attempts of this process. */
export function storeQueue(
  store: Store,
  clock: Clock,
  running: RunningAttempts,
  hooks: QueueHooks = {},
): JobQueue {
  return {
    async enqueue(input: JobSpec) {
      const parsed = spec.safeParse(input);
      if (!parsed.success) {
        throw new AppError(ErrorCode.InputInvalid, `invalid job: ${parsed.error.message}`);
      }
      const s = parsed.data;
      const now = clock.now();
      const { job, created } = await store.jobs.insert({
        id: uuidv7(now),
        kind: s.kind,
        payload: s.payload ?? {},
        key: s.key ?? null,
        maxAttempts: s.maxAttempts ?? defaultMaxAttempts,
        timeoutMs: s.timeoutMs ?? defaultTimeoutMs,
        runAt: iso(s.runAt ?? now),
        createdAt: iso(now),
        requestedBy: s.requestedBy,
      });
      if (created) await hooks.enqueued?.(job);
      return toRecord(job);
    },
    async get(id) {
      const j = await store.jobs.get(id);
      return j && toRecord(j);
    },
    async list(filter = {}) {
      return (await store.jobs.list(filter)).map(toRecord);
    },
    async cancel(id, actor) {
      const r = await store.transaction(async (tx) => {
        const c = await tx.jobs.cancel(id, iso(clock.now()));
        if (c?.job.state === 'cancelled' && c.was !== 'cancelled') {
          await tx.audit.append({
            actor,
            action: 'job.cancel',
            object: `job:${id}`,
            details: { kind: c.job.kind, was: c.was },
          });
        }
        return c;
      });
      if (!r) throw new AppError(ErrorCode.NotFound, `no job ${id}`);
      if (r.job.state === 'cancelled' && (r.was === 'queued' || r.was === 'running')) {
        if (r.was === 'running') running.abort(id, 'cancelled');
        await hooks.cancelled?.(r.job, r.was);
      }
      return toRecord(r.job);
    },
    counts: () => store.jobs.counts(),
  };
}
