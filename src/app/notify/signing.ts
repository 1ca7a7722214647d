import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError, ErrorCode } from '../../domain/errors.js';

/**
 * Standard Webhooks 1.0 symmetric signatures (https://www.standardwebhooks.com/): the secret
 * is `whsec_` + base64 of random bytes, the HMAC key is those bytes, the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, and `webhook-signature` is `v1,` + base64 of
 * HMAC-SHA256 (several space-separated signatures allowed, for secret rotation).
 */
export const secretPrefix = 'whsec_';

/** Default tolerance between a message's timestamp and the receiver's clock. */
export const defaultToleranceSec = 300;

/** A fresh signing secret (32 random bytes). */
export function newWebhookSecret(): string {
  return secretPrefix + randomBytes(32).toString('base64');
}

function secretKey(secret: string): Buffer {
  const raw = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  const key = Buffer.from(raw, 'base64');
  if (key.length < 16) {
    throw new AppError(
      ErrorCode.ConfigInvalid,
      'webhook secret is not whsec_ + base64 of 16+ bytes',
    );
  }
  return key;
}

/** `v1,<base64 HMAC-SHA256>` of one message. */
export function signWebhook(
  secret: string,
  msgId: string,
  timestampSec: number,
  body: string,
): string {
  const mac = createHmac('sha256', secretKey(secret))
    .update(`${msgId}.${timestampSec}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers of a message sent at `at`. */
export function webhookHeaders(
  secret: string,
  msgId: string,
  at: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const ts = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(ts),
    'webhook-signature': signWebhook(secret, msgId, ts, body),
  };
}

export type Verification =
  | { readonly ok: true; readonly msgId: string; readonly timestamp: number }
  | { readonly ok: false; readonly reason: string };

export interface VerifyOptions {
  /** The receiver's clock. */
  readonly now: Date;
  /** @default 300 */
  readonly toleranceSec?: number;
}

/**
 * What a receiver does: checks the headers are present, the timestamp within tolerance of
 * `now` (either side, against replays), and that one `v1` signature matches in constant time.
 * Header names are matched case-blind.
 */
export function verifyWebhook(
  secret: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: string,
  opts: VerifyOptions,
): Verification {
  const get = (name: string): string | undefined => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    const v = key === undefined ? undefined : headers[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const msgId = get('webhook-id');
  const tsText = get('webhook-timestamp');
  const sigs = get('webhook-signature');
  if (!msgId || !tsText || !sigs) return { ok: false, reason: 'missing webhook headers' };
  if (!/^\d+$/.test(tsText)) return { ok: false, reason: 'bad webhook-timestamp' };
  const timestamp = Number(tsText);
  const skew = Math.abs(opts.now.getTime() / 1000 - timestamp);
  if (skew > (opts.toleranceSec ?? defaultToleranceSec)) {
    return { ok: false, reason: 'timestamp outside tolerance' };
  }
  const expected = Buffer.from(signWebhook(secret, msgId, timestamp, body).slice(3), 'base64');
  for (const s of sigs.split(' ')) {
    const [version, mac] = s.split(',', 2);
    if (version !== 'v1' || mac === undefined) continue;
    const got = Buffer.from(mac, 'base64');
    if (got.length === expected.length && timingSafeEqual(got, expected)) {
      return { ok: true, msgId, timestamp };
    }
  }
  return { ok: false, reason: 'no matching signature' };
}
