import type { Severity } from '../domain/advisory.js';
import type { AssetKind, Labels } from '../domain/asset.js';
import type { FindingStatus } from '../engine/types.js';
import type { ClockStart, Policy } from '../policy/index.js';
import type {
  GroupBy,
  GroupFigures,
  MttrFigure,
  SlaState,
  WaiverUsage,
} from '../policy/sla/index.js';

/** One finding as compliance needs it; `AssetFinding` fits. */
export interface ComplianceFinding {
  readonly advisory: string;
  readonly cves: readonly string[];
  readonly package: string;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly origin?: string | null;
  /** Vendor flag or KEV listing: the tier's known-exploited deadline applies. */
  readonly knownExploited?: boolean;
}

/**
 * An evaluated asset as compliance reads it (see `complianceInput`). A clone names what it
 * inherits instead of listing it: every finding of its image version (the `findings` of that
 * image's entry) except those keyed `advisory \0 package` in `except`, so the image's findings
 * are judged once per tier for all its clones.
 */
export interface EvaluatedAsset {
  readonly asset: string;
  /** Findings not inherited: a clone's introduced ones, all of an image's or standalone host's. */
  readonly findings: readonly ComplianceFinding[];
  readonly inherits?: { readonly image: string; readonly except: ReadonlySet<string> };
  /** Why the asset could not be judged; absent when it was. It is never counted compliant. */
  readonly notAssessed?: string;
}

/** What compliance needs of a stored asset; `AssetSummary` fits. */
export interface AssetMeta {
  readonly id: string;
  readonly kind: AssetKind;
  readonly name: string;
  readonly labels: Labels;
  readonly platform: string | null;
  readonly clonedFrom: string | null;
}

export interface ComplianceOptions {
  readonly policy: Policy;
  /** From the injected Clock. */
  readonly now: Date;
  /** Due-soon threshold; default 3 days. */
  readonly dueSoonMs?: number;
  readonly by?: GroupBy;
  /** Flag findings with no usable maintenance window before their due date; default true. */
  readonly windows?: boolean;
  /** Most overdue/due-soon rows to list (soonest due first); default 10,000. */
  readonly atRiskLimit?: number;
  /** Published instant (epoch ms) per advisory id, for the `fixReleased` clock rule. */
  readonly published?: ReadonlyMap<string, number>;
}

/** A finding past (or close to) its due date, for `report overdue`. */
export interface AtRiskFinding {
  readonly asset: string;
  readonly kind: AssetKind;
  readonly tier: string;
  readonly image: string | null;
  readonly state: SlaState;
  readonly severity: Severity;
  readonly advisory: string;
  readonly cves: readonly string[];
  readonly package: string;
  readonly origin: string | null;
  /** When Patchline first saw it (on the image's clock for an inherited finding). */
  readonly firstSeen: string;
  /** When its SLA clock started, and by which rule. */
  readonly clockStart: string;
  readonly clockFrom: ClockStart | 'detected (no published date)';
  readonly due: string;
  readonly freeze: string | null;
  readonly noWindow: boolean;
  /** Vendor flag or KEV listing (its deadline applied); absent otherwise. */
  readonly knownExploited?: boolean;
}

export interface ComplianceReport {
  readonly at: string;
  readonly policyHash: string;
  /** The clock-start rule in force (`sla.clockStart`). */
  readonly clockRule: ClockStart;
  /** Advisories whose findings were counted from detection for want of a published date. */
  readonly undatedAdvisories: number;
  readonly by: string;
  readonly groups: readonly GroupFigures[];
  readonly total: GroupFigures;
  readonly mttr: readonly MttrFigure[];
  /** Overdue and due-soon findings, soonest due first. */
  readonly atRisk: readonly AtRiskFinding[];
  /** Overdue and due-soon findings in all; `atRisk` lists at most `atRiskLimit` of them. */
  readonly atRiskTotal: number;
  readonly waivers: readonly WaiverUsage[];
  /** Assets that could not be judged, by name, with why: counted in no compliant figure. */
  readonly notAssessed: readonly {
    readonly asset: string;
    readonly platform: string | null;
    readonly reason: string;
  }[];
}

export const defaultDueSoonMs = 3 * 86_400_000;

/** Text form of a grouping, `tier` or `label:env`. */
export function groupByText(by: GroupBy): string {
  return by.kind === 'label' ? `label:${by.key}` : by.kind;
}

/** How far one advisory (or CVE) reaches across hosts and image versions. */
export interface ExposureRow {
  /** Advisory id, or CVE id in the per-CVE view. */
  readonly id: string;
  /** CVEs of the advisory, or advisories carrying the CVE. */
  readonly related: readonly string[];
  readonly severity: Severity;
  readonly hosts: number;
  readonly images: number;
  /** Hosts that have it from their image version. */
  readonly inherited: number;
  /** Clones that have it on their own (origin `introduced`). */
  readonly introduced: number;
  /** Hosts with no image version to compare with (origin `host`). */
  readonly standalone: number;
  /**
   * Blast radius through lineage: hosts cloned from an affected image version, whether they
   * still carry the finding or fixed it themselves (every new clone brings it back).
   */
  readonly blastRadius: number;
  readonly affectedImages: readonly string[];
}

/** One day of one group in the trend: the recorded figures, never recomputed. */
export interface TrendPoint {
  readonly day: string;
  readonly group: string;
  readonly assets: number;
  readonly compliant: number;
  /** Absent in snapshots taken before assets could be not assessed. */
  readonly notAssessed: number;
  readonly atRisk: number;
  readonly overdueAssets: number;
  readonly overdue: number;
  readonly adherencePct: number | null;
  readonly policyHash: string;
}
