import { describe, expect, it } from 'vitest';
import { runConformance } from '../conformance.js';
import { loadRealVersions, loadVectors } from '../fixtures.js';
import { compare, parse, rpmScheme } from './index.js';

function flip(o: number): number {
  return o === 0 ? 0 : -o;
}

const rpmvercmpAt = loadVectors('rpm-rpmvercmp_at.tsv');
const scalibr = loadVectors('osv-scalibr-redhat-versions.txt');

describe('versioning/rpm', () => {
  it.each(rpmvercmpAt.map((c) => [c.line, c.a, c.b, c.expected] as const))(
    'rpmvercmp.at line %i: %s vs %s is %i',
    (_line, a, b, expected) => {
      const r = compare(a, b);

      expect(r).toBe(expected);
      expect(compare(b, a)).toBe(flip(expected));
    },
  );

  it.each(scalibr.map((c) => [c.line, c.a, c.b, c.expected] as const))(
    'osv-scalibr line %i: %s vs %s is %i',
    (_line, a, b, expected) => {
      expect(compare(a, b)).toBe(expected);
    },
  );

  it.each`
    a                         | b                          | expected | rule
    ${'1.0~rc1-1'}            | ${'1.0-1'}                 | ${-1}    | ${'~ sorts before the end'}
    ${'1.0^git1-1'}           | ${'1.0-1'}                 | ${1}     | ${'^ sorts after the end'}
    ${'1.0^git1'}             | ${'1.0.1'}                 | ${-1}    | ${'^ sorts before a further segment'}
    ${'1.0a-1'}               | ${'1.0+-1'}                | ${1}     | ${'separators only split; a letter segment beats nothing'}
    ${'1:1.0-1'}              | ${'2.0-1'}                 | ${1}     | ${'epoch first'}
    ${'0:1.0-1'}              | ${'1.0-1'}                 | ${0}     | ${'absent epoch is 0'}
    ${'1.0'}                  | ${'1.0-1'}                 | ${-1}    | ${'absent release sorts first (rpmverCmp)'}
    ${'1.0'}                  | ${'1.0-'}                  | ${-1}    | ${'even an empty release is present'}
    ${'2.0'}                  | ${'2_0'}                   | ${0}     | ${'separator kind does not matter'}
    ${'1.0a'}                 | ${'1.0.1'}                 | ${-1}    | ${'numeric segment beats alpha'}
    ${'5.14.0-362.8.1.el9_3'} | ${'5.14.0-362.13.1.el9_3'} | ${-1}    | ${'kernel releases'}
    ${'1.2.3-1.el9'}          | ${'1.2.3-1.el9_0.1'}       | ${-1}    | ${'z-stream release'}
    ${'a:1'}                  | ${'b:1'}                   | ${-1}    | ${'a non-digit before : is no epoch'}
  `('$a vs $b is $expected ($rule)', ({ a, b, expected }) => {
    expect(compare(a, b)).toBe(expected);
    expect(compare(b, a)).toBe(flip(expected));
  });

  it.each`
    text             | epoch   | version    | release
    ${'1.2.3'}       | ${null} | ${'1.2.3'} | ${null}
    ${'2:1.2-3.el9'} | ${'2'}  | ${'1.2'}   | ${'3.el9'}
    ${':1.0'}        | ${''}   | ${'1.0'}   | ${null}
    ${'1-2-3'}       | ${null} | ${'1-2'}   | ${'3'}
    ${'1.0-'}        | ${null} | ${'1.0'}   | ${''}
    ${'a:1'}         | ${null} | ${'a:1'}   | ${null}
  `('parses $text', ({ text, epoch, version, release }) => {
    expect(parse(text)).toEqual({ scheme: 'rpm', text, epoch, version, release });
  });

  it.each`
    text        | reason                                          | column
    ${''}       | ${'version string is empty'}                    | ${undefined}
    ${'1.0 -1'} | ${'whitespace or control character in version'} | ${4}
    ${'1.0\t'}  | ${'whitespace or control character in version'} | ${4}
    ${'1:'}     | ${'version part is empty'}                      | ${3}
    ${'-1'}     | ${'version part is empty'}                      | ${1}
    ${'2:-1'}   | ${'version part is empty'}                      | ${3}
  `('rejects "$text": $reason', ({ text, reason, column }) => {
    expect(() => parse(text)).toThrow(
      expect.objectContaining({
        code: 'VERSION_INVALID',
        details: expect.objectContaining({ reason }),
        location: column === undefined ? { record: text } : { record: text, column },
      }),
    );
    expect(rpmScheme.isValid(text)).toBe(false);
  });

  it('accepts every version installed on the real CentOS, UBI and Amazon Linux inventories', () => {
    const real = loadRealVersions('rpm');

    expect(real.filter((v) => !rpmScheme.isValid(v))).toEqual([]);
    expect(real.length).toBeGreaterThan(400);
  });

  it('passes the conformance suite', () => {
    const failures = runConformance(rpmScheme, {
      validSamples: [
        ...loadRealVersions('rpm').slice(0, 25),
        '1.0',
        '0:1.0',
        '1.0-',
        '1.0~',
        '1.0^',
        '1.0^git1~pre',
        'xyz.4',
        '2_0',
      ],
      invalidSamples: ['', ' ', '1.0 ', '1:', '-1', '1\n2'],
      orderedChains: [
        ['1.0~rc1', '1.0~rc1^git1', '1.0', '1.0-1', '1.0^', '1.0^git1', '1.0.1', '1.01', '1:0.1'],
        ['3.2.1-1.el9', '3.2.1-1.el9_0.1', '3.2.1-2.el9', '3.2.1-10.el9', '3.2.2-1.el9'],
      ],
    });

    expect(failures).toEqual([]);
  });
});
