import { AppError, ErrorCode, toAppError } from '../../domain/errors.js';
import { describeGet, type HttpClient, type HttpRequestOptions } from '../../util/http.js';
import { feedEnvName } from './options.js';
import { limitEnvName, limitSettings, type FetchLimits } from './limits.js';
import { getWithRetry, type RetryDeps } from './retry.js';
import type { FeedDocument } from './types.js';

/** HTTP validators from the last fetch of a document (RFC 9110 §8.8). */
export interface Validators {
  readonly etag?: string | null;
  readonly lastModified?: string | null;
}

export type DownloadResult =
  | { readonly kind: 'unchanged' }
  | {
      readonly kind: 'fetched';
      readonly body: Uint8Array;
      readonly etag: string | null;
      readonly lastModified: string | null;
      readonly contentType: string | null;
    };

/** What every GET of one feed shares: retries, its limits, where redirects may go, progress. */
export interface FetchContext extends RetryDeps {
  readonly feedId: string;
  readonly limits: FetchLimits;
  /** Origins redirects may lead to: the base URL's, and any the feed definition allows. */
  readonly redirectOrigins: readonly string[];
  /** The feed's deadline (and the caller's abort). */
  readonly signal?: AbortSignal;
  readonly onBytes?: (received: number, expected: number | undefined) => void;
}

/**
 * Conditional GET (RFC 9110 §13.1): sends If-None-Match / If-Modified-Since from `validators`;
 * 304 means unchanged. Retries per `getWithRetry`; any other non-2xx throws FEED_UNAVAILABLE
 * naming every URL of the redirect chain and the status. A body over `limits.maxBytes` throws,
 * saying which variable raises the limit.
 */
export async function download(
  http: HttpClient,
  doc: FeedDocument,
  validators: Validators | undefined,
  ctx: FetchContext,
): Promise<DownloadResult> {
  const headers: Record<string, string> = { ...doc.headers };
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  const res = await get(http, doc.url, headers, ctx);
  if (res.status === 304 && (validators?.etag || validators?.lastModified)) {
    return { kind: 'unchanged' };
  }
  if (res.status < 200 || res.status > 299) {
    throw statusError(doc.url, res.status, res.redirects);
  }
  return {
    kind: 'fetched',
    body: res.body,
    etag: res.headers.etag ?? null,
    lastModified: res.headers['last-modified'] ?? null,
    contentType: res.headers['content-type'] ?? null,
  };
}

/** GET of an index document (changes.csv, MSRC updates) with retries; any non-2xx throws. */
export async function fetchText(
  http: HttpClient,
  url: string,
  headers: Readonly<Record<string, string>> | undefined,
  ctx: FetchContext,
): Promise<string> {
  const res = await get(http, url, headers ?? {}, ctx);
  if (res.status < 200 || res.status > 299) throw statusError(url, res.status, res.redirects);
  return new TextDecoder().decode(res.body);
}

async function get(
  http: HttpClient,
  url: string,
  headers: Readonly<Record<string, string>>,
  ctx: FetchContext,
): ReturnType<HttpClient['get']> {
  const req: HttpRequestOptions = {
    headers,
    maxBytes: ctx.limits.maxBytes,
    headerTimeoutMs: ctx.limits.headerTimeoutMs,
    idleTimeoutMs: ctx.limits.idleTimeoutMs,
    redirect: { maxHops: ctx.limits.maxRedirects, origins: ctx.redirectOrigins },
    ...(ctx.signal && { signal: ctx.signal }),
    ...(ctx.onBytes && { onBytes: ctx.onBytes }),
  };
  try {
    return await getWithRetry(http, url, req, ctx);
  } catch (e) {
    throw withRemedy(toAppError(e), ctx.feedId);
  }
}

function statusError(url: string, status: number, redirects?: readonly string[]): AppError {
  return new AppError(ErrorCode.FeedUnavailable, `${describeGet(url, redirects)}: HTTP ${status}`, {
    location: { file: url },
    details: { status, ...(redirects?.length && { redirects }) },
  });
}

/** Adds which variable raises a limit that was hit, keeping code and details. */
export function withRemedy(err: AppError, feedId: string): AppError {
  const limit = err.details?.limit;
  if (typeof limit !== 'string' || !(limit in limitSettings)) return err;
  const key = limit as keyof FetchLimits;
  const perFeed = feedEnvName(feedId, limitSettings[key]);
  return new AppError(
    err.code,
    `${err.message}; raise ${limitEnvName(key)} (or ${perFeed}) to allow more`,
    {
      cause: err,
      retryable: err.retryable,
      ...(err.location && { location: err.location }),
      ...(err.details && { details: err.details }),
    },
  );
}
