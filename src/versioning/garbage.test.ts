import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemes } from './registry.js';

const valid = { dpkg: '1.0-1', rpm: '1.0-1', apk: '1.0-r0', kb: '' } as const;
// Strings built from the characters versions are made of, so many are near misses.
const versionish = fc.string({
  unit: fc.constantFrom(...'0123456789.:-~+^_abrpclx '.split(''), '\n', 'é'),
  maxLength: 16,
});

/** How a comparison with `s` on one side ends: an ordering, or the error code thrown. */
function outcome(run: () => number): string {
  try {
    return `order ${run()}`;
  } catch (e) {
    return (e as { code?: string }).code ?? 'non-AppError';
  }
}

describe('versioning/garbage', () => {
  it.each([...schemes.values()].map((s) => [s.id, s] as const))(
    '%s never orders a string it calls invalid: compare throws VERSION_INVALID on either side',
    (_id, scheme) => {
      const good = valid[scheme.id];

      fc.assert(
        fc.property(versionish, (s) => {
          const expected = scheme.isValid(s) ? /^order -?[01]$/ : /^VERSION_INVALID$/;
          expect(outcome(() => scheme.compare(s, good))).toMatch(expected);
          expect(outcome(() => scheme.compare(good, s))).toMatch(expected);
        }),
        { numRuns: 500 },
      );
    },
  );
});
