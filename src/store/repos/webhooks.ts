import { AppError, ErrorCode } from '../../domain/errors.js';
import { chunks, type RepoContext } from './context.js';
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../schema.js';

/** Where a delivery stands: waiting for its next attempt, done, or given up on. */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** A webhook endpoint, without its secret. */
export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  /** CloudEvents types it receives, or null for all. */
  readonly eventTypes: readonly string[] | null;
  /** Events that carry a severity reach it only at or above this one. */
  readonly minSeverity: string | null;
  /** Events that carry a tier reach it only for these tiers; null for all. */
  readonly tiers: readonly string[] | null;
  readonly enabled: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface NewWebhookSubscription extends Omit<WebhookSubscription, 'createdAt'> {
  /** The signing secret sealed with the store's key, bound to `webhook:<id>`. */
  readonly secretCiphertext: string;
}

/** One event queued for one subscription. */
export interface WebhookDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventType: string;
  /** The exact bytes every attempt sends and signs. */
  readonly body: string;
  readonly status: DeliveryStatus;
  /** Attempts since it was last queued (the backoff counts these). */
  readonly attempts: number;
  /** Attempts ever, across redeliveries. */
  readonly totalAttempts: number;
  /** When it is next due, while pending. */
  readonly nextAttemptAt: string | null;
  /** When it was last queued: emitted, or redelivered. */
  readonly queuedAt: string;
  readonly createdAt: string;
  readonly lastAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
}

/** A due delivery with what sending it needs. */
export interface DueDelivery extends WebhookDelivery {
  readonly url: string;
  readonly secretCiphertext: string;
}

export interface NewDelivery {
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly body: string;
  /** When it is first due. */
  readonly at: string;
}

