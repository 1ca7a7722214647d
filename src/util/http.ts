import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError, ErrorCode } from '../domain/errors.js';
import { abortError, readBoundedBody, type BodyLimits } from './http-body.js';

/** A response with the whole body read and decoded. Header names are lower-case. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** After Content-Encoding is undone, at most `maxBytes`. */
  readonly body: Uint8Array;
  /** Redirect targets followed after the first URL, in order (absent or empty: none). */
  readonly redirects?: readonly string[];
}

/** Which redirects a request follows (RFC 9110 §15.4). */
export interface RedirectPolicy {
  /** Hops followed at most; one more fails. @default 5 */
  readonly maxHops?: number;
  /**
   * Origins (`https://host:port`) a redirect may lead to besides the first URL's own origin.
   * Anything else, and any scheme but http(s), is refused without retry.
   */
  readonly origins?: readonly string[];
}

export interface HttpRequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborts the request; an AppError given as the abort reason is thrown as it is. */
  readonly signal?: AbortSignal;
  /** Largest body accepted after Content-Encoding is undone. Overrides the client's. */
  readonly maxBytes?: number;
  /** From sending the request to the response headers. Overrides the client's. */
  readonly headerTimeoutMs?: number;
  /** Longest silence between two body chunks. Overrides the client's. */
  readonly idleTimeoutMs?: number;
  /** Bytes due in every `idleTimeoutMs` window. Overrides the client's. */
  readonly minBytesPerWindow?: number;
  readonly redirect?: RedirectPolicy;
  /** Told after each decoded chunk: bytes so far and Content-Length when the server sent one. */
  readonly onBytes?: (received: number, expected: number | undefined) => void;
}

/**
 * The only way Patchline code does HTTP: one GET, bounded. Redirects are followed only as
 * `redirect` allows; no retries (callers decide, see `advisories/fetch/retry.ts`). Non-2xx
 * statuses are returned, not thrown. Network failures and timeouts throw retryable AppErrors;
 * limits (size, refused redirect) throw non-retryable ones, with `details.limit` saying which.
 * Every message names each URL of the redirect chain.
 */
export interface HttpClient {
  get(url: string, opts?: HttpRequestOptions): Promise<HttpResponse>;
}

export interface FetchClientOptions {
  /** @default 30000 */
  readonly headerTimeoutMs?: number;
  /** @default 30000 */
  readonly idleTimeoutMs?: number;
  /** @default 1024 */
  readonly minBytesPerWindow?: number;
  /** @default 1 GiB */
  readonly maxBytes?: number;
  /** @default 'patchline/0.1 (+https://github.com/patchline)' */
  readonly userAgent?: string;
}

export const defaultHttpLimits = {
  headerTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  minBytesPerWindow: 1024,
  maxBytes: 1024 ** 3,
  maxHops: 5,
} as const;

