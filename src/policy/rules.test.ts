import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { assignImageTier, assignTier } from './assign.js';
import { checkPolicy, loadPolicy } from './load.js';
import { approvalFor, deadlineFor, waiversFor } from './rules.js';
import { ApprovalRuleSchema } from './schema.js';

const samplePath = fileURLToPath(
  new URL('../../samples/policy/patchline-policy.yaml', import.meta.url),
);
const sample = loadPolicy(samplePath);
const day = 86_400_000;
const clock = fixedClock('2026-11-27T09:00:00Z');

describe('policy/rules', () => {
  it.each`
    labels                              | tier
    ${{ env: 'prod', app: 'payments' }} | ${'critical-prod'}
    ${{ env: 'prod', app: 'wiki' }}     | ${'standard'}
    ${{ env: 'test', app: 'payments' }} | ${'dev'}
    ${{ env: 'staging' }}               | ${'standard'}
    ${{}}                               | ${'standard'}
    ${{ env: 'lab', pci: 'yes' }}       | ${'dev'}
  `('assigns $labels to $tier (first match, then default)', ({ labels, tier }) => {
    expect(assignTier(sample, labels)).toBe(tier);
  });

  it.each`
    labels         | cloned                        | tier
    ${{ pci: '' }} | ${['dev']}                    | ${'critical-prod'}
    ${{}}          | ${['dev', 'standard', 'dev']} | ${'standard'}
    ${{}}          | ${['dev', 'critical-prod']}   | ${'critical-prod'}
    ${{}}          | ${[]}                         | ${'standard'}
    ${{}}          | ${['retired-tier']}           | ${'standard'}
  `(
    'gives an image with $labels cloned into $cloned the tier $tier',
    ({ labels, cloned, tier }) => {
      expect(assignImageTier(sample, labels, cloned)).toBe(tier);
    },
  );

  it.each`
    tier               | severity      | kev      | days
    ${'critical-prod'} | ${'critical'} | ${false} | ${3}
    ${'critical-prod'} | ${'medium'}   | ${true}  | ${2}
    ${'standard'}      | ${'high'}     | ${false} | ${14}
    ${'standard'}      | ${'critical'} | ${true}  | ${7}
    ${'dev'}           | ${'low'}      | ${true}  | ${180}
    ${'dev'}           | ${'none'}     | ${false} | ${undefined}
    ${'gold'}          | ${'high'}     | ${false} | ${undefined}
  `(
    '$tier $severity (known exploited: $kev) is due in $days days',
    ({ tier, severity, kev, days }) => {
      const ms = deadlineFor(sample, tier, severity, { knownExploited: kev });

      expect(ms === undefined ? undefined : ms / day).toBe(days);
    },
  );

  const advisory = (over: object) => ({
    id: 'DSA-9999-1',
    classification: 'security' as const,
    severity: 'high' as const,
    published: '2026-11-26T00:00:00Z',
    ...over,
  });

  it.each`
    tier               | over                                     | packages                 | state
    ${'critical-prod'} | ${{}}                                    | ${['nginx']}             | ${'approved'}
    ${'standard'}      | ${{}}                                    | ${['nginx']}             | ${'pending'}
    ${'standard'}      | ${{ published: '2026-11-20' }}           | ${['nginx']}             | ${'approved'}
    ${'critical-prod'} | ${{ severity: 'medium' }}                | ${['nginx']}             | ${'manual'}
    ${'dev'}           | ${{ classification: 'enhancement' }}     | ${['nginx']}             | ${'manual'}
    ${'dev'}           | ${{ classification: 'bugfix' }}          | ${['nginx']}             | ${'approved'}
    ${'critical-prod'} | ${{ id: 'DSA-5678-1', severity: 'low' }} | ${['glibc']}             | ${'approved'}
    ${'dev'}           | ${{}}                                    | ${['linux-image-amd64']} | ${'rejected'}
    ${'standard'}      | ${{ published: undefined }}              | ${['nginx']}             | ${'manual'}
  `('$tier: $over touching $packages is $state', ({ tier, over, packages, state }) => {
    const d = approvalFor(sample, tier, advisory(over), packages, clock.now());

    expect(d.state).toBe(state);
  });

  it.each`
    epss         | state
    ${0.62}      | ${'approved'}
    ${0.5}       | ${'approved'}
    ${0.49}      | ${'pending'}
    ${undefined} | ${'pending'}
  `('an epssMin 0.5 rule approves an advisory scored $epss: $state', ({ epss, state }) => {
    const fast = { tiers: ['standard'], classifications: ['security' as const] };
    const policy = {
      ...sample,
      approval: {
        ...sample.approval,
        rules: [
          { ...fast, severities: ['high' as const], afterDays: 0, epssMin: 0.5 },
          ...sample.approval.rules,
        ],
      },
    };

    const d = approvalFor(policy, 'standard', advisory({ epss }), ['nginx'], clock.now());

    expect(d.state).toBe(state);
  });

  it.each([1.5, -0.1, '0.5'])('refuses epssMin %j in an approval rule', (epssMin) => {
    const rule = { classifications: ['security'], severities: ['high'], afterDays: 0, epssMin };

    const r = ApprovalRuleSchema.safeParse(rule);

    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['epssMin']);
  });

  it('says when a pending advisory becomes approvable', () => {
    const d = approvalFor(sample, 'standard', advisory({}), [], clock.now());

    expect(d).toMatchObject({ state: 'pending', approvableAt: new Date('2026-11-28T00:00:00Z') });
  });

  it('has both sample waivers in force on 2026-11-27', () => {
    const ledger = waiversFor(
      sample,
      {
        asset: { name: 'ledger-db-01', labels: { env: 'prod', app: 'ledger' } },
        tier: 'critical-prod',
        cves: ['CVE-2024-6387'],
      },
      clock.now(),
    );
    const reports = waiversFor(
      sample,
      {
        asset: { name: 'rep-7', labels: { env: 'test', app: 'legacy-reports' } },
        tier: 'dev',
        package: 'openssl',
      },
      clock.now(),
    );

    expect(ledger.map((w) => w.id)).toEqual(['WVR-2026-014']);
    expect(reports.map((w) => w.id)).toEqual(['WVR-2026-015']);
  });

  it.each`
    case                   | name              | tier               | cves                 | at
    ${'another asset'}     | ${'ledger-db-03'} | ${'critical-prod'} | ${['CVE-2024-6387']} | ${'2026-11-27'}
    ${'another tier'}      | ${'ledger-db-01'} | ${'standard'}      | ${['CVE-2024-6387']} | ${'2026-11-27'}
    ${'another CVE'}       | ${'ledger-db-01'} | ${'critical-prod'} | ${['CVE-2024-0001']} | ${'2026-11-27'}
    ${'before creation'}   | ${'ledger-db-01'} | ${'critical-prod'} | ${['CVE-2024-6387']} | ${'2026-11-09'}
    ${'on the expiry day'} | ${'ledger-db-01'} | ${'critical-prod'} | ${['CVE-2024-6387']} | ${'2026-12-05'}
  `('does not waive $case', ({ name, tier, cves, at }) => {
    const found = waiversFor(
      sample,
      { asset: { name, labels: {} }, tier, cves },
      new Date(`${at}T12:00:00Z`),
    );

    expect(found).toEqual([]);
  });

  it.each`
    now             | warnings
    ${'2026-11-27'} | ${[]}
    ${'2026-12-05'} | ${['waiver WVR-2026-014 expired on 2026-12-05']}
    ${'2026-09-30'} | ${['waiver WVR-2026-014 is dated in the future (2026-11-10)', 'waiver WVR-2026-015 is dated in the future (2026-10-01)']}
  `('warns on $now about $warnings', ({ now, warnings }) => {
    const r = checkPolicy(samplePath, { now: new Date(`${now as string}T08:00:00Z`) });

    expect(r.policy).toBeDefined();
    expect(r.diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual(
      (warnings as string[]).map((w) => `warning: ${w}`),
    );
  });
});
