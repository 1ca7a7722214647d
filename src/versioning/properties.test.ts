import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getScheme } from './registry.js';

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const num = fc.oneof(fc.integer({ min: 0, max: 12 }).map(String), pick('0', '01', '10', '2024'));
const opt = (a: fc.Arbitrary<string>) => fc.oneof(fc.constant(''), a);

/** Versions following each scheme's grammar, with the features that make ordering subtle. */
const versions = {
  dpkg: fc
    .tuple(
      opt(pick('1:', '2:')),
      num,
      fc.array(fc.tuple(pick('.', '+', '~', ''), fc.oneof(num, pick('a', 'rc', 'Z'))), {
        maxLength: 4,
      }),
      opt(
        fc.tuple(num, opt(pick('+deb12u1', 'ubuntu1', '~bpo1', '.1'))).map(([r, s]) => `-${r}${s}`),
      ),
    )
    .map(([e, head, parts, rev]) => e + head + parts.map((p) => p.join('')).join('') + rev),
  rpm: fc
    .tuple(
      opt(pick('1:', '0:')),
      num,
      fc.array(fc.tuple(pick('.', '_', '~', '^', ''), fc.oneof(num, pick('a', 'git', 'rc'))), {
        maxLength: 4,
      }),
      opt(fc.tuple(num, opt(pick('.el9', '.el9_3', '~1', '^1'))).map(([r, s]) => `-${r}${s}`)),
    )
    .map(([e, head, parts, rel]) => e + head + parts.map((p) => p.join('')).join('') + rel),
  apk: fc
    .tuple(
      num,
      fc.array(
        num.map((n) => `.${n}`),
        { maxLength: 3 },
      ),
      opt(pick('a', 'z')),
      fc.array(fc.tuple(pick('_alpha', '_beta', '_pre', '_rc', '_cvs', '_git', '_p'), opt(num)), {
        maxLength: 2,
      }),
      opt(pick('~ab12', '~0f')),
      opt(num.map((n) => `-r${n}`)),
    )
    .map(
      ([head, dots, letter, sufs, hash, rev]) =>
        head + dots.join('') + letter + sufs.map((s) => s.join('')).join('') + hash + rev,
    ),
} as const;

describe('versioning/properties', () => {
  describe.each(['dpkg', 'rpm', 'apk'] as const)('%s', (id) => {
    const scheme = getScheme(id);
    const v = versions[id];

    it('accepts every generated version and parses it to the same text', () => {
      fc.assert(
        fc.property(v, (x) => {
          expect(scheme.parse(x).text).toBe(x);
        }),
      );
    });

    it('orders antisymmetrically and as compareParsed does', () => {
      fc.assert(
        fc.property(v, v, (a, b) => {
          const r = scheme.compare(a, b);

          expect(scheme.compare(b, a)).toBe(r === 0 ? 0 : -r);
          expect(scheme.compareParsed(scheme.parse(a), scheme.parse(b))).toBe(r);
        }),
        { numRuns: 2000 },
      );
    });

    it('orders transitively', () => {
      fc.assert(
        fc.property(fc.array(v, { minLength: 3, maxLength: 12 }), (xs) => {
          const sorted = [...xs].sort((a, b) => scheme.compare(a, b));

          for (let i = 0; i + 1 < sorted.length; i++) {
            for (let j = i + 1; j < sorted.length; j++) {
              expect(scheme.compare(sorted[i]!, sorted[j]!)).toBeLessThanOrEqual(0);
            }
          }
        }),
        { numRuns: 500 },
      );
    });
  });
});
