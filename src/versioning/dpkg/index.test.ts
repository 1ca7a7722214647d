import { describe, expect, it } from 'vitest';
import { runConformance } from '../conformance.js';
import { loadRealVersions, loadVectors } from '../fixtures.js';
import { compare, dpkgScheme, parse } from './index.js';

function flip(o: number): number {
  return o === 0 ? 0 : -o;
}

const dpkgTest = loadVectors('dpkg-Dpkg_Version_t.tsv');
const scalibr = loadVectors('osv-scalibr-debian-versions.txt');
const generated = loadVectors('osv-scalibr-debian-versions-generated.txt');

describe('versioning/dpkg', () => {
  it.each(dpkgTest.map((c) => [c.line, c.a, c.b, c.expected] as const))(
    'Dpkg_Version.t line %i: %s vs %s is %i',
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

  it(`agrees with all ${generated.length} osv-scalibr generated vectors`, () => {
    const wrong = generated.filter((c) => compare(c.a, c.b) !== c.expected);

    expect(wrong).toEqual([]);
  });

  it.each`
    a                         | b                         | expected | rule
    ${'1.0~rc1'}              | ${'1.0'}                  | ${-1}    | ${'~ sorts before the end'}
    ${'1.0~~'}                | ${'1.0~'}                 | ${-1}    | ${'~~ before ~'}
    ${'1.0~'}                 | ${'1.0~a'}                | ${-1}    | ${'end after ~ sorts before a letter'}
    ${'1.0a'}                 | ${'1.0+'}                 | ${-1}    | ${'letters before non-letters'}
    ${'1.0'}                  | ${'1.0a'}                 | ${-1}    | ${'end before a letter'}
    ${'1.0+b1'}               | ${'1.0'}                  | ${1}     | ${'+ after the end'}
    ${'1.0-1'}                | ${'1.0-1.1'}              | ${-1}    | ${'revision compared with verrevcmp'}
    ${'1:0.9'}                | ${'2.0'}                  | ${1}     | ${'epoch first'}
    ${'01:1'}                 | ${'1:1'}                  | ${0}     | ${'epoch is a number'}
    ${'1.0'}                  | ${'1.0-0'}                | ${0}     | ${'absent revision equals 0'}
    ${'1.01'}                 | ${'1.1'}                  | ${0}     | ${'digit runs are numbers'}
    ${'1-2-3'}                | ${'1-2-2'}                | ${1}     | ${'revision after the last hyphen'}
    ${'1.0+dfsg'}             | ${'1.0.dfsg'}             | ${-1}    | ${'+ before . (ASCII) among non-letters'}
    ${'2:1.0-1'}              | ${'10:0.1-1'}             | ${-1}    | ${'epochs compare numerically, not as text'}
    ${'99999999999999999999'} | ${'99999999999999999998'} | ${1}     | ${'long digit runs do not overflow'}
  `('$a vs $b is $expected ($rule)', ({ a, b, expected }) => {
    expect(compare(a, b)).toBe(expected);
    expect(compare(b, a)).toBe(flip(expected));
  });

  it.each`
    text                          | epoch | upstream    | revision
    ${'1.2.3'}                    | ${0}  | ${'1.2.3'}  | ${''}
    ${'2:1.2-3'}                  | ${2}  | ${'1.2'}    | ${'3'}
    ${'1:2.0-rc-1+b1'}            | ${1}  | ${'2.0-rc'} | ${'1+b1'}
    ${'1:2:3'}                    | ${1}  | ${'2:3'}    | ${''}
    ${'0.9.8o-4squeeze4~bpo50+1'} | ${0}  | ${'0.9.8o'} | ${'4squeeze4~bpo50+1'}
  `('parses $text', ({ text, epoch, upstream, revision }) => {
    expect(parse(text)).toEqual({ scheme: 'dpkg', text, epoch, upstream, revision });
  });

  it.each`
    text              | reason                                            | column
    ${''}             | ${'version string is empty'}                      | ${undefined}
    ${':1.0'}         | ${'epoch is empty'}                               | ${undefined}
    ${'a:1.0'}        | ${'epoch is not a number'}                        | ${1}
    ${'2147483648:1'} | ${'epoch is too big'}                             | ${undefined}
    ${'1:'}           | ${'upstream version is empty'}                    | ${3}
    ${'-1'}           | ${'upstream version is empty'}                    | ${1}
    ${'abc'}          | ${'upstream version does not start with a digit'} | ${1}
    ${'1.0 beta'}     | ${'invalid character in upstream version'}        | ${4}
    ${'1.0_1'}        | ${'invalid character in upstream version'}        | ${4}
    ${'1.0-'}         | ${'revision is empty'}                            | ${4}
    ${'1.0-1~a_b'}    | ${'invalid character in revision'}                | ${8}
    ${'1.0-1:2'}      | ${'epoch is not a number'}                        | ${2}
    ${'1.0-é'}        | ${'invalid character in revision'}                | ${5}
  `('rejects "$text": $reason', ({ text, reason, column }) => {
    expect(() => parse(text)).toThrow(
      expect.objectContaining({
        code: 'VERSION_INVALID',
        details: expect.objectContaining({ reason }),
        location: column === undefined ? { record: text } : { record: text, column },
      }),
    );
    expect(dpkgScheme.isValid(text)).toBe(false);
  });

  it('accepts every version installed on the real Debian and Ubuntu inventories', () => {
    const real = loadRealVersions('dpkg');

    expect(real.filter((v) => !dpkgScheme.isValid(v))).toEqual([]);
    expect(real.length).toBeGreaterThan(400);
  });

  it('passes the conformance suite', () => {
    const failures = runConformance(dpkgScheme, {
      validSamples: [
        ...loadRealVersions('dpkg').slice(0, 25),
        '1.0',
        '1:1.0',
        '0:1.0-0',
        '1.0~',
        '1.0+',
        '1.0a',
        '7.88.1-10+deb12u5',
      ],
      invalidSamples: ['', ' 1.0', '1.0 ', 'x:1', '1.0-', 'v1.2', '1..2-a_b'],
      orderedChains: [
        ['1.0~~', '1.0~', '1.0~a', '1.0', '1.0a', '1.0+', '1.0.1', '1:0.1'],
        ['2.36.1-8', '2.36.1-8+deb12u1', '2.36.1-8+deb12u2', '2.36.1-9~bpo11+1', '2.36.1-9'],
      ],
    });

    expect(failures).toEqual([]);
  });
});
