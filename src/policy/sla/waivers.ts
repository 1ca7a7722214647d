import type { PolicyDocument, Waiver } from '../schema.js';

const dayMs = 86_400_000;

export type WaiverStatus = 'active' | 'expired' | 'future';

/** One waiver as the waiver report shows it (issue 4 §2: unused and expired waivers). */
export interface WaiverUsage {
  readonly id: string;
  readonly owner: string;
  readonly approver: string;
  readonly created: string;
  readonly expires: string;
  readonly status: WaiverStatus;
  /** Findings it waives now (active waivers). */
  readonly findings: number;
  /** Findings it covered on its last day that are still open: reopened by its expiry. */
  readonly reopened: number;
  /** Active and waiving nothing. */
  readonly unused: boolean;
  /** Days until expiry (negative once expired). */
  readonly daysLeft: number;
}

/** Waiver status at `at`: it covers `created` 00:00 UTC up to, not including, `expires` 00:00 UTC. */
export function waiverStatus(w: Waiver, at: Date): WaiverStatus {
  const t = at.getTime();
  if (t < Date.parse(`${w.created}T00:00:00Z`)) return 'future';
  return t < Date.parse(`${w.expires}T00:00:00Z`) ? 'active' : 'expired';
}

/** The last instant a waiver was in force: where to probe an expired waiver's scope. */
export function waiverLastInstant(w: Waiver): Date {
  return new Date(Date.parse(`${w.expires}T00:00:00Z`) - 1);
}

/**
 * Every waiver of the policy with its status at `at` and the counts observed by the caller:
 * `waived` (findings each waiver waives now) and `reopened` (open findings an expired waiver
 * covered on its last day). Ordered by expiry, then id.
 */
export function waiverUsage(
  policy: PolicyDocument,
  at: Date,
  waived: ReadonlyMap<string, number>,
  reopened: ReadonlyMap<string, number>,
): WaiverUsage[] {
  return policy.waivers
    .map((w) => {
      const status = waiverStatus(w, at);
      const findings = waived.get(w.id) ?? 0;
      return {
        id: w.id,
        owner: w.owner,
        approver: w.approver,
        created: w.created,
        expires: w.expires,
        status,
        findings,
        reopened: reopened.get(w.id) ?? 0,
        unused: status === 'active' && findings === 0,
        daysLeft: Math.floor((Date.parse(`${w.expires}T00:00:00Z`) - at.getTime()) / dayMs),
      };
    })
    .sort((a, b) => a.expires.localeCompare(b.expires) || a.id.localeCompare(b.id));
}
