import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { loadPolicy } from '../../policy/index.js';
import { recordClocks } from '../compliance.js';
import { evaluateStore } from '../evaluation/index.js';
import { samplePolicyPath } from '../report.js';
import { useDemoStore } from '../testing/demo-store.js';
import { detectAndEmit } from './detect-and-emit.js';
import { webhookSecrets } from './secrets.js';
import { createWebhook } from './subscriptions.js';

const demo = useDemoStore('notify-detect', { per: 'test' });
const secrets = webhookSecrets(randomBytes(32));

describe('app/notify/detect-and-emit', () => {
  it('emits each detection once, to the subscriptions that want it', async () => {
    const clock = fixedClock('2026-11-27T09:00:00Z');
    const { store } = demo;
    const policy = loadPolicy(samplePolicyPath);
    const evaluation = await evaluateStore(store, { now: clock.now() });
    await recordClocks(store, evaluation, clock);
    const all = await createWebhook(store, secrets, { url: 'https://a.example/', actor: 't' });
    const critical = await createWebhook(store, secrets, {
      url: 'https://b.example/',
      actor: 't',
      events: ['exposure.new'],
      minSeverity: 'critical',
    });

    const first = await detectAndEmit(store, evaluation, policy, clock);
    const second = await detectAndEmit(store, evaluation, policy, clock);
    clock.advance(2 * 86_400_000);
    const later = await detectAndEmit(store, evaluation, policy, clock);

    const count = async (id: string) =>
      (await store.webhooks.deliveries({ subscriptionId: id, limit: 100_000 })).length;
    const newExposures = first.detected['io.patchline.exposure.new'] ?? 0;
    expect(newExposures).toBeGreaterThan(0);
    expect(first.deferred).toBe(0);
    expect(await count(all.subscription.id)).toBe(first.emitted + later.emitted);
    const criticalBodies = (
      await store.webhooks.deliveries({ subscriptionId: critical.subscription.id, limit: 100_000 })
    ).map((d) => JSON.parse(d.body) as { type: string; data: { severity: string } });
    expect(criticalBodies.length).toBeGreaterThan(0);
    expect(criticalBodies.length).toBeLessThan(newExposures);
    expect(
      criticalBodies.every(
        (b) => b.type === 'io.patchline.exposure.new' && b.data.severity === 'critical',
      ),
    ).toBe(true);
    expect(second).toEqual({ detected: {}, emitted: 0, deliveries: 0, deferred: 0 });
    // WVR-2026-014 lapses 2026-12-05: eight days off at first, six two days later.
    expect(first.detected['io.patchline.waiver.expiring']).toBeUndefined();
    expect(later.detected['io.patchline.waiver.expiring']).toBe(1);
    expect(later.detected['io.patchline.exposure.new']).toBeUndefined();
  });

  it('defers what is over the cap to the next run', async () => {
    const clock = fixedClock('2026-11-27T09:00:00Z');
    const { store } = demo;
    const policy = loadPolicy(samplePolicyPath);
    const evaluation = await evaluateStore(store, { now: clock.now() });
    await recordClocks(store, evaluation, clock);

    const first = await detectAndEmit(store, evaluation, policy, clock, { maxEvents: 3 });
    const second = await detectAndEmit(store, evaluation, policy, clock, { maxEvents: 100_000 });

    expect(first.emitted).toBe(3);
    expect(second.emitted).toBe(first.deferred);
    expect(first.deliveries).toBe(0);
  });
});
