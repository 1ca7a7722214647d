import type { Advisory, Severity } from '../domain/advisory.js';
import type { Labels } from '../domain/asset.js';
import { findTier } from './assign.js';
import { durationMs } from './duration.js';
import type { ApprovalRule, PolicyDocument, Waiver } from './schema.js';
import { matchesSelector } from './selector.js';

const dayMs = 86_400_000;

/**
 * Time allowed to fix a finding of `severity` on an asset of `tier`: the tier's deadline, or its
 * known-exploited deadline when that is tighter and the CVE is known exploited. Undefined when
 * the tier sets no deadline for the severity (typically `none`) or the tier does not exist.
 */
export function deadlineFor(
  policy: PolicyDocument,
  tier: string,
  severity: Severity,
  opts: { knownExploited?: boolean } = {},
): number | undefined {
  const t = findTier(policy, tier);
  if (!t) return undefined;
  const base = t.deadlines[severity];
  const kev = opts.knownExploited && t.knownExploited ? durationMs(t.knownExploited) : undefined;
  if (base === undefined) return kev;
  return kev === undefined ? durationMs(base) : Math.min(kev, durationMs(base));
}

export type ApprovalDecision =
  | { readonly state: 'approved' | 'rejected' | 'manual'; readonly reason: string }
  | { readonly state: 'pending'; readonly reason: string; readonly approvableAt: Date };

type ApprovalInput = Pick<Advisory, 'id' | 'classification' | 'severity' | 'published'> & {
  /** Highest EPSS score of the advisory's CVEs, when enrichment has one. */
  readonly epss?: number;
};

/**
 * Whether an advisory may be applied to a tier at `at`. The reject list wins over everything
 * (an advisory touching a rejected package is rejected), then the approve list, then the first
 * approval rule for the tier, classification, severity and EPSS floor (`epssMin`; an advisory
 * with no score fails a floor): approved once `afterDays` have
 * passed since release, pending before. No matching rule leaves it to a person (`manual`).
 */
export function approvalFor(
  policy: PolicyDocument,
  tier: string,
  advisory: ApprovalInput,
  packages: readonly string[],
  at: Date,
): ApprovalDecision {
  const listed = (items: readonly { advisory?: string; package?: string }[]) =>
    items.find((i) => i.advisory === advisory.id || (i.package && packages.includes(i.package)));
  const rejected = listed(policy.approval.reject);
  if (rejected) return { state: 'rejected', reason: `on the reject list (${describe(rejected)})` };
  const approved = listed(policy.approval.approve);
  if (approved) return { state: 'approved', reason: `on the approve list (${describe(approved)})` };
  const i = policy.approval.rules.findIndex((r) => ruleMatches(r, tier, advisory));
  const rule = policy.approval.rules[i];
  if (!rule) return { state: 'manual', reason: 'no approval rule matches' };
  const because = `approval rule ${i + 1}`;
  if (rule.afterDays === 0) return { state: 'approved', reason: because };
  const released = advisory.published ? Date.parse(advisory.published) : Number.NaN;
  if (Number.isNaN(released)) {
    return {
      state: 'manual',
      reason: `${because} waits ${rule.afterDays}d from a release date the advisory lacks`,
    };
  }
  const approvableAt = released + rule.afterDays * dayMs;
  if (at.getTime() >= approvableAt) return { state: 'approved', reason: because };
  return {
    state: 'pending',
    reason: `${because}: ${rule.afterDays}d after release`,
    approvableAt: new Date(approvableAt),
  };
}

function ruleMatches(rule: ApprovalRule, tier: string, a: ApprovalInput): boolean {
  if (rule.tiers && !rule.tiers.includes(tier)) return false;
  if (rule.epssMin !== undefined && !(a.epss !== undefined && a.epss >= rule.epssMin)) return false;
  return rule.classifications.includes(a.classification) && rule.severities.includes(a.severity);
}

function describe(i: { advisory?: string; package?: string; reason?: string }): string {
  const what = i.advisory ? `advisory ${i.advisory}` : `package ${i.package ?? ''}`;
  return i.reason ? `${what}: ${i.reason}` : what;
}

/** What a waiver is asked about: one finding on one asset. */
export interface WaiverSubject {
  readonly asset: { readonly name: string; readonly labels: Labels; readonly image?: string };
  readonly tier: string;
  readonly advisory?: string;
  readonly cves?: readonly string[];
  readonly package?: string;
}

/**
 * Waivers in force at `at` that cover the subject. A waiver runs from `created` (00:00 UTC) until
 * `expires` (00:00 UTC, so the expiry day is no longer covered). Scope: the asset must be named
 * in `assets`, match `selector` or be (cloned from) `image` when any of those is given, its tier
 * must be in `tiers` when given, and every given advisory, CVE and package must match.
 */
export function waiversFor(policy: PolicyDocument, subject: WaiverSubject, at: Date): Waiver[] {
  const t = at.getTime();
  return policy.waivers.filter((w) => {
    const from = Date.parse(`${w.created}T00:00:00Z`);
    const until = Date.parse(`${w.expires}T00:00:00Z`);
    return t >= from && t < until && covers(w, subject);
  });
}

function covers(w: Waiver, s: WaiverSubject): boolean {
  const { assets, selector, image, tiers, advisory, cve, package: pkg } = w.scope;
  if (assets || selector || image) {
    const named = assets?.includes(s.asset.name) ?? false;
    const selected = selector ? matchesSelector(selector, s.asset.labels) : false;
    const imaged = image !== undefined && s.asset.image === image;
    if (!named && !selected && !imaged) return false;
  }
  if (tiers && !tiers.includes(s.tier)) return false;
  if (advisory !== undefined && s.advisory !== advisory) return false;
  if (cve !== undefined && !(s.cves ?? []).includes(cve)) return false;
  return pkg === undefined || s.package === pkg;
}
