import type { Clock } from '../../domain/clock.js';
import { ErrorCode, isAppError } from '../../domain/errors.js';
import type { DeliveryStatus, DueDelivery, Store, WebhookDelivery } from '../../store/index.js';
import { nextAttemptAt } from './backoff.js';
import type { WebhookSecrets } from './secrets.js';
import { defaultTimeoutMs, sendWebhook, type SendDeps, type SendResult } from './send.js';

export interface DeliverDeps extends SendDeps {
  readonly clock: Clock;
  readonly secrets: WebhookSecrets;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Requests in flight at once, so one slow endpoint does not hold up the rest. @default 4 */
  readonly concurrency?: number;
}

export interface DeliverReport {
  /** Deliveries POSTed this run. */
  readonly attempted: number;
  readonly delivered: number;
  /** Failed and scheduled again. */
  readonly retrying: number;
  /** Failed for the last time: dead letters. */
  readonly dead: number;
  /** Taken by another worker between listing and claiming. */
  readonly skipped: number;
}

/** Slack beyond the batch's worst case before a claimed delivery is due again (a crashed worker). */
const leaseSlackMs = 60_000;

/**
 * One pass of the delivery loop: takes up to `limit` due deliveries, soonest first, and POSTs
 * each (`sendWebhook`), `concurrency` at a time. Each is first claimed with a lease, so two workers never send it at
 * once and a worker that dies mid-request leaves it due again after the lease. Every attempt
 * is recorded; 2xx delivers, anything else retries on the backoff schedule (`backoff.ts`) until
 * the attempts or the day run out, then dead-letters. At-least-once: a receiver dedupes on
 * `webhook-id`.
 */
export async function deliverDue(
  store: Store,
  deps: DeliverDeps,
  limit = 50,
): Promise<DeliverReport> {
  const counts = { attempted: 0, delivered: 0, retrying: 0, dead: 0, skipped: 0 };
  const now = deps.clock.now();
  const due = await store.webhooks.due(now.toISOString(), limit);
  const width = Math.max(1, Math.min(deps.concurrency ?? 4, due.length));
  // The lease outlasts the whole batch with every request timing out, so no claim lapses while
  // this worker is still sending.
  const rounds = Math.ceil(due.length / width);
  const lease = new Date(
    now.getTime() + rounds * (deps.timeoutMs ?? defaultTimeoutMs) + leaseSlackMs,
  );
  // One write transaction claims the batch; each result is then recorded on its own.
  const claimed = await store.transaction(async (tx) => {
    const out: DueDelivery[] = [];
    for (const d of due) {
      if (d.nextAttemptAt === null) continue;
      if (await tx.webhooks.claim(d.id, d.nextAttemptAt, lease.toISOString())) out.push(d);
      else counts.skipped++;
    }
    return out;
  });
  const one = async (d: DueDelivery): Promise<void> => {
    counts.attempted++;
    const at = deps.clock.now();
    let result: SendResult;
    try {
      const secret = deps.secrets.open(d.subscriptionId, d.secretCiphertext);
      result = await sendWebhook(deps, { url: d.url, secret, msgId: d.id }, d.body);
    } catch (e) {
      result = {
        ok: false,
        statusCode: null,
        error: e instanceof Error ? e.message : String(e),
        durationMs: 0,
      };
    }
    const status = settle(d, result, at.getTime(), deps.random);
    try {
      await store.webhooks.recordAttempt(d.id, {
        at: at.toISOString(),
        statusCode: result.statusCode,
        error: result.error,
        durationMs: result.durationMs,
        status: status.status,
        nextAttemptAt: status.next,
      });
    } catch (e) {
      // The subscription was removed while its delivery was in flight: nothing to record.
      if (isAppError(e) && e.code === ErrorCode.NotFound) return;
      throw e;
    }
    if (status.status === 'delivered') counts.delivered++;
    else if (status.status === 'dead') counts.dead++;
    else counts.retrying++;
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    // Once aborted, no new request starts; claimed rows left unsent are due again after the lease.
    while (next < claimed.length && deps.signal?.aborted !== true) await one(claimed[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
  return counts;
}

function settle(
  d: WebhookDelivery,
  r: SendResult,
  now: number,
  random?: () => number,
): { status: DeliveryStatus; next: string | null } {
  if (r.ok) return { status: 'delivered', next: null };
  const next = nextAttemptAt(d.attempts + 1, now, Date.parse(d.queuedAt), random);
  return next === null
    ? { status: 'dead', next: null }
    : { status: 'pending', next: new Date(next).toISOString() };
}

/** Dead letters, newest first. */
export function listDeadLetters(store: Store, limit = 100): Promise<WebhookDelivery[]> {
  return store.webhooks.deliveries({ status: 'dead', limit });
}

/** Deliveries, newest first, optionally of one status. */
export function listDeliveries(
  store: Store,
  filter: { readonly status?: DeliveryStatus; readonly limit?: number } = {},
): Promise<WebhookDelivery[]> {
  return store.webhooks.deliveries(filter);
}

/**
 * Queues a dead or delivered delivery again, due now with a fresh attempt budget and the
 * same body and `webhook-id`, audited. NOT_FOUND / CONFLICT (still pending) from the store.
 */
export async function redeliver(
  store: Store,
  id: string,
  opts: { readonly clock: Clock; readonly actor: string },
): Promise<WebhookDelivery> {
  return store.transaction(async (tx) => {
    const before = await tx.webhooks.delivery(id);
    const d = await tx.webhooks.requeue(id, opts.clock.now().toISOString());
    await tx.audit.append({
      actor: opts.actor,
      action: 'webhooks.redeliver',
      object: `webhook-delivery:${id}`,
      details: { subscription: d.subscriptionId, event: d.eventId, was: before?.status ?? null },
    });
    return d;
  });
}
