import { afterEach, beforeEach, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import type { Store } from '../types.js';
import type { NewWebhookSubscription } from './webhooks.js';

export interface WebhookStoreHarness {
  readonly store: Store;
  readonly clock: FixedClock;
  close(): Promise<void>;
}

const sub = (over: Partial<NewWebhookSubscription> = {}): NewWebhookSubscription => ({
  id: 'wh-1',
  url: 'https://hooks.example/patchline',
  eventTypes: ['io.patchline.sla.breached'],
  minSeverity: 'high',
  tiers: null,
  enabled: true,
  createdBy: 'cli:alice',
  secretCiphertext: 'v1:sealed',
  ...over,
});

const t0 = '2026-12-07T10:00:00.000Z';

/** The webhook repository's contract, run against SQLite and PostgreSQL alike. */
export function runWebhookStoreConformance(
  open: (clock: FixedClock) => Promise<WebhookStoreHarness>,
): void {
  let h: WebhookStoreHarness;
  beforeEach(async () => {
    h = await open(fixedClock(t0));
  });
  afterEach(async () => {
    await h.close();
  });

  it('stores subscriptions, lists them without the secret, and refuses a taken id', async () => {
    await h.store.webhooks.addSubscription(sub());
    await h.store.webhooks.addSubscription(
      sub({ id: 'wh-2', eventTypes: null, minSeverity: null, tiers: ['prod'], enabled: false }),
    );

    const list = await h.store.webhooks.subscriptions();
    expect(list.map((s) => [s.id, s.eventTypes, s.minSeverity, s.tiers, s.enabled])).toEqual([
      ['wh-1', ['io.patchline.sla.breached'], 'high', null, true],
      ['wh-2', null, null, ['prod'], false],
    ]);
    expect(JSON.stringify(list)).not.toContain('sealed');
    expect(list[0]?.createdAt).toBe(t0);
    expect(await h.store.webhooks.subscriptionSecret('wh-1')).toBe('v1:sealed');
    await expect(h.store.webhooks.addSubscription(sub())).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('lists a subscription secret for key checks and rotation', async () => {
    await h.store.webhooks.addSubscription(sub());

    const secrets = await h.store.secrets.list();

    expect(secrets).toEqual([
      { kind: 'webhook', id: 'wh-1', context: 'webhook:wh-1', ciphertext: 'v1:sealed' },
    ]);
    await h.store.secrets.replace([{ kind: 'webhook', id: 'wh-1', ciphertext: 'v1:resealed' }]);
    expect(await h.store.webhooks.subscriptionSecret('wh-1')).toBe('v1:resealed');
  });

  it('hands out due deliveries of enabled subscriptions, soonest first', async () => {
    await h.store.webhooks.addSubscription(sub());
    await h.store.webhooks.addSubscription(sub({ id: 'wh-off', enabled: false }));
    const body = '{"specversion":"1.0"}';
    await h.store.webhooks.enqueue([
      { subscriptionId: 'wh-1', eventId: 'e2', eventType: 't', body, at: '2026-12-07T10:05:00Z' },
      { subscriptionId: 'wh-1', eventId: 'e1', eventType: 't', body, at: '2026-12-07T10:01:00Z' },
      { subscriptionId: 'wh-1', eventId: 'e3', eventType: 't', body, at: '2026-12-07T11:00:00Z' },
      { subscriptionId: 'wh-off', eventId: 'e4', eventType: 't', body, at: t0 },
    ]);

    const due = await h.store.webhooks.due('2026-12-07T10:30:00Z', 10);

    expect(due.map((d) => [d.eventId, d.url, d.secretCiphertext, d.status])).toEqual([
      ['e1', 'https://hooks.example/patchline', 'v1:sealed', 'pending'],
      ['e2', 'https://hooks.example/patchline', 'v1:sealed', 'pending'],
    ]);
    expect(await h.store.webhooks.due('2026-12-07T10:30:00Z', 1)).toHaveLength(1);
  });

  it('lets one worker claim a due delivery, not two', async () => {
    await h.store.webhooks.addSubscription(sub());
    const [d] = await h.store.webhooks.enqueue([
      { subscriptionId: 'wh-1', eventId: 'e1', eventType: 't', body: '{}', at: t0 },
    ]);

    const first = await h.store.webhooks.claim(d!.id, t0, '2026-12-07T10:01:00.000Z');
    const second = await h.store.webhooks.claim(d!.id, t0, '2026-12-07T10:01:00.000Z');

    expect([first, second]).toEqual([true, false]);
    expect(await h.store.webhooks.due(t0, 10)).toEqual([]);
  });

  it('records attempts, dead-letters, and requeues with the history kept', async () => {
    await h.store.webhooks.addSubscription(sub());
    const [d] = await h.store.webhooks.enqueue([
      { subscriptionId: 'wh-1', eventId: 'e1', eventType: 't', body: '{}', at: t0 },
    ]);
    const id = d!.id;

    await h.store.webhooks.recordAttempt(id, {
      at: t0,
      statusCode: 500,
      error: 'HTTP 500',
      durationMs: 12,
      status: 'pending',
      nextAttemptAt: '2026-12-07T10:00:30.000Z',
    });
    const dead = await h.store.webhooks.recordAttempt(id, {
      at: '2026-12-07T10:00:30.000Z',
      statusCode: null,
      error: 'timed out',
      durationMs: 10_000,
      status: 'dead',
      nextAttemptAt: null,
    });
    await expect(h.store.webhooks.requeue('nope', t0)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const again = await h.store.webhooks.requeue(id, '2026-12-07T12:00:00.000Z');

    expect(dead).toMatchObject({ status: 'dead', attempts: 2, totalAttempts: 2 });
    expect(dead.nextAttemptAt).toBeNull();
    expect((await h.store.webhooks.deliveries({ status: 'dead' })).map((x) => x.id)).toEqual([]);
    expect(again).toMatchObject({
      status: 'pending',
      attempts: 0,
      totalAttempts: 2,
      nextAttemptAt: '2026-12-07T12:00:00.000Z',
      queuedAt: '2026-12-07T12:00:00.000Z',
    });
    await expect(h.store.webhooks.requeue(id, t0)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await h.store.webhooks.attempts(id)).toEqual([
      { seq: 1, at: t0, statusCode: 500, error: 'HTTP 500', durationMs: 12 },
      {
        seq: 2,
        at: '2026-12-07T10:00:30.000Z',
        statusCode: null,
        error: 'timed out',
        durationMs: 10_000,
      },
    ]);
  });

  it('removes a subscription with its deliveries and attempts', async () => {
    await h.store.webhooks.addSubscription(sub());
    const [d] = await h.store.webhooks.enqueue([
      { subscriptionId: 'wh-1', eventId: 'e1', eventType: 't', body: '{}', at: t0 },
    ]);
    await h.store.webhooks.recordAttempt(d!.id, {
      at: t0,
      statusCode: 204,
      error: null,
      durationMs: 3,
      status: 'delivered',
      nextAttemptAt: null,
    });

    expect(await h.store.webhooks.removeSubscription('wh-1')).toBe(true);
    expect(await h.store.webhooks.removeSubscription('wh-1')).toBe(false);
    expect(await h.store.webhooks.deliveries()).toEqual([]);
    expect(await h.store.webhooks.attempts(d!.id)).toEqual([]);
  });

  it('keeps deliveries written in a transaction that rolls back out', async () => {
    await h.store.webhooks.addSubscription(sub());

    await expect(
      h.store.transaction(async (tx) => {
        await tx.webhooks.enqueue([
          { subscriptionId: 'wh-1', eventId: 'e1', eventType: 't', body: '{}', at: t0 },
        ]);
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');

    expect(await h.store.webhooks.deliveries()).toEqual([]);
  });

  it('remembers notified subjects per type, once each', async () => {
    await h.store.webhooks.markNotified('a', ['x', 'y', 'x']);
    await h.store.webhooks.markNotified('a', ['y', 'z']);

    const got = await h.store.webhooks.notifiedAmong('a', ['x', 'z', 'w']);

    expect([...got].sort()).toEqual(['x', 'z']);
    expect(await h.store.webhooks.notifiedAmong('b', ['x'])).toEqual(new Set());
  });
}
