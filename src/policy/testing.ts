import { stringify } from 'yaml';

/**
 * A small valid policy as a plain object, for tests that change one part and expect one problem.
 * Lives beside the code (not in a test file) so every policy test and later modules share it.
 */
export function minimalPolicy(): Record<string, unknown> {
  return {
    version: 1,
    tiers: [
      {
        name: 'prod',
        deadlines: { critical: '3d', high: '7d', medium: '30d', low: '90d' },
        knownExploited: '1d',
        maxWaiver: '30d',
        rollout: { waves: [1, '50%', 'rest'], failureThreshold: '5%' },
      },
      {
        name: 'dev',
        deadlines: { critical: '14d', high: '30d', medium: '90d', low: '180d' },
        maxWaiver: '180d',
      },
    ],
    assignment: {
      rules: [{ tier: 'prod', selector: { match: { env: 'prod' } } }],
      default: 'dev',
    },
    windows: [
      {
        name: 'sunday',
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
        start: '2026-01-04T02:30',
        duration: '2h',
        timezone: 'Europe/Berlin',
        tiers: ['prod'],
      },
    ],
    freezes: [
      {
        name: 'year-end',
        from: '2026-12-18',
        to: '2027-01-04',
        timezone: 'Europe/Berlin',
        reason: 'year-end peak',
        allow: ['critical'],
      },
    ],
    waivers: [
      {
        id: 'W-1',
        scope: { assets: ['db-01'], tiers: ['prod'], cve: 'CVE-2024-6387' },
        reason: 'vendor certifies only this build',
        compensatingControl: 'bastion-only SSH',
        owner: 'alice',
        approver: 'bob',
        created: '2026-11-10',
        expires: '2026-12-05',
      },
    ],
  };
}

/** YAML text of a policy object. */
export function policyText(doc: unknown): string {
  return stringify(doc);
}

/**
 * YAML text of a valid policy with `tiers` tiers written the way people write them (flow maps
 * for deadlines and rollouts), one assignment rule per tier, one window per hundred tiers
 * (each tier rolls out in its hundred's window), and a waiver for every tenth tier: half by selector, half by asset name (which reach every tier). For the
 * scaling bench and tests.
 */
export function generatedPolicyText(tiers: number): string {
  const out: string[] = ['version: 1', 'tiers:'];
  for (let i = 0; i < tiers; i++) {
    out.push(
      `  - name: tier-${i}`,
      `    deadlines: { critical: 3d, high: 7d, medium: 30d, low: 90d }`,
      `    knownExploited: 1d`,
      `    maxWaiver: 30d`,
      `    rollout: { waves: [1, 50%, rest], failureThreshold: 5%, windows: [window-${Math.floor(i / 100)}] }`,
    );
  }
  out.push('assignment:', '  rules:');
  for (let i = 0; i < tiers; i++) {
    out.push(`    - tier: tier-${i}`, `      selector: { match: { app: app-${i} } }`);
  }
  out.push('  default: tier-0', 'windows:');
  for (let j = 0; j * 100 < tiers; j++) {
    const own = Array.from(
      { length: Math.min(100, tiers - j * 100) },
      (_, k) => `tier-${j * 100 + k}`,
    );
    out.push(
      `  - name: window-${j}`,
      `    rrule: FREQ=WEEKLY;BYDAY=SU`,
      `    start: 2026-01-04T02:30`,
      `    duration: 2h`,
      `    timezone: Europe/Berlin`,
      `    tiers: [${own.join(', ')}]`,
    );
  }
  out.push('waivers:');
  for (let i = 0; i < tiers; i += 10) {
    const scope =
      (i / 10) % 2 === 0
        ? `{ selector: { match: { app: app-${i} } }, cve: CVE-2024-6387 }`
        : `{ assets: [host-${i}], cve: CVE-2024-6387 }`;
    out.push(
      `  - id: W-${i}`,
      `    scope: ${scope}`,
      `    reason: vendor fix pending`,
      `    compensatingControl: isolated network`,
      `    owner: alice`,
      `    approver: bob`,
      `    created: 2026-11-10`,
      `    expires: 2026-12-05`,
    );
  }
  return `${out.join('\n')}\n`;
}
