import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './hash.js';

describe('policy/hash', () => {
  it.each`
    value                                    | json
    ${{ b: 1, a: [true, null, 'x'] }}        | ${'{"a":[true,null,"x"],"b":1}'}
    ${{ z: { y: 2, x: undefined }, a: 1 }}   | ${'{"a":1,"z":{"y":2}}'}
    ${'é"'}                                  | ${'"é\\""'}
    ${{ b: [], a: {}, c: [undefined, 1] }}   | ${'{"a":{},"b":[],"c":[null,1]}'}
    ${{ é: 1, z: 2, Z: 3, '10': 4, '9': 5 }} | ${'{"10":4,"9":5,"Z":3,"z":2,"é":1}'}
    ${{ x: undefined }}                      | ${'{}'}
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
