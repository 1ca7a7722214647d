import { randomFillSync } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then version, variant and 74
 * random bits. Ids made in time order sort in time order, so a B-tree keyed by them grows at its
 * right edge instead of taking a random leaf per insert, as version 4 ids do.
 */
export function uuidv7(at: Date): string {
  const b = randomFillSync(Buffer.alloc(16));
  const ms = BigInt(Math.max(0, at.getTime()));
  for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
