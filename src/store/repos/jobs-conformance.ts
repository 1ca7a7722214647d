import { afterEach, beforeEach, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import type { Store } from '../types.js';
import type { NewJob } from './jobs.js';

export interface JobStoreHarness {
  readonly store: Store;
  close(): Promise<void>;
}

const t0 = '2026-12-07T10:00:00.000Z';
const at = (s: number): string => new Date(Date.parse(t0) + s * 1000).toISOString();

const job = (id: string, over: Partial<NewJob> = {}): NewJob => ({
  id,
  kind: 'feeds.sync',
  payload: { sources: ['osv'] },
  key: null,
  maxAttempts: 3,
  timeoutMs: 60_000,
  runAt: t0,
  createdAt: t0,
  requestedBy: 'system:test',
  ...over,
});

/** The job repository's contract, run against SQLite and PostgreSQL alike. */
export function runJobStoreConformance(
  open: (clock: FixedClock) => Promise<JobStoreHarness>,
): void {
  let h: JobStoreHarness;
  beforeEach(async () => {
    h = await open(fixedClock(t0));
  });
  afterEach(async () => {
    await h.close();
  });

  it('inserts, reads back JSON payloads and counts by state', async () => {
    const { job: a, created } = await h.store.jobs.insert(job('a'));

    await h.store.jobs.insert(job('b', { createdAt: at(1), kind: 'evaluate' }));

    expect(created).toBe(true);
    expect(a).toMatchObject({
      id: 'a',
      state: 'queued',
      attempts: 0,
      payload: { sources: ['osv'] },
    });
    expect((await h.store.jobs.list()).map((j) => j.id)).toEqual(['b', 'a']);
    expect((await h.store.jobs.list({ kind: 'evaluate' })).map((j) => j.id)).toEqual(['b']);
    expect((await h.store.jobs.list({ before: 'b' })).map((j) => j.id)).toEqual(['a']);
    expect(await h.store.jobs.counts()).toEqual({
      queued: 2,
      running: 0,
      succeeded: 0,
      failed: 0,
      cancelled: 0,
    });
  });

  it('returns the live job of a key, and takes the key again once it finished', async () => {
    await h.store.jobs.insert(job('a', { key: 'k' }));

    const dup = await h.store.jobs.insert(job('b', { key: 'k' }));
    await h.store.jobs.cancel('a', at(1));
    const again = await h.store.jobs.insert(job('c', { key: 'k' }));

    expect(dup).toMatchObject({ created: false, job: { id: 'a' } });
    expect(again).toMatchObject({ created: true, job: { id: 'c' } });
  });

  it('claims due jobs oldest first, one attempt at a time, fenced by attempt', async () => {
    await h.store.jobs.insert(job('late', { runAt: at(60) }));
    await h.store.jobs.insert(job('a'));
    const lease = { now: t0, owner: 'w1', leaseUntil: at(30) };

    const first = await h.store.jobs.claim(lease);
    const none = await h.store.jobs.claim(lease);
    const stale = await h.store.jobs.finish({
      id: 'a',
      attempt: 2,
      now: at(1),
      state: 'succeeded',
    });
    const done = await h.store.jobs.finish({
      id: 'a',
      attempt: 1,
      now: at(2),
      state: 'succeeded',
      result: { n: 1 },
    });

    expect(first).toMatchObject({ id: 'a', state: 'running', attempts: 1, leaseOwner: 'w1' });
    expect(none).toBeUndefined();
    expect([stale, done]).toEqual([false, true]);
    expect(await h.store.jobs.get('a')).toMatchObject({
      state: 'succeeded',
      result: { n: 1 },
      finishedAt: at(2),
      leaseOwner: null,
    });
  });

  it('re-queues a job whose lease expired, and fails it when no attempt is left', async () => {
    await h.store.jobs.insert(job('a', { maxAttempts: 2 }));
    await h.store.jobs.claim({ now: t0, owner: 'w1', leaseUntil: at(30) });

    const early = await h.store.jobs.expire(at(29));
    const lost = await h.store.jobs.expire(at(31));
    const reclaimed = await h.store.jobs.claim({ now: at(31), owner: 'w2', leaseUntil: at(60) });
    const lostAgain = await h.store.jobs.expire(at(61));

    expect(early).toEqual([]);
    expect(lost.map((j) => j.leaseOwner)).toEqual(['w1']);
    expect(reclaimed).toMatchObject({ attempts: 2, leaseOwner: 'w2' });
    expect(lostAgain.map((j) => j.leaseOwner)).toEqual(['w2']);
    expect(await h.store.jobs.get('a')).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('claims a schedule tick once', async () => {
    const claim = { schedule: 'feeds', tick: t0, firedAt: t0, firedBy: 'p1' };

    const first = await h.store.jobs.claimTick(claim);
    const second = await h.store.jobs.claimTick({ ...claim, firedBy: 'p2' });
    await h.store.jobs.setTickJob('feeds', t0, 'job-1');

    expect([first, second]).toEqual([true, false]);
    expect(await h.store.jobs.lastTick('feeds')).toBe(t0);
    expect(await h.store.jobs.ticks()).toEqual([{ ...claim, jobId: 'job-1' }]);
  });
}
