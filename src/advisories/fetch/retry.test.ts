import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { HttpClient, HttpResponse } from '../../util/http.js';
import {
  backoffDelay,
  defaultRetryPolicy,
  getWithRetry,
  isRetryableStatus,
  sleep,
} from './retry.js';

/** Answers from a script: a status, or an error to throw, per call. */
function scripted(steps: (number | AppError)[]): HttpClient & { calls: number } {
  const client = {
    calls: 0,
    get(): Promise<HttpResponse> {
      const step = steps[client.calls++];
      if (step === undefined) throw new Error('no more steps');
      if (step instanceof AppError) return Promise.reject(step);
      return Promise.resolve({ status: step, headers: {}, body: new Uint8Array() });
    },
  };
  return client;
}

const netError = new AppError(ErrorCode.FeedUnavailable, 'GET u failed: ECONNRESET', {
  retryable: true,
});

describe('advisories/fetch/retry', () => {
  it.each([
    [200, false],
    [304, false],
    [400, false],
    [403, false],
    [404, false],
    [408, true],
    [425, true],
    [429, true],
    [500, true],
    [503, true],
  ])('status %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  it.each([
    [1, 0.5, undefined, 250],
    [2, 0.5, undefined, 500],
    [3, 0.999, undefined, 1998],
    [10, 0.5, undefined, 15_000],
    [1, 0, undefined, 0],
    [1, 0.5, '3', 3000],
    [1, 0.5, '3600', 30_000],
    [1, 0.5, 'Thu, 01 Jan 1970 00:00:05 GMT', 5000],
    [1, 0.5, 'soon', 250],
  ])('backoff for try %i with random %f and Retry-After %s is %i ms', (n, r, after, ms) => {
    expect(backoffDelay(n, defaultRetryPolicy, () => r, after, new Date(0))).toBe(ms);
  });

  it('retries 5xx and network errors, then returns the answer', async () => {
    const http = scripted([503, netError, 200]);
    const waits: number[] = [];

    const res = await getWithRetry(
      http,
      'u',
      {},
      {
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
        random: () => 0.5,
      },
    );

    expect(res.status).toBe(200);
    expect(http.calls).toBe(3);
    expect(waits).toEqual([250, 500]);
  });

  it.each([404, 304, 401])('returns %i at once', async (status) => {
    const http = scripted([status]);

    const res = await getWithRetry(
      http,
      'u',
      {},
      { sleep: () => Promise.resolve(), random: () => 0 },
    );

    expect(res.status).toBe(status);
    expect(http.calls).toBe(1);
  });

  it('gives up after the policy tries, naming the last failure', async () => {
    const http = scripted([500, 500, netError]);
    const policy = { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 };

    const run = getWithRetry(
      http,
      'u',
      {},
      { sleep: () => Promise.resolve(), random: () => 0, policy },
    );

    await expect(run).rejects.toMatchObject({
      code: 'FEED_UNAVAILABLE',
      message: 'GET u failed: ECONNRESET (gave up after 3 tries)',
    });
    expect(http.calls).toBe(3);
  });

  it('does not retry errors that are not retryable', async () => {
    const http = scripted([new AppError(ErrorCode.Aborted, 'aborted'), 200]);

    const run = getWithRetry(http, 'u', {}, { sleep: () => Promise.resolve(), random: () => 0 });

    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    expect(http.calls).toBe(1);
  });

  it('tells about each retry', async () => {
    const seen: string[] = [];

    await getWithRetry(
      scripted([429, 200]),
      'u',
      {},
      {
        sleep: () => Promise.resolve(),
        random: () => 0,
        onRetry: (i) => seen.push(`${i.attempt}:${i.reason}`),
      },
    );

    expect(seen).toEqual(['1:GET u: HTTP 429']);
  });

  it('sleep stops when aborted', async () => {
    const ac = new AbortController();
    const waiting = sleep(60_000, ac.signal);
    ac.abort();

    await expect(waiting).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
