import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError, ErrorCode } from '../../domain/errors.js';

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

/**
 * Runs a last-use write that authentication does not depend on: a store that is read-only or
 * busy past its retries answers false instead of failing the request.
 */
export async function bestEffort(write: () => Promise<boolean>): Promise<boolean> {
  try {
    return await write();
  } catch (e) {
    if (
      e instanceof AppError &&
      (e.code === ErrorCode.StoreReadOnly || e.code === ErrorCode.StoreBusy)
    ) {
      return false;
    }
    throw e;
  }
}
