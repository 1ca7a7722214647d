import type { Clock } from '../../domain/clock.js';
import type { Store } from '../../store/index.js';
import { errorText } from '../jobs/attempt.js';
import type { JobQueue } from '../jobs/contract.js';
import { dueTicks, type Schedule } from './schedule.js';

export interface SchedulerDeps {
  readonly store: Store;
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly schedules: readonly Schedule[];
  /** Names this process in `schedule_ticks.fired_by`. */
  readonly processId: string;
  readonly onError?: (schedule: string, error: string) => void;
}

/** One firing this process won. */
export interface Firing {
  readonly schedule: string;
  readonly tick: string;
  readonly jobId: string;
}

/**
 * One round: for each schedule, the due tick is claimed by inserting (schedule, tick) under a
 * primary key, so of several processes exactly one wins it and enqueues the job.
 */
export async function fireDue(deps: SchedulerDeps): Promise<Firing[]> {
  const out: Firing[] = [];
  for (const s of deps.schedules) {
    try {
      const last = await deps.store.jobs.lastTick(s.name);
      const now = deps.clock.now();
      for (const tick of dueTicks(s, last === undefined ? undefined : new Date(last), now)) {
        const at = tick.toISOString();
        const won = await deps.store.jobs.claimTick({
          schedule: s.name,
          tick: at,
          firedAt: now.toISOString(),
          firedBy: deps.processId,
        });
        if (!won) continue;
        const job = await deps.queue.enqueue({
          ...s.job,
          requestedBy: `system:schedule:${s.name}`,
        });
        await deps.store.jobs.setTickJob(s.name, at, job.id);
        out.push({ schedule: s.name, tick: at, jobId: job.id });
      }
    } catch (e) {
      deps.onError?.(s.name, errorText(e));
    }
  }
  return out;
}

export interface RunningScheduler {
  stop(): Promise<void>;
}

/** Runs {@link fireDue} every `everyMs` (real time) until stopped. */
export function startScheduler(
  deps: SchedulerDeps & { readonly everyMs?: number; readonly onFired?: (f: Firing) => void },
): RunningScheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;
  const tick = (): void => {
    round = fireDue(deps)
      .then((fs) => {
        for (const f of fs) deps.onFired?.(f);
      })
      .finally(() => {
        round = undefined;
        if (!stopped) timer = setTimeout(tick, deps.everyMs ?? 10_000);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
