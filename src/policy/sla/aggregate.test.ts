import { describe, expect, it } from 'vitest';
import { createComplianceAccumulator, groupOf, type GroupedAsset } from './aggregate.js';
import type { SlaResult } from './state.js';

const asset = (name: string, over: Partial<GroupedAsset> = {}): GroupedAsset => ({
  name,
  tier: 'prod',
  platform: 'debian:12',
  image: null,
  labels: { env: 'prod' },
  ...over,
});
const f = (result: SlaResult, severity: 'critical' | 'high' = 'high') => ({
  advisory: 'DSA-1',
  package: 'openssl',
  severity,
  result,
});
const due = Date.parse('2026-11-10T00:00:00Z');

describe('policy/sla/aggregate', () => {
  it.each`
    by                               | over                  | group
    ${{ kind: 'tier' }}              | ${{}}                 | ${'prod'}
    ${{ kind: 'platform' }}          | ${{ platform: null }} | ${'(none)'}
    ${{ kind: 'image' }}             | ${{ image: 'img@1' }} | ${'img@1'}
    ${{ kind: 'label', key: 'env' }} | ${{}}                 | ${'prod'}
    ${{ kind: 'label', key: 'app' }} | ${{}}                 | ${'(none)'}
  `('groups by $by.kind', ({ by, over, group }) => {
    expect(groupOf(asset('a', over), by)).toBe(group);
  });

  it.each`
    states                        | compliant | atRisk | overdueAssets | adherence
    ${['within-sla']}             | ${1}      | ${0}   | ${0}          | ${100}
    ${['within-sla', 'due-soon']} | ${0}      | ${1}   | ${0}          | ${100}
    ${['due-soon', 'overdue']}    | ${0}      | ${0}   | ${1}          | ${50}
    ${['waived', 'not-counted']}  | ${1}      | ${0}   | ${0}          | ${null}
    ${['fixed-pending-reboot']}   | ${1}      | ${0}   | ${0}          | ${null}
  `(
    'classifies an asset with $states',
    ({ states, compliant, atRisk, overdueAssets, adherence }) => {
      const acc = createComplianceAccumulator({ kind: 'tier' });

      acc.add(
        asset('a'),
        (states as SlaResult['state'][]).map((state) => f({ state, due })),
      );

      expect(acc.total()).toMatchObject({
        assets: 1,
        compliant,
        atRisk,
        overdueAssets,
        adherencePct: adherence,
      });
    },
  );

  it.each`
    states            | assessed     | compliant | notAssessed | overdueAssets
    ${[]}             | ${false}     | ${0}      | ${1}        | ${0}
    ${[]}             | ${true}      | ${1}      | ${0}        | ${0}
    ${[]}             | ${undefined} | ${1}      | ${0}        | ${0}
    ${['within-sla']} | ${false}     | ${0}      | ${1}        | ${0}
  `(
    'an asset with $states, assessed $assessed, is never compliant unless assessed',
    ({ states, assessed, compliant, notAssessed, overdueAssets }) => {
      const acc = createComplianceAccumulator({ kind: 'tier' });

      acc.add(
        asset('a', assessed === undefined ? {} : { assessed }),
        (states as SlaResult['state'][]).map((state) => f({ state, due })),
      );
      acc.add(asset('b'), [f({ state: 'within-sla', due })]);

      expect(acc.total()).toMatchObject({
        assets: 2,
        compliant: compliant + 1,
        notAssessed,
        overdueAssets,
      });
      expect(acc.groups()[0]).toMatchObject({ notAssessed, compliant: compliant + 1 });
    },
  );

  it('finds the oldest overdue finding and averages MTTR per tier and severity', () => {
    const acc = createComplianceAccumulator({ kind: 'tier' });

    acc.add(asset('a'), [
      f({ state: 'overdue', due: due + 1 }),
      f({ state: 'fixed', due, mttrMs: 36e5, met: true }),
    ]);
    acc.add(asset('b', { tier: 'dev' }), [
      f({ state: 'overdue', due }),
      f({ state: 'fixed', due, mttrMs: 3 * 36e5, met: false }),
    ]);
    acc.add(asset('c'), [f({ state: 'fixed', due, mttrMs: 5 * 36e5, met: true })]);

    expect(acc.total().oldestOverdue).toEqual({
      asset: 'b',
      advisory: 'DSA-1',
      package: 'openssl',
      due: '2026-11-10T00:00:00.000Z',
    });
    expect(acc.groups().map((g) => [g.group, g.assets, g.fixed, g.adherencePct])).toEqual([
      ['dev', 1, 1, 0],
      ['prod', 2, 2, 66.7],
    ]);
    expect(acc.mttr()).toEqual([
      { tier: 'dev', severity: 'high', fixed: 1, meanHours: 3 },
      { tier: 'prod', severity: 'high', fixed: 2, meanHours: 3 },
    ]);
  });
});
