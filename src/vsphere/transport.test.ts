import { describe, expect, it } from 'vitest';
import { fingerprint256, normalizeThumbprint } from './transport.js';

describe('vsphere/transport', () => {
  const hex = 'ab'.repeat(32);
  const colon = Array(32).fill('AB').join(':');

  it.each`
    input                  | expected
    ${hex}                 | ${colon}
    ${colon.toLowerCase()} | ${colon}
    ${` ${colon} `}        | ${colon}
  `('normalises the thumbprint $input', ({ input, expected }) => {
    expect(normalizeThumbprint(input)).toBe(expected);
  });

  it.each(['', 'ab'.repeat(20), 'zz'.repeat(32)])('rejects the thumbprint %j', (input) => {
    expect(() => normalizeThumbprint(input)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('fingerprints DER bytes in the same form', () => {
    expect(fingerprint256(Buffer.from('x'))).toBe(
      normalizeThumbprint('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'),
    );
  });
});
