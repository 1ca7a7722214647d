import { Cron } from 'croner';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { JobSpec } from '../jobs/contract.js';
import { jobKinds } from '../jobs/handlers.js';

/** A named recurring job: a cron expression (UTC) or a fixed interval counted from the epoch. */
export interface Schedule {
  readonly name: string;
  readonly every: { readonly cron: string } | { readonly intervalMs: number };
  /** What a firing enqueues; the schedule names itself as the requester. */
  readonly job: Omit<JobSpec, 'requestedBy'>;
}

/**
 * Feeds every 4 hours, vSphere every 15 minutes, a compliance snapshot daily at 02:00 UTC.
 * Each sync enqueues an evaluation when it ends (`handlers.ts`), so evaluation has no schedule.
 * Keys make a firing join a job of the same schedule still queued or running.
 */
export const defaultSchedules: readonly Schedule[] = [
  {
    name: 'feeds.sync',
    every: { cron: '0 */4 * * *' },
    job: { kind: jobKinds.feedsSync, key: 'schedule:feeds.sync' },
  },
  {
    name: 'vsphere.sync',
    every: { cron: '*/15 * * * *' },
    job: { kind: jobKinds.vsphereSync, key: 'schedule:vsphere.sync' },
  },
  {
    name: 'compliance.snapshot',
    every: { cron: '0 2 * * *' },
    job: { kind: jobKinds.complianceSnapshot, key: 'schedule:compliance.snapshot' },
  },
];

const crons = new Map<string, Cron>();

function cronOf(expr: string): Cron {
  let c = crons.get(expr);
  if (!c) {
    try {
      c = new Cron(expr, { paused: true, timezone: 'UTC' });
    } catch (e) {
      throw new AppError(ErrorCode.ConfigInvalid, `bad cron expression ${expr}: ${String(e)}`, {
        cause: e,
      });
    }
    crons.set(expr, c);
  }
  return c;
}

/** The latest tick of `schedule` at or before `now`. */
export function latestTick(schedule: Schedule, now: Date): Date | undefined {
  if ('intervalMs' in schedule.every) {
    const step = schedule.every.intervalMs;
    if (!Number.isInteger(step) || step < 1000) {
      throw new AppError(ErrorCode.ConfigInvalid, `schedule ${schedule.name}: interval under 1 s`);
    }
    return new Date(Math.floor(now.getTime() / step) * step);
  }
  // previousRuns leaves out a run exactly at the reference; one millisecond later includes it.
  const [tick] = cronOf(schedule.every.cron).previousRuns(1, new Date(now.getTime() + 1));
  return tick && tick.getTime() <= now.getTime() ? tick : undefined;
}

/**
 * Ticks of `schedule` to fire at `now`, given the last tick fired: the latest tick after
 * `lastTick`, at most one. Missed ticks (the service was down) coalesce into that one; a
 * schedule that never fired fires its latest tick.
 */
export function dueTicks(schedule: Schedule, lastTick: Date | undefined, now: Date): Date[] {
  const latest = latestTick(schedule, now);
  if (!latest) return [];
  if (lastTick && latest.getTime() <= lastTick.getTime()) return [];
  return [latest];
}
