import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../domain/errors.js';
import { runConformance, type ConformanceSamples } from './conformance.js';
import { dpkgScheme } from './dpkg/index.js';
import type { Ordering, ParsedVersion, VersioningScheme } from './types.js';

const samples: ConformanceSamples = {
  validSamples: ['1.0', '1.0-1', '2.0', '1.0~rc1'],
  invalidSamples: ['', 'x'],
  orderedChains: [['1.0~rc1', '1.0', '1.0-1', '2.0']],
};

/** A scheme that orders by plain string comparison: wrong for `~`, right on everything else. */
function textScheme(overrides: Partial<VersioningScheme> = {}): VersioningScheme {
  const check = (v: string): void => {
    if (!/^\d/.test(v)) throw new AppError(ErrorCode.VersionInvalid, `bad ${v}`);
  };
  const cmp = (a: string, b: string): Ordering => (a < b ? -1 : a > b ? 1 : 0);
  return {
    id: 'dpkg',
    displayName: 'text',
    urls: ['https://example.invalid'],
    parse: (v) => (check(v), { scheme: 'dpkg', text: v }),
    isValid: (v) => /^\d/.test(v),
    compare: (a, b) => (check(a), check(b), cmp(a, b)),
    compareParsed: (a: ParsedVersion, b: ParsedVersion) => {
      if (a.scheme !== 'dpkg' || b.scheme !== 'dpkg') {
        throw new AppError(ErrorCode.VersionSchemeMismatch, 'mismatch');
      }
      return cmp(a.text, b.text);
    },
    ...overrides,
  };
}

describe('versioning/conformance', () => {
  it('passes a correct scheme', () => {
    expect(runConformance(dpkgScheme, samples)).toEqual([]);
  });

  it.each`
    name                              | scheme                                                                                      | expected
    ${'wrong chain order'}            | ${textScheme()}                                                                             | ${'chain:'}
    ${'antisymmetry broken'}          | ${textScheme({ compare: () => 1 })}                                                         | ${'not antisymmetric'}
    ${'compareParsed disagrees'}      | ${textScheme({ compareParsed: () => 0 })}                                                   | ${'compareParsed disagrees'}
    ${'accepts invalid input'}        | ${textScheme({ isValid: () => true, parse: (v: string) => ({ scheme: 'dpkg', text: v }) })} | ${"isValid('') is true"}
    ${'wrong error code'} | ${textScheme({
      compare: (a: string, b: string) => {
        if (!/^\d/.test(a + b)) throw new Error('boom');
        return 0;
      },
    })} | ${'non-AppError'}
    ${'throws on valid input'} | ${textScheme({
      compare: () => {
        throw new Error('boom');
      },
    })} | ${"compare('1.0', '1.0') is not 0"}
    ${'throws from compareParsed'} | ${textScheme({
      compareParsed: () => {
        throw new Error('boom');
      },
    })} | ${'pairs: unexpected error: boom'}
    ${'accepts foreign parsed value'} | ${textScheme({ compareParsed: () => 0 })}                                                   | ${'foreign parsed version'}
    ${'missing metadata'}             | ${textScheme({ urls: [] })}                                                                 | ${'metadata incomplete'}
  `('reports a scheme with $name', ({ scheme, expected }) => {
    const failures = runConformance(scheme as VersioningScheme, samples);

    expect(failures.join('\n')).toContain(expected);
  });
});
