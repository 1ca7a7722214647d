/** Normalized severity; the per-vendor mapping is documented beside each source. */
export const Severity = {
  Critical: 'critical',
  High: 'high',
  Medium: 'medium',
  Low: 'low',
  None: 'none',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];
export const severityOrder: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'none'];

export const Classification = {
  Security: 'security',
  Bugfix: 'bugfix',
  Enhancement: 'enhancement',
} as const;
export type Classification = (typeof Classification)[keyof typeof Classification];

/** What the vendor says of one affected product or package. */
export const AffectedStatus = {
  Fixed: 'fixed',
  NoFixYet: 'no-fix-yet',
  WillNotFix: 'will-not-fix',
  NotAffected: 'not-affected',
} as const;
export type AffectedStatus = (typeof AffectedStatus)[keyof typeof AffectedStatus];

export interface Cvss {
  readonly version: '2.0' | '3.0' | '3.1' | '4.0';
  readonly score: number;
  readonly vector?: string;
}

/**
 * A package on a platform stream. `packageKind` says whether `package` names the source package
 * (Debian, Ubuntu tracker data) or a binary one (RPM, USN binaries, apk).
 */
export interface AffectedPackage {
  readonly kind: 'package';
  /** `debian:12`, `almalinux:9`, `alpine:3.18` */
  readonly platform: string;
  readonly package: string;
  readonly packageKind: 'source' | 'binary';
  /** Restricts to these architectures; empty means all. */
  readonly arch?: readonly string[];
  readonly status: AffectedStatus;
  /** Versions below this are affected (status fixed). */
  readonly fixed?: string;
  /** Versions at or above this are affected; absent means from the start. */
  readonly introduced?: string;
  /**
   * The module stream this fix was built in, `name:stream` (`ruby:3.1`), for Red Hat family
   * modular packages. A fix in one stream never applies to a package of another.
   */
  readonly module?: string;
}

/** A Windows product fixed by a KB. */
export interface AffectedProduct {
  readonly kind: 'kb';
  /**
   * The product's identity, `windows:10.0.19045:client:x64` (windows-identity.ts), when the
   * product is Windows itself, else `windows`.
   */
  readonly platform: string;
  readonly product: string;
  readonly productId?: string;
  readonly status: AffectedStatus;
  /** `KB5032189` */
  readonly kb?: string;
  /** KBs this fix replaces. */
  readonly supersedes?: readonly string[];
  /** `10.0.19045.3693`: builds at or above it carry the fix. */
  readonly fixedBuild?: string;
  readonly restartRequired?: boolean;
}

export type AffectedEntry = AffectedPackage | AffectedProduct;

/** A vendor bulletin in Patchline's one model (DESIGN.md, "Advisory"). */
export interface Advisory {
  readonly id: string;
  readonly source: string;
  readonly title?: string;
  readonly published?: string;
  readonly modified?: string;
  readonly vendorSeverity?: string;
  readonly severity: Severity;
  readonly cvss?: readonly Cvss[];
  readonly cves: readonly string[];
  readonly classification: Classification;
  readonly rebootHint?: boolean;
  readonly knownExploited?: boolean;
  readonly affected: readonly AffectedEntry[];
  readonly references?: readonly string[];
}
