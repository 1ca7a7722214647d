import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { openStore } from '../../store/index.js';
import { sqliteJobs } from '../jobs/sqlite/engine.js';
import { defaultSchedules, dueTicks, type Schedule } from './schedule.js';
import { fireDue } from './scheduler.js';

const feeds = defaultSchedules.find((s) => s.name === 'feeds.sync') as Schedule;
const daily = defaultSchedules.find((s) => s.name === 'compliance.snapshot') as Schedule;
const minute: Schedule = { name: 'm', every: { intervalMs: 60_000 }, job: { kind: 'k' } };
const d = (s: string): Date => new Date(s);
const iso = (ds: Date[]): string[] => ds.map((x) => x.toISOString());

describe('app/schedule/schedule', () => {
  it.each([
    [
      'never fired: the latest tick',
      feeds,
      undefined,
      '2026-12-08T05:30:00Z',
      ['2026-12-08T04:00:00.000Z'],
    ],
    ['fired that tick already', feeds, '2026-12-08T04:00:00Z', '2026-12-08T07:59:59Z', []],
    [
      'the next tick, on the second',
      feeds,
      '2026-12-08T04:00:00Z',
      '2026-12-08T08:00:00Z',
      ['2026-12-08T08:00:00.000Z'],
    ],
    [
      'missed ticks coalesce into the latest',
      feeds,
      '2026-12-01T00:00:00Z',
      '2026-12-08T09:00:00Z',
      ['2026-12-08T08:00:00.000Z'],
    ],
    ['daily at 02:00 UTC', daily, '2026-12-07T02:00:00Z', '2026-12-08T01:59:00Z', []],
    [
      'daily, next day',
      daily,
      '2026-12-07T02:00:00Z',
      '2026-12-08T02:00:30Z',
      ['2026-12-08T02:00:00.000Z'],
    ],
    [
      'interval from the epoch',
      minute,
      '2026-12-08T00:00:00Z',
      '2026-12-08T00:01:59Z',
      ['2026-12-08T00:01:00.000Z'],
    ],
    ['interval, same tick', minute, '2026-12-08T00:01:00Z', '2026-12-08T00:01:59Z', []],
  ])('%s', (_what, schedule, last, now, want) => {
    expect(iso(dueTicks(schedule, last === undefined ? undefined : d(last), d(now)))).toEqual(want);
  });

  it('refuses a bad cron expression and a sub-second interval', () => {
    const bad: Schedule = { name: 'x', every: { cron: 'every day' }, job: { kind: 'k' } };
    const fast: Schedule = { name: 'y', every: { intervalMs: 10 }, job: { kind: 'k' } };
    expect(() => dueTicks(bad, undefined, d('2026-12-08T00:00:00Z'))).toThrow(/cron/);
    expect(() => dueTicks(fast, undefined, d('2026-12-08T00:00:00Z'))).toThrow(/interval/);
  });

  it('fires each tick once though two schedulers run it, and enqueues its job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchline-sched-'));
    const clock = fixedClock('2026-12-08T00:00:30Z');
    const store = await openStore(join(dir, 'test.db'), clock);
    try {
      const { queue } = sqliteJobs(store, clock, new Map());
      const deps = { store, queue, clock, schedules: [minute] };

      const a1 = await fireDue({ ...deps, processId: 'a' });
      const b1 = await fireDue({ ...deps, processId: 'b' });
      clock.advance(60_000);
      const b2 = await fireDue({ ...deps, processId: 'b' });
      const a2 = await fireDue({ ...deps, processId: 'a' });

      expect([a1.length, b1.length, b2.length, a2.length]).toEqual([1, 0, 1, 0]);
      const ticks = await store.jobs.ticks('m');
      expect(ticks.map((t) => [t.tick, t.firedBy])).toEqual([
        ['2026-12-08T00:00:00.000Z', 'a'],
        ['2026-12-08T00:01:00.000Z', 'b'],
      ]);
      const jobs = await queue.list({ kind: 'k' });
      expect(jobs.map((j) => j.requestedBy)).toEqual(['system:schedule:m', 'system:schedule:m']);
      expect(ticks.map((t) => t.jobId).sort()).toEqual(jobs.map((j) => j.id).sort());
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
