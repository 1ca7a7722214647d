import { describe, expect, it } from 'vitest';
import { clockOwner, planClocks, type ClockRow } from './clocks.js';

const row = (over: Partial<ClockRow> = {}): ClockRow => ({
  assetId: 'img',
  advisory: 'DSA-1',
  package: 'openssl',
  severity: 'high',
  firstSeen: '2026-11-01T00:00:00.000Z',
  fixedAt: null,
  ...over,
});
const seen = (over: Partial<ClockRow> = {}) => {
  const { assetId, advisory, package: pkg, severity } = row(over);
  return { assetId, advisory, package: pkg, severity };
};
const now = '2026-11-20T00:00:00.000Z';

describe('policy/sla/clocks', () => {
  it.each`
    kind       | origin          | imageId  | owner
    ${'image'} | ${null}         | ${null}  | ${'a'}
    ${'host'}  | ${'inherited'}  | ${'img'} | ${'img'}
    ${'host'}  | ${'introduced'} | ${'img'} | ${'a'}
    ${'host'}  | ${null}         | ${null}  | ${'a'}
    ${'host'}  | ${'inherited'}  | ${null}  | ${'a'}
  `('a $kind finding ($origin) runs on the clock of $owner', ({ kind, origin, imageId, owner }) => {
    expect(clockOwner({ id: 'a', kind }, origin, imageId)).toBe(owner);
  });

  it.each`
    rule                                           | existing                                          | current                             | evaluated  | put                                | counts
    ${'a new finding starts a clock now'}          | ${[]}                                             | ${[seen()]}                         | ${['img']} | ${[row({ firstSeen: now })]}       | ${[1, 0, 0]}
    ${'a running clock is left alone'}             | ${[row()]}                                        | ${[seen()]}                         | ${['img']} | ${[]}                              | ${[0, 0, 0]}
    ${'a gone finding stops its clock'}            | ${[row()]}                                        | ${[]}                               | ${['img']} | ${[row({ fixedAt: now })]}         | ${[0, 0, 1]}
    ${'a returning finding resumes its clock'}     | ${[row({ fixedAt: '2026-11-10T00:00:00.000Z' })]} | ${[seen()]}                         | ${['img']} | ${[row()]}                         | ${[0, 1, 0]}
    ${'clocks of assets not evaluated stay'}       | ${[row()]}                                        | ${[]}                               | ${[]}      | ${[]}                              | ${[0, 0, 0]}
    ${'a fixed clock stays fixed while absent'}    | ${[row({ fixedAt: '2026-11-10T00:00:00.000Z' })]} | ${[]}                               | ${['img']} | ${[]}                              | ${[0, 0, 0]}
    ${'a severity change is written'}              | ${[row()]}                                        | ${[seen({ severity: 'critical' })]} | ${['img']} | ${[row({ severity: 'critical' })]} | ${[0, 0, 0]}
    ${'clones reporting one image key write once'} | ${[]}                                             | ${[seen(), seen()]}                 | ${['img']} | ${[row({ firstSeen: now })]}       | ${[1, 0, 0]}
  `('$rule', ({ existing, current, evaluated, put, counts }) => {
    const plan = planClocks(existing, current, new Set(evaluated), now);

    expect(plan.put).toEqual(put);
    expect([plan.opened, plan.resumed, plan.fixed]).toEqual(counts);
  });
});
