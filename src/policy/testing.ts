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
