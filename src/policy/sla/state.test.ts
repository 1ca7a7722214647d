import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../load.js';
import { minimalPolicy, policyText } from '../testing.js';
import { assetWaivers, createSlaEvaluator, mayCover, type SlaSubject } from './state.js';

const policy = loadPolicy({ text: policyText(minimalPolicy()) });
const hour = 3_600_000;
const day = 24 * hour;
const t = (iso: string) => Date.parse(iso);

function subject(over: Partial<SlaSubject> = {}): SlaSubject {
  return {
    asset: { name: 'web-01', labels: { env: 'prod' } },
    tier: 'prod',
    advisory: 'DSA-1-1',
    cves: ['CVE-2099-0001'],
    package: 'openssl',
    severity: 'high',
    status: 'open',
    firstSeen: t('2026-11-20T00:00:00Z'),
    ...over,
  };
}

function stateAt(now: string, s: SlaSubject, opts: { dueSoonMs?: number; windows?: boolean } = {}) {
  const ev = createSlaEvaluator(policy, {
    now: new Date(now),
    dueSoonMs: opts.dueSoonMs ?? 2 * day,
    windows: opts.windows ?? false,
  });
  return ev.stateOf(s);
}

describe('policy/sla/state', () => {
  it.each`
    rule                                  | now                           | over                                            | state                     | due
    ${'within the deadline'}              | ${'2026-11-21T00:00:00Z'}     | ${{}}                                           | ${'within-sla'}           | ${'2026-11-27T00:00:00.000Z'}
    ${'due-soon starts exactly 2d early'} | ${'2026-11-25T00:00:00Z'}     | ${{}}                                           | ${'due-soon'}             | ${'2026-11-27T00:00:00.000Z'}
    ${'1 ms before due-soon'}             | ${'2026-11-24T23:59:59.999Z'} | ${{}}                                           | ${'within-sla'}           | ${'2026-11-27T00:00:00.000Z'}
    ${'overdue at the due instant'}       | ${'2026-11-27T00:00:00Z'}     | ${{}}                                           | ${'overdue'}              | ${'2026-11-27T00:00:00.000Z'}
    ${'1 ms before due'}                  | ${'2026-11-26T23:59:59.999Z'} | ${{}}                                           | ${'due-soon'}             | ${'2026-11-27T00:00:00.000Z'}
    ${'known-exploited is tighter'}       | ${'2026-11-21T00:00:00Z'}     | ${{ severity: 'medium', knownExploited: true }} | ${'overdue'}              | ${'2026-11-21T00:00:00.000Z'}
    ${'tier without a deadline'}          | ${'2027-11-21T00:00:00Z'}     | ${{ severity: 'none' }}                         | ${'within-sla'}           | ${null}
    ${'unknown tier has no deadline'}     | ${'2027-11-21T00:00:00Z'}     | ${{ tier: 'gone' }}                             | ${'within-sla'}           | ${null}
    ${'dev tier deadline'}                | ${'2026-12-01T00:00:00Z'}     | ${{ tier: 'dev', severity: 'critical' }}        | ${'within-sla'}           | ${'2026-12-04T00:00:00.000Z'}
    ${'pending reboot'}                   | ${'2026-12-01T00:00:00Z'}     | ${{ status: 'fixed-pending-reboot' }}           | ${'fixed-pending-reboot'} | ${'2026-11-27T00:00:00.000Z'}
    ${'no fix, tier does not count it'}   | ${'2026-12-01T00:00:00Z'}     | ${{ status: 'no-fix-yet' }}                     | ${'not-counted'}          | ${'2026-11-27T00:00:00.000Z'}
    ${'will-not-fix, not counted'}        | ${'2026-12-01T00:00:00Z'}     | ${{ status: 'will-not-fix' }}                   | ${'not-counted'}          | ${'2026-11-27T00:00:00.000Z'}
    ${'unverifiable runs like open'}      | ${'2026-12-01T00:00:00Z'}     | ${{ status: 'unverifiable' }}                   | ${'overdue'}              | ${'2026-11-27T00:00:00.000Z'}
    ${'unverifiable, within deadline'}    | ${'2026-11-21T00:00:00Z'}     | ${{ status: 'unverifiable' }}                   | ${'within-sla'}           | ${'2026-11-27T00:00:00.000Z'}
  `('$rule → $state', ({ now, over, state, due }) => {
    const r = stateAt(now, subject(over));

    expect(r.state).toBe(state);
    expect(r.due === null ? null : new Date(r.due).toISOString()).toBe(due);
  });

  it('counts no-fix findings on a tier with countNoFix', () => {
    const doc = minimalPolicy() as { tiers: Record<string, unknown>[] };
    doc.tiers[0]!.countNoFix = true;
    const p = loadPolicy({ text: policyText(doc) });
    const ev = createSlaEvaluator(p, { now: new Date('2026-12-01T00:00:00Z'), dueSoonMs: day });

    expect(ev.stateOf(subject({ status: 'no-fix-yet' })).state).toBe('overdue');
  });

  it.each`
    rule                                      | firstSeen                 | tier      | due
    ${'spring forward: 7 × 24 h, 12:00 CEST'} | ${'2026-03-25T10:00:00Z'} | ${'prod'} | ${'2026-04-01T10:00:00.000Z'}
    ${'fall back: 14 × 24 h across 25 Oct'}   | ${'2026-10-20T12:00:00Z'} | ${'dev'}  | ${'2026-11-03T12:00:00.000Z'}
  `('deadlines are elapsed time across daylight saving: $rule', ({ firstSeen, tier, due }) => {
    const severity = tier === 'dev' ? 'critical' : 'high';
    const r = stateAt('2026-01-01T00:00:00Z', subject({ firstSeen: t(firstSeen), tier, severity }));

    expect(new Date(r.due!).toISOString()).toBe(due);
  });

  // year-end runs 2026-12-18 00:00 to 2027-01-04 24:00 Berlin = 12-17T23:00Z to 01-04T23:00Z.
  it.each`
    rule                                        | due                           | severity      | tier      | moved                         | freeze
    ${'due inside the freeze moves to its end'} | ${'2026-12-19T00:00:00Z'}     | ${'high'}     | ${'prod'} | ${'2027-01-04T23:00:00.000Z'} | ${'year-end'}
    ${'due at the freeze start moves'}          | ${'2026-12-17T23:00:00Z'}     | ${'high'}     | ${'prod'} | ${'2027-01-04T23:00:00.000Z'} | ${'year-end'}
    ${'due 1 ms before the freeze stays'}       | ${'2026-12-17T22:59:59.999Z'} | ${'high'}     | ${'prod'} | ${'2026-12-17T22:59:59.999Z'} | ${undefined}
    ${'due at the freeze end stays'}            | ${'2027-01-04T23:00:00Z'}     | ${'high'}     | ${'prod'} | ${'2027-01-04T23:00:00.000Z'} | ${undefined}
    ${'allowed severity is not moved'}          | ${'2026-12-19T00:00:00Z'}     | ${'critical'} | ${'prod'} | ${'2026-12-19T00:00:00.000Z'} | ${undefined}
    ${'a freeze without tiers binds dev too'}   | ${'2026-12-19T00:00:00Z'}     | ${'high'}     | ${'dev'}  | ${'2027-01-04T23:00:00.000Z'} | ${'year-end'}
  `('freezes: $rule', ({ due, severity, tier, moved, freeze }) => {
    const span = { prod: { critical: 3, high: 7 }, dev: { critical: 14, high: 30 } } as const;
    const days = span[tier as 'prod' | 'dev'][severity as 'critical' | 'high'];
    const s = subject({ tier, severity, firstSeen: t(due) - days * day });

    const r = stateAt('2026-12-01T00:00:00Z', s);

    expect(new Date(r.due!).toISOString()).toBe(moved);
    expect(r.freeze).toBe(freeze);
  });

  // The Sunday 02:30 Berlin window falls in the spring-forward gap on 2026-03-29: 03:30 CEST.
  it.each`
    rule                                         | now                       | due                           | severity      | state           | noWindow
    ${'window opens 1 ms before due'}            | ${'2026-03-25T00:00:00Z'} | ${'2026-03-29T01:30:00.001Z'} | ${'high'}     | ${'within-sla'} | ${undefined}
    ${'window opens at the due instant'}         | ${'2026-03-25T00:00:00Z'} | ${'2026-03-29T01:30:00Z'}     | ${'high'}     | ${'due-soon'}   | ${true}
    ${'an open window counts'}                   | ${'2026-03-29T02:00:00Z'} | ${'2026-03-29T03:00:00Z'}     | ${'high'}     | ${'due-soon'}   | ${undefined}
    ${'frozen windows do not count'}             | ${'2026-12-18T12:00:00Z'} | ${'2026-12-25T00:00:00Z'}     | ${'high'}     | ${'due-soon'}   | ${true}
    ${'an allowed severity uses frozen windows'} | ${'2026-12-18T12:00:00Z'} | ${'2026-12-21T00:00:00Z'}     | ${'critical'} | ${'within-sla'} | ${undefined}
  `('windows: $rule', ({ now, due, severity, state, noWindow }) => {
    const days = severity === 'critical' ? 3 : 7;
    const s = subject({ severity, firstSeen: t(due) - days * day });

    const r = stateAt(now, s, { dueSoonMs: hour, windows: true });

    expect(r.state).toBe(state);
    expect(r.noWindow).toBe(noWindow);
  });

  it('ignores windows for a tier that has none', () => {
    const s = subject({ tier: 'dev', firstSeen: t('2026-11-20T00:00:00Z') });

    expect(stateAt('2026-11-21T00:00:00Z', s, { windows: true }).state).toBe('within-sla');
  });

  it.each`
    rule                                      | now                           | state           | waiver
    ${'waived while the waiver runs'}         | ${'2026-12-04T23:59:59.999Z'} | ${'waived'}     | ${'W-1'}
    ${'expiry reopens on the original clock'} | ${'2026-12-05T00:00:00Z'}     | ${'overdue'}    | ${undefined}
    ${'not waived before it was created'}     | ${'2026-11-09T23:59:59.999Z'} | ${'within-sla'} | ${undefined}
  `('waivers: $rule', ({ now, state, waiver }) => {
    const s = subject({ asset: { name: 'db-01', labels: {} }, cves: ['CVE-2024-6387'] });

    const r = stateAt(now, { ...s, firstSeen: t('2026-11-08T00:00:00Z') });

    expect(r.state).toBe(state);
    expect(r.waiver).toBe(waiver);
  });

  it.each`
    rule                          | fixedAt                   | met      | mttrHours
    ${'fixed on time'}            | ${'2026-11-22T06:00:00Z'} | ${true}  | ${54}
    ${'fixed on the due instant'} | ${'2026-11-27T00:00:00Z'} | ${true}  | ${168}
    ${'fixed late'}               | ${'2026-11-28T00:00:00Z'} | ${false} | ${192}
  `('fixed: $rule', ({ fixedAt, met, mttrHours }) => {
    const r = stateAt('2026-12-01T00:00:00Z', subject({ fixedAt: t(fixedAt) }));

    expect(r).toMatchObject({ state: 'fixed', met, mttrMs: mttrHours * hour });
  });

  it.each`
    asset                                         | tier      | ids
    ${{ name: 'db-01', labels: {} }}              | ${'prod'} | ${['W-1']}
    ${{ name: 'db-01', labels: {} }}              | ${'dev'}  | ${[]}
    ${{ name: 'db-02', labels: { env: 'prod' } }} | ${'prod'} | ${[]}
  `(
    'assetWaivers keeps the waivers whose asset scope admits $asset.name on $tier',
    ({ asset, tier, ids }) => {
      const ws = assetWaivers(policy, asset, tier, new Date('2026-11-20T00:00:00Z'));

      expect(ws.map((w) => w.id)).toEqual(ids);
    },
  );

  it.each`
    scope                                        | finding                                                     | may
    ${{ advisory: 'DSA-1' }}                     | ${{ advisory: 'DSA-1', cves: [], package: 'x' }}            | ${true}
    ${{ advisory: 'DSA-1' }}                     | ${{ advisory: 'DSA-2', cves: [], package: 'x' }}            | ${false}
    ${{ cve: 'CVE-2024-6387' }}                  | ${{ advisory: 'D', cves: ['CVE-2024-6387'], package: 'x' }} | ${true}
    ${{ cve: 'CVE-2024-6387' }}                  | ${{ advisory: 'D', cves: ['CVE-2024-1'], package: 'x' }}    | ${false}
    ${{ package: 'openssl' }}                    | ${{ advisory: 'D', cves: [], package: 'openssl' }}          | ${true}
    ${{ package: 'openssl', advisory: 'DSA-1' }} | ${{ advisory: 'D', cves: [], package: 'openssl' }}          | ${false}
  `('mayCover $scope → $may', ({ scope, finding, may }) => {
    const w = { ...policy.waivers[0]!, scope };

    expect(mayCover(w, finding)).toBe(may);
  });
});
