import type { Clock } from '../../domain/clock.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { StoredJob, Store } from '../../store/index.js';
import type { JobHandler } from './contract.js';

/** Why an attempt's signal aborted. */
export type AbortCause = 'cancelled' | 'lost' | 'timeout' | 'shutdown';

/** How an attempt ended, before the engine records it. */
export type AttemptOutcome =
  | { readonly kind: 'succeeded'; readonly result: unknown }
  | {
      readonly kind: 'failed';
      readonly error: string;
      readonly cause?: 'timeout' | 'shutdown' | 'permanent';
    }
  /** Cancelled or taken over: someone else already wrote the job's state. */
  | { readonly kind: 'dropped' };

/** Aborts of one running attempt, by job id, so a cancel in the same process is immediate. */
export class RunningAttempts {
  private readonly byJob = new Map<string, AbortController>();

  add(jobId: string, ctrl: AbortController): void {
    this.byJob.set(jobId, ctrl);
  }

  delete(jobId: string, ctrl: AbortController): void {
    if (this.byJob.get(jobId) === ctrl) this.byJob.delete(jobId);
  }

  abort(jobId: string, cause: AbortCause): void {
    this.byJob.get(jobId)?.abort(cause);
  }

  abortAll(cause: AbortCause): void {
    for (const c of this.byJob.values()) c.abort(cause);
  }

  get size(): number {
    return this.byJob.size;
  }
}

export interface AttemptDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly running: RunningAttempts;
  /** How long a lease lasts; renewed every third of it while the handler runs. */
  readonly leaseMs: number;
  /** Aborts too, with the engine's own cause (graphile's shutdown signal). */
  readonly outer?: AbortSignal;
}

export const iso = (d: Date): string => d.toISOString();
export const later = (clock: Clock, ms: number): string =>
  new Date(clock.now().getTime() + ms).toISOString();

/**
 * Runs one attempt of a job that is running in the store under `job.attempts`: renews the lease,
 * aborts the handler's signal on timeout, cancel (same process at once, another at the next
 * renewal) or a lost lease, and stops waiting for a handler that ignores its signal.
 */
export async function runAttempt(
  job: StoredJob,
  handler: JobHandler | undefined,
  deps: AttemptDeps,
): Promise<AttemptOutcome> {
  if (!handler) return { kind: 'failed', error: `no handler for job kind ${job.kind}` };
  const ctrl = new AbortController();
  const ref = { id: job.id, attempt: job.attempts };
  deps.running.add(job.id, ctrl);
  const onOuter = (): void => ctrl.abort('shutdown');
  if (deps.outer?.aborted) onOuter();
  deps.outer?.addEventListener('abort', onOuter);
  const timer = setTimeout(() => ctrl.abort('timeout'), job.timeoutMs);
  const beat = setInterval(
    () => {
      deps.store.jobs
        .renew({ ...ref, now: iso(deps.clock.now()), leaseUntil: later(deps.clock, deps.leaseMs) })
        .then((ours) => {
          if (!ours) ctrl.abort('lost');
        })
        // A failed renewal is retried at the next beat; the lease outlives two missed ones.
        .catch(() => undefined);
    },
    Math.max(10, Math.floor(deps.leaseMs / 3)),
  );
  const aborted = new Promise<never>((_, reject) => {
    ctrl.signal.addEventListener('abort', () => reject(new AttemptAborted()), { once: true });
  });
  try {
    const result = await Promise.race([
      handler(job.payload, {
        jobId: job.id,
        attempt: job.attempts,
        signal: ctrl.signal,
        clock: deps.clock,
      }),
      aborted,
    ]);
    if (ctrl.signal.aborted) return abortOutcome(ctrl.signal.reason as AbortCause, job);
    return { kind: 'succeeded', result: result ?? null };
  } catch (e) {
    if (ctrl.signal.aborted) return abortOutcome(ctrl.signal.reason as AbortCause, job);
    return { kind: 'failed', error: errorText(e), ...(permanent(e) && { cause: 'permanent' }) };
  } finally {
    clearTimeout(timer);
    clearInterval(beat);
    deps.outer?.removeEventListener('abort', onOuter);
    deps.running.delete(job.id, ctrl);
    aborted.catch(() => undefined);
  }
}

class AttemptAborted extends Error {}

function abortOutcome(cause: AbortCause, job: StoredJob): AttemptOutcome {
  if (cause === 'timeout') {
    return { kind: 'failed', error: `timed out after ${job.timeoutMs} ms`, cause: 'timeout' };
  }
  if (cause === 'shutdown') {
    return { kind: 'failed', error: 'the worker stopped during the attempt', cause: 'shutdown' };
  }
  return { kind: 'dropped' };
}

/** Errors no retry can fix: the payload, the configuration, or what it names is wrong. */
const permanentCodes: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.InputInvalid,
  ErrorCode.ConfigInvalid,
  ErrorCode.NotFound,
  ErrorCode.PolicyInvalid,
  ErrorCode.SecretKeyUnavailable,
]);

/** Whether a handler's error ends the job at once rather than after its remaining attempts. */
export function permanent(e: unknown): boolean {
  return e instanceof AppError && permanentCodes.has(e.code);
}

/** Whether an outcome is retried when attempts are left. */
export const retryable = (o: AttemptOutcome): boolean =>
  o.kind === 'failed' && o.cause !== 'permanent';

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/**
 * Pause before the attempt after `attempt` (1-based): doubling from `baseMs`, capped at
 * `maxMs`, with full jitter over the upper half so retries of many jobs spread out.
 */
export function retryDelayMs(
  attempt: number,
  opts: { readonly baseMs: number; readonly maxMs: number },
  random: () => number = Math.random,
): number {
  const cap = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
