import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../load.js';
import { minimalPolicy, policyText } from '../testing.js';
import { waiverStatus, waiverUsage } from './waivers.js';

const policy = loadPolicy({ text: policyText(minimalPolicy()) });
const w = policy.waivers[0]!;

describe('policy/sla/waivers', () => {
  it.each`
    at                            | status
    ${'2026-11-09T23:59:59.999Z'} | ${'future'}
    ${'2026-11-10T00:00:00Z'}     | ${'active'}
    ${'2026-12-04T23:59:59.999Z'} | ${'active'}
    ${'2026-12-05T00:00:00Z'}     | ${'expired'}
  `('is $status at $at', ({ at, status }) => {
    expect(waiverStatus(w, new Date(at))).toBe(status);
  });

  it.each`
    at                        | waived | reopened | unused   | daysLeft
    ${'2026-11-20T00:00:00Z'} | ${0}   | ${0}     | ${true}  | ${15}
    ${'2026-11-20T00:00:00Z'} | ${2}   | ${0}     | ${false} | ${15}
    ${'2026-12-10T00:00:00Z'} | ${0}   | ${3}     | ${false} | ${-5}
  `('reports use at $at ($waived waived, $reopened reopened)', (row) => {
    const [u] = waiverUsage(
      policy,
      new Date(row.at),
      new Map([['W-1', row.waived]]),
      new Map([['W-1', row.reopened]]),
    );

    expect(u).toMatchObject({
      id: 'W-1',
      findings: row.waived,
      reopened: row.reopened,
      unused: row.unused,
      daysLeft: row.daysLeft,
    });
  });
});
