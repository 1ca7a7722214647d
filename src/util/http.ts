import { AppError, ErrorCode } from '../domain/errors.js';

/** A response with the whole body read. Header names are lower-case. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

export interface HttpRequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * The only way Patchline code does HTTP: one GET, no redirects hidden from tests, no retries
 * (callers decide, see `advisories/fetch/retry.ts`). Non-2xx statuses are returned, not thrown;
 * network failures and timeouts throw.
 */
export interface HttpClient {
  get(url: string, opts?: HttpRequestOptions): Promise<HttpResponse>;
}

export interface FetchClientOptions {
  /** Per request, headers and body included. @default 120000 */
  readonly timeoutMs?: number;
  /** @default 'patchline/0.1 (+https://github.com/patchline)' */
  readonly userAgent?: string;
}

/**
 * The default client on Node's `fetch` (undici). Redirects are followed; a request is aborted
 * after `timeoutMs` (AbortSignal.timeout) or when the caller's signal fires. Network errors and
 * timeouts throw `AppError(FEED_UNAVAILABLE | TIMEOUT, retryable: true)`; a caller abort throws
 * ABORTED.
 */
export function fetchHttpClient(opts: FetchClientOptions = {}): HttpClient {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const userAgent = opts.userAgent ?? 'patchline/0.1 (+https://github.com/patchline)';
  return {
    async get(url, req = {}) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      try {
        const res = await fetch(url, {
          headers: { 'user-agent': userAgent, ...req.headers },
          signal,
          redirect: 'follow',
        });
        const body = new Uint8Array(await res.arrayBuffer());
        const headers: Record<string, string> = {};
        res.headers.forEach((value, name) => {
          headers[name.toLowerCase()] = value;
        });
        return { status: res.status, headers, body };
      } catch (e) {
        if (req.signal?.aborted) {
          throw new AppError(ErrorCode.Aborted, `GET ${url} aborted`, { cause: e });
        }
        if (timeout.aborted) {
          throw new AppError(ErrorCode.Timeout, `GET ${url} timed out after ${timeoutMs} ms`, {
            cause: e,
            retryable: true,
          });
        }
        throw new AppError(ErrorCode.FeedUnavailable, `GET ${url} failed: ${describe(e)}`, {
          cause: e,
          retryable: true,
        });
      }
    },
  };
}

/** undici puts the useful part (ECONNREFUSED …) in `cause`. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause.message : undefined;
  return cause ? `${e.message} (${cause})` : e.message;
}