/** One POST and what came of it. */
export interface DeliveryAttempt {
  /** 1 for the first attempt ever, counting on across redeliveries. */
  readonly seq: number;
  readonly at: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** An attempt and the state it leaves the delivery in. */
export interface AttemptOutcome extends Omit<DeliveryAttempt, 'seq'> {
  readonly status: DeliveryStatus;
  /** Next due instant when still pending; null otherwise. */
  readonly nextAttemptAt: string | null;
}

export interface DeliveryFilter {
  readonly status?: DeliveryStatus;
  readonly subscriptionId?: string;
  /** @default 100 */
  readonly limit?: number;
}

/** Webhook subscriptions, the delivery outbox and the notified set (migration `0011-webhooks`). */
export interface WebhookRepository {
  /** Stores a subscription; CONFLICT when the id is taken. */
  addSubscription(s: NewWebhookSubscription): Promise<WebhookSubscription>;
  /** Every subscription, oldest first, never with its secret. */
  subscriptions(): Promise<WebhookSubscription[]>;
  subscription(id: string): Promise<WebhookSubscription | undefined>;
  /** The sealed secret of a subscription. */
  subscriptionSecret(id: string): Promise<string | undefined>;
  /** Deletes the subscription with its deliveries and attempts; false when unknown. */
  removeSubscription(id: string): Promise<boolean>;
  /** Queues deliveries, pending and due at their `at`; ids from the store. */
  enqueue(items: readonly NewDelivery[]): Promise<WebhookDelivery[]>;
  /** Pending deliveries of enabled subscriptions due at `at`, soonest first. */
  due(at: string, limit: number): Promise<DueDelivery[]>;
  /**
   * Takes a due delivery for sending by moving its due instant to `until` (a lease), only if
   * it is still pending and due at `expected`: false when another worker took it first.
   */
  claim(id: string, expected: string, until: string): Promise<boolean>;
  /** Records an attempt and the delivery's new state; NOT_FOUND for an unknown id. */
  recordAttempt(id: string, outcome: AttemptOutcome): Promise<WebhookDelivery>;
  delivery(id: string): Promise<WebhookDelivery | undefined>;
  /** Newest first. */
  deliveries(filter?: DeliveryFilter): Promise<WebhookDelivery[]>;
  /** A delivery's attempts, oldest first. */
  attempts(deliveryId: string): Promise<DeliveryAttempt[]>;
  /**
   * Queues a delivered or dead delivery again, due at `at`, with its attempt count reset (its
   * attempt history stays). NOT_FOUND for an unknown id, CONFLICT for one still pending.
   */
  requeue(id: string, at: string): Promise<WebhookDelivery>;
  /** Those of `subjects` already notified under `type`. */
  notifiedAmong(type: string, subjects: readonly string[]): Promise<Set<string>>;
  /** Marks subjects notified under `type` (already marked ones are left alone). */
  markNotified(type: string, subjects: readonly string[]): Promise<void>;
}

const lookupChunk = 500;

function toSubscription(r: WebhookSubscriptionsTable): WebhookSubscription {
  return {
    id: r.id,
    url: r.url,
    eventTypes: r.event_types === null ? null : (JSON.parse(r.event_types) as string[]),
    minSeverity: r.min_severity,
    tiers: r.tiers === null ? null : (JSON.parse(r.tiers) as string[]),
    enabled: Number(r.enabled) === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

function toDelivery(r: WebhookDeliveriesTable): WebhookDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.event_type,
    body: r.body,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    totalAttempts: Number(r.total_attempts),
    nextAttemptAt: r.next_attempt_at,
    queuedAt: r.queued_at,
    createdAt: r.created_at,
    lastAttemptAt: r.last_attempt_at,
    lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
  };
}

export function webhookRepository(ctx: RepoContext): WebhookRepository {
  const { db } = ctx;
  const now = () => ctx.clock.now().toISOString();

  async function delivery(id: string): Promise<WebhookDelivery | undefined> {
    const r = await db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toDelivery(r);
  }
  async function mustDelivery(id: string): Promise<WebhookDelivery> {
    const d = await delivery(id);
    if (!d) throw new AppError(ErrorCode.NotFound, `no webhook delivery ${id}`);
    return d;
  }

  return {
    async addSubscription(s) {
      const taken = await db
        .selectFrom('webhook_subscriptions')
        .select('id')
        .where('id', '=', s.id)
        .executeTakeFirst();
      if (taken) throw new AppError(ErrorCode.Conflict, `webhook ${s.id} exists`);
      const row: WebhookSubscriptionsTable = {
        id: s.id,
        url: s.url,
        event_types: s.eventTypes === null ? null : JSON.stringify(s.eventTypes),
        min_severity: s.minSeverity,
        tiers: s.tiers === null ? null : JSON.stringify(s.tiers),
        secret_ciphertext: s.secretCiphertext,
        enabled: s.enabled ? 1 : 0,
        created_by: s.createdBy,
        created_at: now(),
      };
      await db.insertInto('webhook_subscriptions').values(row).execute();
      return toSubscription(row);
    },
    async subscriptions() {
      const rows = await db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toSubscription);
    },
    async subscription(id) {
      const r = await db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toSubscription(r);
    },
    async subscriptionSecret(id) {
      const r = await db
        .selectFrom('webhook_subscriptions')
        .select('secret_ciphertext')
        .where('id', '=', id)
        .executeTakeFirst();
      return r?.secret_ciphertext;
    },
    async removeSubscription(id) {
      const ids = db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('subscription_id', '=', id);
      await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', ids).execute();
      await db.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
      const r = await db
        .deleteFrom('webhook_subscriptions')
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async enqueue(items) {
      const created = now();
      const rows: WebhookDeliveriesTable[] = items.map((i) => ({
        id: ctx.newId(),
        subscription_id: i.subscriptionId,
        event_id: i.eventId,
        event_type: i.eventType,
        body: i.body,
        status: 'pending',
        attempts: 0,
        total_attempts: 0,
        next_attempt_at: i.at,
        queued_at: i.at,
        created_at: created,
        last_attempt_at: null,
        last_status_code: null,
        last_error: null,
        delivered_at: null,
      }));
      // 15 columns x 100 rows stays far below either dialect's parameter limit.
      for (const part of chunks(rows, 100)) {
        await db.insertInto('webhook_deliveries').values(part).execute();
      }
      return rows.map(toDelivery);
    },
    async due(at, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
        .selectAll('d')
        .select(['s.url', 's.secret_ciphertext'])
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', at)
        .where('s.enabled', '=', 1)
        .orderBy('d.next_attempt_at')
        .orderBy('d.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        ...toDelivery(r),
        url: r.url,
        secretCiphertext: r.secret_ciphertext,
      }));
    },
    async claim(id, expected, until) {
      const r = await db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: until })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '=', expected)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async recordAttempt(id, o) {
      const d = await mustDelivery(id);
      const seq = d.totalAttempts + 1;
      await db
        .insertInto('webhook_attempts')
        .values({
          delivery_id: id,
          seq,
          at: o.at,
          status_code: o.statusCode,
          error: o.error,
          duration_ms: Math.round(o.durationMs),
        })
        .execute();
      await db
        .updateTable('webhook_deliveries')
        .set({
          status: o.status,
          attempts: d.attempts + 1,
          total_attempts: seq,
          next_attempt_at: o.status === 'pending' ? o.nextAttemptAt : null,
          last_attempt_at: o.at,
          last_status_code: o.statusCode,
          last_error: o.error,
          delivered_at: o.status === 'delivered' ? o.at : d.deliveredAt,
        })
        .where('id', '=', id)
        .execute();
      return mustDelivery(id);
    },
    delivery,
    async deliveries(filter = {}) {
      let q = db.selectFrom('webhook_deliveries').selectAll();
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      if (filter.subscriptionId !== undefined) {
        q = q.where('subscription_id', '=', filter.subscriptionId);
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 100)
        .execute();
      return rows.map(toDelivery);
    },
    async attempts(deliveryId) {
      const rows = await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .orderBy('seq')
        .execute();
      return rows.map((r) => ({
        seq: Number(r.seq),
        at: r.at,
        statusCode: r.status_code === null ? null : Number(r.status_code),
        error: r.error,
        durationMs: Number(r.duration_ms),
      }));
    },
    async requeue(id, at) {
      const d = await mustDelivery(id);
      if (d.status === 'pending') {
        throw new AppError(ErrorCode.Conflict, `webhook delivery ${id} is still pending`);
      }
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: at, queued_at: at })
        .where('id', '=', id)
        .execute();
      return mustDelivery(id);
    },
    async notifiedAmong(type, subjects) {
      const out = new Set<string>();
      for (const part of chunks([...new Set(subjects)], lookupChunk)) {
        const rows = await db
          .selectFrom('notified')
          .select('subject')
          .where('type', '=', type)
          .where('subject', 'in', part)
          .execute();
        for (const r of rows) out.add(r.subject);
      }
      return out;
    },
    async markNotified(type, subjects) {
      const at = now();
      for (const part of chunks([...new Set(subjects)], lookupChunk)) {
        await db
          .insertInto('notified')
          .values(part.map((subject) => ({ type, subject, at })))
          .onConflict((oc) => oc.columns(['type', 'subject']).doNothing())
          .execute();
      }
    },
  };
}
