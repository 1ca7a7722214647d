import { afterEach, beforeEach, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { JobHandler, JobQueue, JobRecord, JobState } from './contract.js';
import type { EngineWorker } from './sqlite/worker.js';

/** One engine under test, over a fresh store. */
export interface JobsHarness {
  /** A queue with no worker of its own. */
  readonly queue: JobQueue;
  /** Starts a worker (a process of its own, as far as the engine can tell) with these handlers. */
  worker(handlers: Readonly<Record<string, JobHandler>>): Promise<EngineWorker>;
  /** The lease the harness's workers hold, in clock time. */
  readonly leaseMs: number;
  /** Stops every worker and drops the store. */
  close(): Promise<void>;
}

const t0 = '2026-12-08T01:00:00.000Z';
const by = 'system:test';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls (real time, every 20 ms) until `pred` holds; `advanceMs` moves the clock each round,
 * for backoff and leases measured by the engine's clock.
 */
async function until<T>(
  read: () => Promise<T>,
  pred: (v: T) => boolean,
  opts: { clock?: FixedClock; advanceMs?: number; timeoutMs?: number } = {},
): Promise<T> {
  const rounds = (opts.timeoutMs ?? 20_000) / 20;
  let v = await read();
  for (let i = 0; !pred(v); i++) {
    if (i > rounds) throw new Error(`condition not reached; last: ${JSON.stringify(v)}`);
    if (opts.clock && opts.advanceMs) opts.clock.advance(opts.advanceMs);
    await sleep(20);
    v = await read();
  }
  return v;
}

const isIn =
  (...states: JobState[]) =>
  (j: JobRecord | undefined): boolean =>
    j !== undefined && states.includes(j.state);

/** Waits for a handler to reach a point. */
function gate(): { readonly reached: Promise<void>; open(): void } {
  let open!: () => void;
  const reached = new Promise<void>((r) => (open = r));
  return { reached, open };
}

/** The job engine contract, run against the SQLite and PostgreSQL engines alike. */
export function runJobsConformance(open: (clock: FixedClock) => Promise<JobsHarness>): void {
  let h: JobsHarness;
  let clock: FixedClock;
  beforeEach(async () => {
    clock = fixedClock(t0);
    h = await open(clock);
  });
  afterEach(async () => {
    await h.close();
  });

  const get = (id: string) => () => h.queue.get(id);

  it('enqueues, reads back, lists newest first and counts by state', async () => {
    const a = await h.queue.enqueue({ kind: 'feeds.sync', payload: { n: 1 }, requestedBy: by });
    clock.advance(1);
    const b = await h.queue.enqueue({ kind: 'evaluate', requestedBy: by, maxAttempts: 2 });

    expect(a).toMatchObject({
      kind: 'feeds.sync',
      payload: { n: 1 },
      state: 'queued',
      attempts: 0,
      maxAttempts: 5,
      timeoutMs: 600_000,
      key: null,
      requestedBy: by,
      createdAt: t0,
      startedAt: null,
    });
    expect(await h.queue.get(a.id)).toEqual(a);
    expect(await h.queue.get('nope')).toBeUndefined();
    expect((await h.queue.list()).map((j) => j.id)).toEqual([b.id, a.id]);
    expect((await h.queue.list({ kind: 'evaluate' })).map((j) => j.id)).toEqual([b.id]);
    expect(await h.queue.counts()).toEqual({
      queued: 2,
      running: 0,
      succeeded: 0,
      failed: 0,
      cancelled: 0,
    });
    await expect(h.queue.enqueue({ kind: '', requestedBy: by })).rejects.toThrow(/invalid job/);
  });

  it('runs a job once and keeps its result', async () => {
    const calls: number[] = [];
    await h.worker({
      echo: (p, ctx) => {
        calls.push(ctx.attempt);
        return Promise.resolve({ doubled: Number(p.n) * 2 });
      },
    });

    const job = await h.queue.enqueue({ kind: 'echo', payload: { n: 21 }, requestedBy: by });

    const done = await until(get(job.id), isIn('succeeded', 'failed'));
    expect(done).toMatchObject({ state: 'succeeded', attempts: 1, result: { doubled: 42 } });
    expect(done?.startedAt).not.toBeNull();
    expect(done?.finishedAt).not.toBeNull();
    expect(calls).toEqual([1]);
  });

  it('retries a failed attempt after a backoff, then succeeds', async () => {
    await h.worker({
      flaky: (_p, ctx) =>
        ctx.attempt === 1 ? Promise.reject(new Error('boom 1')) : Promise.resolve('ok'),
    });

    const job = await h.queue.enqueue({ kind: 'flaky', maxAttempts: 3, requestedBy: by });

    const done = await until(get(job.id), isIn('succeeded', 'failed'), {
      clock,
      advanceMs: 500,
    });
    expect(done).toMatchObject({
      state: 'succeeded',
      attempts: 2,
      result: 'ok',
      lastError: 'boom 1',
    });
  });

  it('fails a job with its last error once its attempts are used up', async () => {
    await h.worker({
      broken: (_p, ctx) => Promise.reject(new Error(`boom ${ctx.attempt}`)),
    });

    const job = await h.queue.enqueue({ kind: 'broken', maxAttempts: 2, requestedBy: by });

    const done = await until(get(job.id), isIn('succeeded', 'failed'), {
      clock,
      advanceMs: 500,
    });
    expect(done).toMatchObject({ state: 'failed', attempts: 2, lastError: 'boom 2' });
  });

  it('fails at once, without retries, on an error no retry can fix', async () => {
    const calls: number[] = [];
    await h.worker({
      invalid: (_p, ctx) => {
        calls.push(ctx.attempt);
        return Promise.reject(new AppError(ErrorCode.InputInvalid, 'payload lacks a source'));
      },
    });

    const job = await h.queue.enqueue({ kind: 'invalid', requestedBy: by });

    const done = await until(get(job.id), isIn('succeeded', 'failed'));
    expect(done).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'payload lacks a source',
    });
    expect(calls).toEqual([1]);
  });

  it('aborts an attempt that outlives its timeout, even when the handler ignores the signal', async () => {
    let aborted: unknown;
    await h.worker({
      slow: (_p, ctx) => {
        ctx.signal.addEventListener('abort', () => {
          aborted = ctx.signal.reason as unknown;
        });
        return new Promise<never>(() => undefined);
      },
    });

    const job = await h.queue.enqueue({
      kind: 'slow',
      maxAttempts: 1,
      timeoutMs: 200,
      requestedBy: by,
    });

    const done = await until(get(job.id), isIn('succeeded', 'failed'));
    expect(done).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'timed out after 200 ms',
    });
    expect(aborted).toBe('timeout');
  });

  it('never starts a job cancelled while queued', async () => {
    const calls: string[] = [];
    const job = await h.queue.enqueue({ kind: 'count', requestedBy: by });

    const cancelled = await h.queue.cancel(job.id, 'user:alice');
    await h.worker({
      count: (_p, ctx) => {
        calls.push(ctx.jobId);
        return Promise.resolve();
      },
    });
    const later = await h.queue.enqueue({ kind: 'count', requestedBy: by });
    await until(get(later.id), isIn('succeeded'));

    expect(cancelled).toMatchObject({ state: 'cancelled', attempts: 0, startedAt: null });
    expect(await h.queue.get(job.id)).toMatchObject({ state: 'cancelled', attempts: 0 });
    expect(calls).toEqual([later.id]);
    await expect(h.queue.cancel('nope', 'user:alice')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('aborts a running job on cancel, and it ends cancelled', async () => {
    const started = gate();
    let reason: unknown;
    await h.worker({
      wait: (_p, ctx) => {
        started.open();
        return new Promise((_, reject) => {
          ctx.signal.addEventListener('abort', () => {
            reason = ctx.signal.reason;
            reject(new Error('aborted'));
          });
        });
      },
      count: () => Promise.resolve('after'),
    });
    const job = await h.queue.enqueue({ kind: 'wait', requestedBy: by });
    await started.reached;

    const cancelled = await h.queue.cancel(job.id, 'user:alice');
    await until(
      () => Promise.resolve(reason),
      (r) => r !== undefined,
    );
    const next = await h.queue.enqueue({ kind: 'count', requestedBy: by });
    await until(get(next.id), isIn('succeeded'));

    expect(cancelled.state).toBe('cancelled');
    expect(await h.queue.get(job.id)).toMatchObject({ state: 'cancelled', attempts: 1 });
    expect(await h.queue.cancel(job.id, 'user:alice')).toMatchObject({ state: 'cancelled' });
  });

  it('returns the live job for a key while it is queued or running, and a new one after', async () => {
    const a = await h.queue.enqueue({ kind: 'count', key: 'feeds', requestedBy: by });

    const b = await h.queue.enqueue({ kind: 'count', key: 'feeds', requestedBy: by });
    expect(b.id).toBe(a.id);
    expect((await h.queue.counts()).queued).toBe(1);
    await h.worker({ count: () => Promise.resolve('done') });
    await until(get(a.id), isIn('succeeded'));
    const c = await h.queue.enqueue({ kind: 'count', key: 'feeds', requestedBy: by });

    expect(c.id).not.toBe(a.id);
    await until(get(c.id), isIn('succeeded'));
  });

  it('runs a job again when its worker died mid-attempt, and it finishes once', async () => {
    const started = gate();
    const finished: number[] = [];
    const crashing = await h.worker({
      work: () => {
        started.open();
        return new Promise<never>(() => undefined);
      },
    });
    const job = await h.queue.enqueue({ kind: 'work', maxAttempts: 3, requestedBy: by });
    await started.reached;

    await crashing.abandon();
    await h.worker({
      work: (_p, ctx) => {
        finished.push(ctx.attempt);
        return Promise.resolve('recovered');
      },
    });
    const early = await h.queue.get(job.id);
    clock.advance(h.leaseMs + 1000);

    const done = await until(get(job.id), isIn('succeeded', 'failed'));
    expect(early?.state).toBe('running');
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2, result: 'recovered' });
    expect(done?.lastError).toMatch(/lease .* expired/);
    expect(finished).toEqual([2]);
  });
}
