import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../domain/clock.js';
import type { Store, StoredJob } from '../../../store/index.js';
import {
  iso,
  later,
  retryable,
  retryDelayMs,
  runAttempt,
  type AttemptOutcome,
  type RunningAttempts,
} from '../attempt.js';
import type { JobHandler, JobWorker } from '../contract.js';

export interface SqliteWorkerOptions {
  /** Jobs run at once. @default 2 */
  readonly concurrency?: number;
  /** Pause between polls when nothing is due (real time). @default 1000 */
  readonly pollMs?: number;
  /** A job whose worker stops renewing is queued again this long after its last renewal. @default 60000 */
  readonly leaseMs?: number;
  /** Retry backoff. @default 5 s doubling to 10 min */
  readonly retry?: { readonly baseMs: number; readonly maxMs: number };
  /** Names this worker in leases. @default `sqlite:<pid>:<random>` */
  readonly workerId?: string;
  readonly random?: () => number;
}

/** A worker that can also be dropped as a crashed process would be (tests of crash recovery). */
export interface EngineWorker extends JobWorker {
  readonly id: string;
  /** Stops polling and renewing at once, writing nothing about its running jobs. */
  abandon(): Promise<void>;
  /** Polls now instead of at the next interval (an enqueue in this process). */
  wake(): void;
}

/**
 * The in-process worker over the `jobs` table: each poll re-queues jobs whose lease expired,
 * then claims due jobs with one UPDATE each until its slots are full.
 */
export function sqliteWorker(
  store: Store,
  clock: Clock,
  handlers: ReadonlyMap<string, JobHandler>,
  running: RunningAttempts,
  opts: SqliteWorkerOptions = {},
): EngineWorker {
  const concurrency = opts.concurrency ?? 2;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const retry = opts.retry ?? { baseMs: 5000, maxMs: 600_000 };
  const id = opts.workerId ?? `sqlite:${process.pid}:${randomUUID().slice(0, 8)}`;
  const inflight = new Set<Promise<void>>();
  const mine = new Set<string>();
  let active = false;
  let abandoned = false;
  let timer: NodeJS.Timeout | undefined;
  let loop: Promise<void> | undefined;
  let again = false;

  async function record(job: StoredJob, outcome: AttemptOutcome): Promise<void> {
    if (abandoned || outcome.kind === 'dropped') return;
    const ref = { id: job.id, attempt: job.attempts, now: iso(clock.now()) };
    if (outcome.kind === 'succeeded') {
      await store.jobs.finish({ ...ref, state: 'succeeded', result: outcome.result });
    } else if (job.attempts < job.maxAttempts && retryable(outcome)) {
      const delay =
        outcome.cause === 'shutdown' ? 0 : retryDelayMs(job.attempts, retry, opts.random);
      await store.jobs.retry({ ...ref, runAt: later(clock, delay), error: outcome.error });
    } else {
      await store.jobs.finish({ ...ref, state: 'failed', error: outcome.error });
    }
  }

  function launch(job: StoredJob): void {
    mine.add(job.id);
    const p = runAttempt(job, handlers.get(job.kind), { store, clock, running, leaseMs })
      .then((o) => record(job, o))
      // The row keeps its lease; expiry re-queues it when the store was unreachable.
      .catch(() => undefined)
      .finally(() => {
        inflight.delete(p);
        mine.delete(job.id);
        if (active) wake();
      });
    inflight.add(p);
  }

  async function poll(): Promise<void> {
    do {
      again = false;
      const now = iso(clock.now());
      await store.jobs.expire(now);
      while (active && inflight.size < concurrency) {
        const job = await store.jobs.claim({
          now: iso(clock.now()),
          owner: id,
          leaseUntil: later(clock, leaseMs),
        });
        if (!job) break;
        launch(job);
      }
    } while (again && active);
  }

  function schedule(): void {
    if (!active) return;
    timer = setTimeout(wake, pollMs);
  }

  function wake(): void {
    if (!active) return;
    if (loop) {
      again = true;
      return;
    }
    clearTimeout(timer);
    loop = poll()
      .catch(() => undefined)
      .finally(() => {
        loop = undefined;
        schedule();
      });
  }

  const settle = async (): Promise<void> => {
    await loop;
    await Promise.all([...inflight]);
  };

  return {
    id,
    get running() {
      return active;
    },
    start() {
      if (!active) {
        active = true;
        abandoned = false;
        wake();
      }
      return Promise.resolve();
    },
    async stop(drainMs = 30_000) {
      active = false;
      clearTimeout(timer);
      await loop;
      let t: NodeJS.Timeout | undefined;
      const drained = Promise.all([...inflight]).then(() => true);
      const waited = await Promise.race([
        drained,
        new Promise<boolean>((r) => (t = setTimeout(() => r(false), drainMs))),
      ]);
      clearTimeout(t);
      if (!waited) for (const j of mine) running.abort(j, 'shutdown');
      await settle();
    },
    async abandon() {
      active = false;
      abandoned = true;
      clearTimeout(timer);
      for (const j of mine) running.abort(j, 'lost');
      await settle();
    },
    wake,
  };
}
