import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import type { WebhookSubscription } from '../../store/index.js';
import { newEvent } from './cloudevent.js';
import { subscriptionMatches, type MatchFields } from './outbox.js';

const sub = (over: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  id: 'wh',
  url: 'https://x.example/',
  eventTypes: null,
  minSeverity: null,
  tiers: null,
  enabled: true,
  createdBy: 't',
  createdAt: '2026-12-07T00:00:00.000Z',
  ...over,
});

const clock = fixedClock('2026-12-07T10:00:00.000Z');
const event = (type: string, data: MatchFields) => newEvent(clock, { type, data });
const breach = 'io.patchline.sla.breached';

describe('app/notify/outbox', () => {
  it.each([
    ['everything', sub(), event(breach, { severity: 'low' }), true],
    ['disabled', sub({ enabled: false }), event(breach, {}), false],
    ['its type', sub({ eventTypes: [breach] }), event(breach, {}), true],
    ['another type', sub({ eventTypes: ['io.patchline.feed.failed'] }), event(breach, {}), false],
    [
      'above its minimum',
      sub({ minSeverity: 'high' }),
      event(breach, { severity: 'critical' }),
      true,
    ],
    ['at its minimum', sub({ minSeverity: 'high' }), event(breach, { severity: 'high' }), true],
    [
      'below its minimum',
      sub({ minSeverity: 'high' }),
      event(breach, { severity: 'medium' }),
      false,
    ],
    ['no severity to filter', sub({ minSeverity: 'high' }), event(breach, {}), true],
    ['its tier', sub({ tiers: ['prod'] }), event(breach, { tier: 'prod' }), true],
    ['another tier', sub({ tiers: ['prod'] }), event(breach, { tier: 'dev' }), false],
    [
      'tier and severity both required',
      sub({ tiers: ['prod'], minSeverity: 'critical' }),
      event(breach, { tier: 'prod', severity: 'high' }),
      false,
    ],
  ])('a subscription to %s matches: %s', (_name, s, e, expected) => {
    expect(subscriptionMatches(s, e)).toBe(expected);
  });

  it('stamps a CloudEvent 1.0 with a fresh id and the clock time', () => {
    const a = newEvent(clock, { type: breach, subject: 'asset/x', data: {} });
    const b = newEvent(clock, { type: breach, data: {} });

    expect(a).toMatchObject({
      specversion: '1.0',
      source: '/patchline',
      type: breach,
      subject: 'asset/x',
      time: '2026-12-07T10:00:00.000Z',
      datacontenttype: 'application/json',
    });
    expect(a.id).not.toBe(b.id);
    expect('subject' in b).toBe(false);
  });
});
