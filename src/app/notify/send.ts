import type { Clock } from '../../domain/clock.js';
import { cloudEventsMediaType } from './cloudevent.js';
import { webhookHeaders } from './signing.js';

/** The `fetch` subset a delivery uses; the global one verifies TLS against the system roots. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface SendDeps {
  readonly clock: Clock;
  readonly fetch: FetchLike;
  /** Per request, connect to end of the bounded body read. @default 10000 */
  readonly timeoutMs?: number;
  /** Response bytes read before the rest is dropped. @default 65536 */
  readonly maxResponseBytes?: number;
  /** Monotonic milliseconds, for durations. @default performance.now */
  readonly elapsed?: () => number;
  /** Aborts requests in flight (a job's cancel or shutdown). */
  readonly signal?: AbortSignal;
}

/** What one POST came to. */
export interface SendResult {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export const defaultTimeoutMs = 10_000;
const defaultMaxResponseBytes = 65_536;

/**
 * POSTs one signed message: structured-mode CloudEvent body, Standard Webhooks headers signed
 * at the clock's now. 2xx is success; a redirect is not followed (its status is a failure);
 * the response is read to at most `maxResponseBytes` within the same timeout, then dropped.
 */
export async function sendWebhook(
  deps: SendDeps,
  target: { readonly url: string; readonly secret: string; readonly msgId: string },
  body: string,
): Promise<SendResult> {
  const elapsed = deps.elapsed ?? (() => performance.now());
  const timeoutMs = deps.timeoutMs ?? defaultTimeoutMs;
  const started = elapsed();
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
  const done = (statusCode: number | null, error: string | null): SendResult => ({
    ok: error === null,
    statusCode,
    error,
    durationMs: Math.max(0, Math.round(elapsed() - started)),
  });
  let res: Response;
  try {
    res = await deps.fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': cloudEventsMediaType,
        'user-agent': 'patchline-webhooks',
        ...webhookHeaders(target.secret, target.msgId, deps.clock.now(), body),
      },
      body,
      redirect: 'manual',
      signal,
    });
  } catch (e) {
    return done(null, describe(e, timeout, deps.signal, timeoutMs));
  }
  try {
    await drain(res, deps.maxResponseBytes ?? defaultMaxResponseBytes);
  } catch (e) {
    return done(res.status, describe(e, timeout, deps.signal, timeoutMs));
  }
  if (res.status >= 200 && res.status < 300) return done(res.status, null);
  const why =
    res.status >= 300 && res.status < 400 ? `redirect not followed (HTTP ${res.status})` : null;
  return done(res.status, why ?? `HTTP ${res.status}`);
}

/** Reads up to `max` bytes of the body; leaving the loop early cancels the rest. */
async function drain(res: Response, max: number): Promise<void> {
  const body = res.body as AsyncIterable<Uint8Array> | null;
  if (!body) return;
  let read = 0;
  for await (const chunk of body) {
    read += chunk.byteLength;
    if (read >= max) break;
  }
}

function describe(
  e: unknown,
  timeout: AbortSignal,
  outer: AbortSignal | undefined,
  timeoutMs: number,
): string {
  if (outer?.aborted) return 'aborted (shutdown or cancel)';
  if (timeout.aborted) return `timed out after ${timeoutMs} ms`;
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e instanceof Error ? e.message : String(e)}${cause}`.slice(0, 500);
}
