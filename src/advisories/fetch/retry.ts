import { AppError, ErrorCode, toAppError } from '../../domain/errors.js';
import { abortError } from '../../util/http-body.js';
import {
  describeGet,
  type HttpClient,
  type HttpRequestOptions,
  type HttpResponse,
} from '../../util/http.js';

/** Bounded exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export interface RetryPolicy {
  /** Tries in all, the first included. @default 4 */
  readonly attempts: number;
  /** @default 500 */
  readonly baseDelayMs: number;
  /** Cap of one wait, Retry-After included. @default 30000 */
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/** Waiting and randomness, injected so tests run instantly and deterministically. */
export interface RetryDeps {
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1). */
  readonly random: () => number;
  readonly policy?: RetryPolicy;
  /** For Retry-After given as an HTTP date. */
  readonly now?: () => Date;
  /** Told before each wait, for progress output. */
  readonly onRetry?: (info: {
    url: string;
    attempt: number;
    delayMs: number;
    reason: string;
  }) => void;
}

/** 408, 425, 429 and 5xx are worth another try; other 4xx are the caller's problem. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * Wait before try `attempt` + 1: uniform in [0, min(max, base · 2^(attempt-1))), or the server's
 * Retry-After (seconds or HTTP date, capped at `maxDelayMs`) when it sent one.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfter?: string,
  now: Date = new Date(0),
): number {
  const hinted = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now);
  if (hinted !== undefined) return Math.min(policy.maxDelayMs, hinted);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

function parseRetryAfter(value: string, now: Date): number | undefined {
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * GET with retries: network errors, timeouts and retryable statuses are tried again up to
 * `policy.attempts` times; 2xx, 304 and other statuses are returned as they are. After the last
 * try the last failure is thrown as FEED_UNAVAILABLE (or TIMEOUT), naming the URL and tries.
 */
export async function getWithRetry(
  http: HttpClient,
  url: string,
  req: HttpRequestOptions,
  deps: RetryDeps,
): Promise<HttpResponse> {
  const policy = deps.policy ?? defaultRetryPolicy;
  for (let attempt = 1; ; attempt++) {
    let failure: AppError;
    let retryAfter: string | undefined;
    if (req.signal?.aborted) throw abortError(req.signal, describeGet(url));
    try {
      const res = await http.get(url, req);
      if (!isRetryableStatus(res.status)) return res;
      failure = new AppError(
        ErrorCode.FeedUnavailable,
        `${describeGet(url, res.redirects)}: HTTP ${res.status}`,
        {
          details: { status: res.status },
        },
      );
      retryAfter = res.headers['retry-after'];
    } catch (e) {
      failure = toAppError(e);
      if (!failure.retryable) throw failure;
    }
    if (attempt >= policy.attempts) {
      throw new AppError(failure.code, `${failure.message} (gave up after ${attempt} tries)`, {
        cause: failure,
        location: { file: url },
        ...(failure.details && { details: failure.details }),
      });
    }
    const delayMs = backoffDelay(attempt, policy, deps.random, retryAfter, deps.now?.());
    deps.onRetry?.({ url, attempt, delayMs, reason: failure.message });
    await deps.sleep(delayMs, req.signal);
  }
}

/** A real sleep that stops early when `signal` fires, throwing its AppError reason or ABORTED. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal, 'wait before retry'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(abortError(signal, 'wait before retry'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