/** `GET a → b → c`, for messages. */
export function describeGet(url: string, redirects: readonly string[] = []): string {
  return `GET ${[url, ...redirects].join(' → ')}`;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * The default client on node:http(s). Content-Encoding gzip/deflate/br is decoded as a stream and
 * counted after decoding, so a compression bomb stops at `maxBytes`; nothing is buffered beyond
 * that. A header timeout and an idle timeout bound a silent or trickling server; the caller's
 * signal bounds the whole exchange.
 */
export function fetchHttpClient(opts: FetchClientOptions = {}): HttpClient {
  const userAgent = opts.userAgent ?? 'patchline/0.1 (+https://github.com/patchline)';
  return {
    async get(url, req = {}) {
      const limits: BodyLimits = {
        maxBytes: req.maxBytes ?? opts.maxBytes ?? defaultHttpLimits.maxBytes,
        idleTimeoutMs: req.idleTimeoutMs ?? opts.idleTimeoutMs ?? defaultHttpLimits.idleTimeoutMs,
        minBytesPerWindow:
          req.minBytesPerWindow ?? opts.minBytesPerWindow ?? defaultHttpLimits.minBytesPerWindow,
      };
      const headerTimeoutMs =
        req.headerTimeoutMs ?? opts.headerTimeoutMs ?? defaultHttpLimits.headerTimeoutMs;
      const maxHops = req.redirect?.maxHops ?? defaultHttpLimits.maxHops;
      const first = parseHttpUrl(url, url, []);
      const allowed = new Set([first.origin, ...(req.redirect?.origins ?? [])]);
      const hops: string[] = [];
      let current = first;
      let headers: Record<string, string> = { 'user-agent': userAgent, ...req.headers };
      for (;;) {
        const what = describeGet(url, hops);
        const res = await exchange(current, headers, headerTimeoutMs, req.signal, what);
        const location = res.headers.location;
        if (redirectStatuses.has(res.statusCode ?? 0) && location !== undefined) {
          res.destroy();
          const next = parseHttpUrl(location, url, hops, current);
          if (hops.length >= maxHops) {
            throw refused(url, [...hops, next.href], `more than ${maxHops} redirects`, 'redirects');
          }
          if (!allowed.has(next.origin)) {
            const why = `redirect to another origin (${next.origin}) refused; allowed: ${[...allowed].join(', ')}`;
            throw refused(url, [...hops, next.href], why, 'redirect-origin');
          }
          if (next.origin !== current.origin) headers = withoutCredentials(headers);
          hops.push(next.href);
          current = next;
          continue;
        }
        const body = await readBoundedBody(res, limits, {
          what,
          signal: req.signal,
          ...(req.onBytes && { onBytes: req.onBytes }),
        });
        return {
          status: res.statusCode ?? 0,
          headers: flatHeaders(res),
          body,
          redirects: hops,
        };
      }
    },
  };
}

/** Sends the GET and waits for the response head, at most `timeoutMs`. */
function exchange(
  url: URL,
  headers: OutgoingHttpHeaders,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal, what));
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // Content-Encoding is asked for explicitly: decoding is ours, bounded (http-body.ts).
    const req = send(url, {
      method: 'GET',
      headers: { 'accept-encoding': 'gzip, deflate, br', ...headers },
    });
    const timer = setTimeout(() => {
      fail(
        new AppError(
          ErrorCode.Timeout,
          `${what} timed out: no response headers within ${timeoutMs} ms`,
          { retryable: true, details: { limit: 'headerTimeoutMs', headerTimeoutMs: timeoutMs } },
        ),
      );
    }, timeoutMs);
    const onAbort = (): void => fail(abortError(signal, what));
    signal?.addEventListener('abort', onAbort, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    function fail(e: AppError): void {
      done();
      req.destroy(e);
      reject(e);
    }
    req.on('response', (res) => {
      done();
      resolve(res);
    });
    req.on('error', (e) => {
      done();
      reject(
        e instanceof AppError
          ? e
          : new AppError(ErrorCode.FeedUnavailable, `${what} failed: ${describe(e)}`, {
              cause: e,
              retryable: true,
            }),
      );
    });
    req.end();
  });
}

function parseHttpUrl(text: string, url: string, hops: readonly string[], base?: URL): URL {
  let u: URL;
  try {
    u = new URL(text, base);
  } catch (cause) {
    throw refused(url, [...hops, text], 'not a valid URL', 'url', cause);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    const why = `${u.protocol} URLs are not fetched`;
    throw refused(url, base ? [...hops, u.href] : hops, why, 'url');
  }
  return u;
}

function refused(
  url: string,
  hops: readonly string[],
  why: string,
  limit: string,
  cause?: unknown,
): AppError {
  return new AppError(ErrorCode.FeedUnavailable, `${describeGet(url, hops)}: ${why}`, {
    retryable: false,
    location: { file: url },
    details: { limit, redirects: hops },
    ...(cause !== undefined && { cause }),
  });
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (!['authorization', 'cookie', 'proxy-authorization'].includes(k.toLowerCase())) out[k] = v;
  }
  return out;
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Node puts the useful part (ECONNREFUSED …) in `code`, undici in `cause`. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as NodeJS.ErrnoException).code;
  const cause = e.cause instanceof Error ? e.cause.message : undefined;
  const detail = cause ?? (code !== undefined && !e.message.includes(code) ? code : undefined);
  return detail ? `${e.message} (${detail})` : e.message;
}
