import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `n` random bytes as base64url (no padding). */
export function randomText(n = 32): string {
  return randomBytes(n).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Whether `a` equals `b`, in time that depends only on their lengths after hashing (both are
 * hashed first, so inputs of any length compare as 32-byte digests).
 */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
