import type { Severity } from '../../domain/advisory.js';
import type { FindingStatus } from '../../engine/types.js';
import { findTier } from '../assign.js';
import { deadlineFor, waiversFor, type WaiverSubject } from '../rules.js';
import type { PolicyDocument, Waiver } from '../schema.js';
import { freezeSpan, nextWindows } from '../windows.js';

/** Where a finding stands against its tier's deadline (issue 4 §2). */
export const SlaState = {
  Within: 'within-sla',
  DueSoon: 'due-soon',
  Overdue: 'overdue',
  Waived: 'waived',
  Fixed: 'fixed',
  FixedPendingReboot: 'fixed-pending-reboot',
  /** No fix exists and the tier does not count such findings (`countNoFix: false`). */
  NotCounted: 'not-counted',
} as const;
export type SlaState = (typeof SlaState)[keyof typeof SlaState];

/** States of a finding that is still there and counts against compliance. */
export const openStates: ReadonlySet<SlaState> = new Set([
  SlaState.Within,
  SlaState.DueSoon,
  SlaState.Overdue,
]);

/** One finding as the SLA rules see it. Times are epoch milliseconds. */
export interface SlaSubject {
  readonly asset: WaiverSubject['asset'];
  readonly tier: string;
  readonly advisory: string;
  readonly cves: readonly string[];
  readonly package: string;
  readonly severity: Severity;
  /** Engine status while the finding exists; ignored once `fixedAt` is set. */
  readonly status: FindingStatus;
  /** When the clock started: by the policy rule (`clock-start.ts`), the fix release or first detection. */
  readonly firstSeen: number;
  /** When the finding disappeared; null or absent while it is still there. */
  readonly fixedAt?: number | null;
  readonly knownExploited?: boolean;
}

export interface SlaResult {
  readonly state: SlaState;
  /** Due instant, or null when the tier sets no deadline for the severity. */
  readonly due: number | null;
  /** The waiver in force, for `waived`. */
  readonly waiver?: string;
  /** The freeze that pushed the due date to its end. */
  readonly freeze?: string;
  /** Due soon because no maintenance window the finding may use opens before it is due. */
  readonly noWindow?: boolean;
  /** For `fixed`: time to remediate, and whether it was fixed by the due date. */
  readonly mttrMs?: number;
  readonly met?: boolean;
}

export interface SlaOptions {
  /** Now, from the injected Clock. */
  readonly now: Date;
  /** How long before the due date a finding counts as due soon. */
  readonly dueSoonMs: number;
  /** Also flag findings as due soon when no usable window opens before their due date. */
  readonly windows?: boolean;
}

/** Computes SLA results for many findings under one policy and one `now`, with caches. */
export interface SlaEvaluator {
  readonly now: number;
  /**
   * The finding's state. `waivers` narrows the policy's waivers to those that may apply to
   * the asset (see {@link assetWaivers}); pass undefined to consider all of them.
   */
  stateOf(s: SlaSubject, waivers?: readonly Waiver[]): SlaResult;
  /** Whether waiver `w` covers the finding at `at` (for the expired-waiver report). */
  coveredBy(s: SlaSubject, w: Waiver, at: Date): boolean;
}

const noFix: ReadonlySet<FindingStatus> = new Set<FindingStatus>(['no-fix-yet', 'will-not-fix']);

/**
 * The SLA rules (docs/decisions/0040-sla-clocks.md), first match wins:
 * 1. `fixedAt` set → fixed, with MTTR = fixedAt − firstSeen, met when fixedAt ≤ due.
 * 2. engine status fixed-pending-reboot → fixed-pending-reboot.
 * 3. a waiver in force at `now` covers it → waived (expiry reopens it on the original clock).
 * 4. no fix and the tier has `countNoFix: false` → not-counted.
 * 5. due = firstSeen + the tier's deadline (elapsed time, so daylight saving never moves it);
 *    a due date inside a freeze that blocks the severity for the tier moves to the freeze end.
 *    now ≥ due → overdue; due − now ≤ dueSoon (or no usable window before due) → due-soon;
 *    otherwise within-sla. No deadline → within-sla with due null.
 */
