import type { Clock } from '../../../domain/clock.js';
import type { Store } from '../../../store/index.js';
import { RunningAttempts } from '../attempt.js';
import type { JobHandler, JobQueue } from '../contract.js';
import { storeQueue } from '../queue.js';
import { sqliteWorker, type EngineWorker, type SqliteWorkerOptions } from './worker.js';

/** The SQLite engine: the queue, and the in-process worker an enqueue wakes. */
export function sqliteJobs(
  store: Store,
  clock: Clock,
  handlers: ReadonlyMap<string, JobHandler>,
  opts: SqliteWorkerOptions = {},
): { queue: JobQueue; worker: EngineWorker; close(): Promise<void> } {
  const running = new RunningAttempts();
  const worker = sqliteWorker(store, clock, handlers, running, opts);
  const queue = storeQueue(store, clock, running, {
    enqueued: () => {
      worker.wake();
      return Promise.resolve();
    },
  });
  return { queue, worker, close: () => worker.stop(0) };
}
