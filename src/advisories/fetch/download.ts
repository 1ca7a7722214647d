import { AppError, ErrorCode } from '../../domain/errors.js';
import type { HttpClient } from '../../util/http.js';
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

/**
 * Conditional GET (RFC 9110 §13.1): sends If-None-Match / If-Modified-Since from `validators`;
 * 304 means unchanged. Retries per `getWithRetry`; any other non-2xx throws FEED_UNAVAILABLE
 * naming the URL and status.
 */
export async function download(
  http: HttpClient,
  doc: FeedDocument,
  validators: Validators | undefined,
  deps: RetryDeps & { readonly signal?: AbortSignal },
): Promise<DownloadResult> {
  const headers: Record<string, string> = { ...doc.headers };
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  const res = await getWithRetry(
    http,
    doc.url,
    { headers, ...(deps.signal && { signal: deps.signal }) },
    deps,
  );
  if (res.status === 304 && (validators?.etag || validators?.lastModified)) {
    return { kind: 'unchanged' };
  }
  if (res.status < 200 || res.status > 299) {
    throw new AppError(ErrorCode.FeedUnavailable, `GET ${doc.url}: HTTP ${res.status}`, {
      location: { file: doc.url },
      details: { status: res.status },
    });
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
  deps: RetryDeps & { readonly signal?: AbortSignal },
): Promise<string> {
  const res = await getWithRetry(
    http,
    url,
    { ...(headers && { headers }), ...(deps.signal && { signal: deps.signal }) },
    deps,
  );
  if (res.status < 200 || res.status > 299) {
    throw new AppError(ErrorCode.FeedUnavailable, `GET ${url}: HTTP ${res.status}`, {
      location: { file: url },
      details: { status: res.status },
    });
  }
  return new TextDecoder().decode(res.body);
}
