import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuid7.js';

describe('util/uuid7', () => {
  it('carries the time, version 7 and the RFC 9562 variant', () => {
    const id = uuidv7(new Date('2026-11-27T12:00:00.000Z'));

    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(
      Date.parse('2026-11-27T12:00:00.000Z'),
    );
  });

  it('sorts ids of later times after earlier ones, and never repeats', () => {
    const times = ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.001Z', '2027-06-30T23:59:59Z'];
    const ids = times.map((t) => uuidv7(new Date(t)));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => uuidv7(new Date(0))));
    expect(same.size).toBe(1000);
  });
});