export function createSlaEvaluator(policy: PolicyDocument, opts: SlaOptions): SlaEvaluator {
  const now = opts.now.getTime();
  const deadlines = new Map<string, number | undefined>();
  const windowStarts = new Map<string, number | null | undefined>();
  const freezes = policy.freezes.map((f) => ({ f, ...freezeSpan(f) }));
  const countNoFix = new Map(policy.tiers.map((t) => [t.name, t.countNoFix]));
  const scopedPolicies = new WeakMap<readonly Waiver[], PolicyDocument>();

  function deadline(tier: string, severity: Severity, kev: boolean): number | undefined {
    const key = `${tier}\u0000${severity}\u0000${kev}`;
    if (!deadlines.has(key)) {
      deadlines.set(key, deadlineFor(policy, tier, severity, { knownExploited: kev }));
    }
    return deadlines.get(key);
  }

  function shiftForFreeze(due: number, tier: string, severity: Severity) {
    let freeze: string | undefined;
    for (let moved = true, rounds = 0; moved && rounds <= freezes.length; rounds++) {
      moved = false;
      for (const { f, start, end } of freezes) {
        if (f.tiers && !f.tiers.includes(tier)) continue;
        if (f.allow.includes(severity) || due < start || due >= end) continue;
        due = end;
        freeze = f.name;
        moved = true;
      }
    }
    return { due, freeze };
  }

  /** Start of the first window (open now or later) the tier may use for `severity`. */
  function firstWindow(tier: string, severity: Severity): number | null | undefined {
    const key = `${tier}\u0000${severity}`;
    if (windowStarts.has(key)) return windowStarts.get(key);
    let start: number | null | undefined;
    if (findTier(policy, tier)) {
      const occ = nextWindows(policy, { tier, from: opts.now, count: 64 });
      if (occ.length > 0) {
        const usable = occ.find((o) => !o.freeze || o.freeze.allow.includes(severity));
        start = usable ? Math.max(usable.start.getTime(), now) : null;
      }
    }
    windowStarts.set(key, start);
    return start;
  }

  function stateOf(s: SlaSubject, waivers?: readonly Waiver[]): SlaResult {
    const span = deadline(s.tier, s.severity, s.knownExploited === true);
    const shifted =
      span === undefined ? undefined : shiftForFreeze(s.firstSeen + span, s.tier, s.severity);
    const due = shifted?.due ?? null;
    const freeze = shifted?.freeze === undefined ? {} : { freeze: shifted.freeze };
    if (s.fixedAt !== undefined && s.fixedAt !== null) {
      const mttrMs = s.fixedAt - s.firstSeen;
      return {
        state: SlaState.Fixed,
        due,
        ...freeze,
        mttrMs,
        met: due === null || s.fixedAt <= due,
      };
    }
    if (s.status === 'fixed-pending-reboot') {
      return { state: SlaState.FixedPendingReboot, due, ...freeze };
    }
    const candidates = waivers ?? policy.waivers;
    if (candidates.length > 0) {
      let scoped = candidates === policy.waivers ? policy : scopedPolicies.get(candidates);
      if (!scoped) {
        scopedPolicies.set(candidates, (scoped = { ...policy, waivers: [...candidates] }));
      }
      const w = waiversFor(scoped, s, opts.now)[0];
      if (w) return { state: SlaState.Waived, due, ...freeze, waiver: w.id };
    }
    if (noFix.has(s.status) && countNoFix.get(s.tier) !== true) {
      return { state: SlaState.NotCounted, due, ...freeze };
    }
    if (due === null) return { state: SlaState.Within, due };
    if (now >= due) return { state: SlaState.Overdue, due, ...freeze };
    if (due - now <= opts.dueSoonMs) return { state: SlaState.DueSoon, due, ...freeze };
    if (opts.windows) {
      const w = firstWindow(s.tier, s.severity);
      if (w === null || (w !== undefined && w >= due)) {
        return { state: SlaState.DueSoon, due, ...freeze, noWindow: true };
      }
    }
    return { state: SlaState.Within, due, ...freeze };
  }

  function coveredBy(s: SlaSubject, w: Waiver, at: Date): boolean {
    return waiversFor({ ...policy, waivers: [w] }, s, at).length > 0;
  }

  return { now, stateOf, coveredBy };
}

/**
 * The waivers in force at `at` whose asset part of the scope (assets, selector, image, tiers)
 * admits the asset: probing `waiversFor` with a subject that satisfies each waiver's finding
 * part leaves only the asset part to decide. Checking these per finding instead of every waiver
 * keeps a large fleet with few waivers cheap.
 */
export function assetWaivers(
  policy: PolicyDocument,
  asset: WaiverSubject['asset'],
  tier: string,
  at: Date,
): Waiver[] {
  return policy.waivers.filter((w) => {
    const probe: WaiverSubject = {
      asset,
      tier,
      ...(w.scope.advisory !== undefined && { advisory: w.scope.advisory }),
      ...(w.scope.cve !== undefined && { cves: [w.scope.cve] }),
      ...(w.scope.package !== undefined && { package: w.scope.package }),
    };
    return waiversFor({ ...policy, waivers: [w] }, probe, at).length > 0;
  });
}

/**
 * False when waiver `w` cannot cover a finding with this advisory, CVEs and package whatever the
 * asset and date: the finding part of `waiversFor`'s scope test, as a cheap pre-filter.
 */
export function mayCover(
  w: Waiver,
  f: { readonly advisory: string; readonly cves: readonly string[]; readonly package: string },
): boolean {
  const { advisory, cve, package: pkg } = w.scope;
  if (advisory !== undefined && advisory !== f.advisory) return false;
  if (cve !== undefined && !f.cves.includes(cve)) return false;
  return pkg === undefined || pkg === f.package;
}
