import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './hash.js';

describe('policy/hash', () => {
  it.each`
    value                                  | json
    ${{ b: 1, a: [true, null, 'x'] }}      | ${'{"a":[true,null,"x"],"b":1}'}
    ${{ z: { y: 2, x: undefined }, a: 1 }} | ${'{"a":1,"z":{"y":2}}'}
    ${'é"'}                                | ${'"é\\""'}
  `('canonical JSON of $json', ({ value, json }) => {
    expect(canonicalJson(value)).toBe(json);
  });

  it('hashes key order away', () => {
    const a = contentHash({ a: 1, b: { c: 2, d: 3 } });
    const b = contentHash({ b: { d: 3, c: 2 }, a: 1 });

    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ a: 1, b: { c: 2, d: 4 } })).not.toBe(a);
  });
});
