import { describe, expect, it } from 'vitest';
import { runConformance } from '../conformance.js';
import { loadRealVersions, loadVectors } from '../fixtures.js';
import { apkScheme, compare, isValid, parse } from './index.js';

function flip(o: number): number {
  return o === 0 ? 0 : -o;
}

const vectors = loadVectors('osv-scalibr-alpine-versions.txt');
const valid = vectors.filter((c) => isValid(c.a) && isValid(c.b));
const invalid = vectors.filter((c) => !valid.includes(c));

/**
 * Lines of osv-scalibr's alpine-versions.txt holding a string apk_version_validate() rejects
 * (the file labels most of them "invalid"); Patchline throws VERSION_INVALID for those.
 */
const invalidLines = [
  2, 4, 5, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 27, 28, 31, 32, 33, 34, 38, 40, 43, 44, 45, 47,
  48, 50, 58, 59, 62, 63, 64, 65, 66, 67, 72, 74,
];

describe('versioning/apk', () => {
  it.each(valid.map((c) => [c.line, c.a, c.b, c.expected] as const))(
    'osv-scalibr line %i: %s vs %s is %i',
    (_line, a, b, expected) => {
      const r = compare(a, b);

      expect(r).toBe(expected);
      expect(compare(b, a)).toBe(flip(expected));
    },
  );

  it('rejects exactly the vectors that hold invalid versions, with VERSION_INVALID', () => {
    const lines = invalid.map((c) => c.line);

    expect(lines).toEqual(invalidLines);
    for (const c of invalid) {
      expect(() => compare(c.a, c.b)).toThrow(expect.objectContaining({ code: 'VERSION_INVALID' }));
    }
  });

  it.each`
    a               | b              | expected | rule
    ${'1.2_alpha1'} | ${'1.2_beta1'} | ${-1}    | ${'alpha < beta'}
    ${'1.2_rc9'}    | ${'1.2'}       | ${-1}    | ${'pre-release suffix before the release'}
    ${'1.2'}        | ${'1.2_p1'}    | ${-1}    | ${'_p after the release'}
    ${'1.2_cvs1'}   | ${'1.2_svn1'}  | ${-1}    | ${'cvs < svn < git < hg < p'}
    ${'1.2_hg1'}    | ${'1.2_p0'}    | ${-1}    | ${'hg < p'}
    ${'1.2'}        | ${'1.2-r0'}    | ${-1}    | ${'absent -r sorts below -r0'}
    ${'1.2-r9'}     | ${'1.2-r10'}   | ${-1}    | ${'revision is a number'}
    ${'1.2a'}       | ${'1.2b'}      | ${-1}    | ${'letter compare'}
    ${'1.2'}        | ${'1.2a'}      | ${-1}    | ${'letter after the end'}
    ${'1.02'}       | ${'1.1'}       | ${-1}    | ${'leading zero compares as text'}
    ${'1.10'}       | ${'1.9'}       | ${1}     | ${'digits compare as numbers'}
    ${'1.0~abc1'}   | ${'1.0~abc2'}  | ${-1}    | ${'commit hash compares as text'}
    ${'1.0'}        | ${'1.0~abc'}   | ${-1}    | ${'hash after the end'}
    ${'3.1.4-r2'}   | ${'3.1.4-r10'} | ${-1}    | ${'real secfix pair'}
  `('$a vs $b is $expected ($rule)', ({ a, b, expected }) => {
    expect(compare(a, b)).toBe(expected);
    expect(compare(b, a)).toBe(flip(expected));
  });

  it.each`
    text               | upstream        | revision
    ${'1.2.3'}         | ${'1.2.3'}      | ${null}
    ${'1.2.3_rc1-r4'}  | ${'1.2.3_rc1'}  | ${'4'}
    ${'2.9a_p1~0f-r0'} | ${'2.9a_p1~0f'} | ${'0'}
  `('parses $text', ({ text, upstream, revision }) => {
    expect(parse(text)).toEqual({ scheme: 'apk', text, upstream, revision });
  });

  it.each`
    text           | column
    ${''}          | ${undefined}
    ${'v1.0'}      | ${1}
    ${'1.0-1'}     | ${4}
    ${'1.0-r'}     | ${5}
    ${'1.0_foo'}   | ${7}
    ${'1.0ab'}     | ${5}
    ${'1.0A'}      | ${4}
    ${'1.0-r1-r2'} | ${7}
    ${'1.'}        | ${2}
    ${'1.0~'}      | ${4}
  `('rejects "$text"', ({ text, column }) => {
    expect(() => parse(text)).toThrow(
      expect.objectContaining({
        code: 'VERSION_INVALID',
        location: column === undefined ? { record: text } : { record: text, column },
      }),
    );
    expect(isValid(text)).toBe(false);
  });

  it('accepts every version installed on the real Alpine inventory', () => {
    const real = loadRealVersions('apk');

    expect(real.filter((v) => !isValid(v))).toEqual([]);
    expect(real.length).toBeGreaterThan(5);
  });

  it('passes the conformance suite', () => {
    const failures = runConformance(apkScheme, {
      validSamples: [...loadRealVersions('apk'), '1', '1.0', '006', '1.0_alpha', '1.0~ab-r1'],
      invalidSamples: ['', 'a', '1.0-', '1.0_x', '1..0', '1.0 ', '1-r-1', '1.0aa'],
      orderedChains: [
        ['1.0_alpha', '1.0_alpha1', '1.0_beta', '1.0_pre', '1.0_rc1', '1.0', '1.0-r0', '1.0-r1'],
        ['1.0-r1', '1.0_cvs1', '1.0_git1', '1.0_p1', '1.0a', '1.0.1', '1.1', '2'],
      ],
    });

    expect(failures).toEqual([]);
  });
});
