import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from './signing.js';

const keyBytes = Buffer.from('patchline-test-key-0123456789abcdef', 'utf8');
const secret = `whsec_${keyBytes.toString('base64')}`;
const body = '{"specversion":"1.0","id":"e1","source":"/patchline","type":"t"}';
const at = new Date('2026-12-07T10:00:00.000Z');
const ts = Math.floor(at.getTime() / 1000);

/** The scheme written out again with node:crypto alone, so the test does not trust the code. */
function reference(msgId: string, timestamp: number, payload: string): string {
  const mac = createHmac('sha256', keyBytes).update(`${msgId}.${timestamp}.${payload}`);
  return `v1,${mac.digest('base64')}`;
}

describe('app/notify/signing', () => {
  it('signs as Standard Webhooks does: v1, base64 HMAC-SHA256 of id.timestamp.body', () => {
    const headers = webhookHeaders(secret, 'msg_1', at, body);

    expect(headers).toEqual({
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1796637600',
      'webhook-signature': reference('msg_1', ts, body),
    });
    expect(signWebhook(secret, 'msg_1', ts, body)).toBe(reference('msg_1', ts, body));
  });

  it('makes secrets of 32 random bytes behind whsec_', () => {
    const a = newWebhookSecret();

    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  const signed = webhookHeaders(secret, 'msg_1', at, body);
  it.each([
    ['the message as sent', signed, body, 0, true, undefined],
    ['a tampered body', signed, body.replace('e1', 'e2'), 0, false, 'no matching signature'],
    [
      'another message id',
      { ...signed, 'webhook-id': 'msg_2' },
      body,
      0,
      false,
      'no matching signature',
    ],
    ['upper-case header names', upper(signed), body, 0, true, undefined],
    ['a receiver 5 min behind', signed, body, -300, true, undefined],
    ['a receiver 5 min ahead', signed, body, 300, true, undefined],
    ['a replay 5 min 1 s later', signed, body, 301, false, 'timestamp outside tolerance'],
    ['a timestamp from the future', signed, body, -301, false, 'timestamp outside tolerance'],
    [
      'one good signature among several (rotation)',
      { ...signed, 'webhook-signature': `v1,AAAA ${signed['webhook-signature']}` },
      body,
      0,
      true,
      undefined,
    ],
    [
      'an unknown signature version only',
      { ...signed, 'webhook-signature': signed['webhook-signature'].replace('v1,', 'v2,') },
      body,
      0,
      false,
      'no matching signature',
    ],
    [
      'no signature header',
      { 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts) },
      body,
      0,
      false,
      'missing webhook headers',
    ],
  ])('verifies %s', (_name, headers, payload, skewSec, ok, reason) => {
    const now = new Date(at.getTime() + skewSec * 1000);

    const v = verifyWebhook(secret, headers, payload, { now });

    expect(v.ok).toBe(ok);
    if (!v.ok) expect(v.reason).toBe(reason);
  });

  it('rejects a signature made with another secret', () => {
    const other = newWebhookSecret();

    const v = verifyWebhook(other, signed, body, { now: at });

    expect(v).toEqual({ ok: false, reason: 'no matching signature' });
  });
});

function upper(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v]));
}
