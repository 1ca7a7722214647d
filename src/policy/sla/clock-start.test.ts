import { describe, expect, it } from 'vitest';
import { clockStartRule, findingClockStart, publishedIndex } from './clock-start.js';

const detected = Date.parse('2026-11-27T12:00:00Z');
const published = Date.parse('2024-11-12T00:00:00Z');

describe('policy/sla/clock-start', () => {
  it.each`
    sla                              | rule
    ${undefined}                     | ${'fixReleased'}
    ${{}}                            | ${'fixReleased'}
    ${{ clockStart: 'fixReleased' }} | ${'fixReleased'}
    ${{ clockStart: 'detected' }}    | ${'detected'}
  `('reads the rule $rule from sla $sla', ({ sla, rule }) => {
    expect(clockStartRule({ sla })).toBe(rule);
  });

  it.each`
    rule             | pub          | at           | from             | undated
    ${'fixReleased'} | ${published} | ${published} | ${'fixReleased'} | ${false}
    ${'fixReleased'} | ${undefined} | ${detected}  | ${'detected'}    | ${true}
    ${'fixReleased'} | ${NaN}       | ${detected}  | ${'detected'}    | ${true}
    ${'detected'}    | ${published} | ${detected}  | ${'detected'}    | ${false}
    ${'detected'}    | ${undefined} | ${detected}  | ${'detected'}    | ${false}
  `('under $rule with published $pub starts at $at ($from)', ({ rule, pub, at, from, undated }) => {
    expect(findingClockStart(rule, detected, pub)).toEqual({ at, from, undated });
  });

  it('indexes published dates by id, earliest across feeds, skipping undated and bad ones', () => {
    const index = publishedIndex([
      { id: 'CVE-2024-1', published: '2024-03-01T00:00:00Z' },
      { id: 'CVE-2024-1', published: '2024-02-01T00:00:00Z' },
      { id: 'DSA-1', published: 'not a date' },
      { id: 'DSA-2' },
    ]);

    expect([...index]).toEqual([['CVE-2024-1', Date.parse('2024-02-01T00:00:00Z')]]);
  });
});
