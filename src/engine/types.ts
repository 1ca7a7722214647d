import type { AffectedEntry, Severity } from '../domain/advisory.js';
import type { EpssScore, KevMark } from '../domain/enrichment.js';

/** What the engine concludes about one (asset, advisory, package). */
export const FindingStatus = {
  /** A fix exists and is not installed. */
  Open: 'open',
  /** Affected, and the vendor has no fix yet. */
  NoFixYet: 'no-fix-yet',
  /** Affected, and the vendor will not fix it on this platform. */
  WillNotFix: 'will-not-fix',
  /** The fixed kernel is installed but an older one is running. */
  FixedPendingReboot: 'fixed-pending-reboot',
  /**
   * The host may be affected but the engine cannot decide: a version its scheme cannot parse,
   * or a modular package whose stream the inventory does not say. Counted as open; `reason`
   * says why.
   */
  Unverifiable: 'unverifiable',
} as const;
export type FindingStatus = (typeof FindingStatus)[keyof typeof FindingStatus];

/** Which matching rule produced a finding; recorded as evidence. */
export const MatchRule = {
  SourcePackage: 'source-package',
  BinaryPackage: 'binary-package',
  WindowsKb: 'windows-kb',
  RunningKernel: 'running-kernel',
  /** The platform release is past its vendor's end of support (`app/eol.ts`). */
  EndOfLife: 'end-of-life',
} as const;
export type MatchRule = (typeof MatchRule)[keyof typeof MatchRule];

/** Why a finding exists: enough to re-check it by hand. */
export interface Evidence {
  readonly source: string;
  readonly rule: MatchRule;
  /** Versioning scheme used for the comparison (dpkg, rpm, apk, kb). */
  readonly scheme: string;
  /** The version (or build and KBs) compared. */
  readonly installed: string;
  readonly fixed?: string;
  readonly introduced?: string;
  readonly platform: string;
  /** For `end-of-life`: the last day of the support the asset had (YYYY-MM-DD). */
  readonly supportEnded?: string;
}

export interface Finding {
  readonly asset: string;
  readonly advisory: string;
  readonly cves: readonly string[];
  /** Binary package, or Windows product. */
  readonly package: string;
  /** Architecture of the installed package (absent for Windows products). */
  readonly arch?: string;
  readonly sourcePackage?: string;
  readonly installed: string;
  readonly fixed?: string;
  /**
   * Windows: every KB that fixes this CVE on this product (cumulative, security-only,
   * alternatives), newest first; `fixed` is the first. Any of them, or a KB superseding one,
   * clears the finding.
   */
  readonly kbs?: readonly string[];
  readonly severity: Severity;
  /** The vendor says the flaw is exploited in the wild (policy tiers may set a tighter deadline). */
  readonly knownExploited?: boolean;
  /** CISA KEV listing of one of its CVEs (the soonest due); set by app-layer enrichment. */
  readonly kev?: KevMark;
  /** The highest FIRST EPSS score among its CVEs; set by app-layer enrichment. */
  readonly epss?: EpssScore;
  readonly status: FindingStatus;
  /** Why the engine could not decide, for status `unverifiable`. */
  readonly reason?: string;
  readonly evidence: Evidence;
  /**
   * Every advisory, from every feed, that reports this vulnerability on this package, in source
   * precedence order (consolidate.ts); absent when only `advisory` did.
   */
  readonly advisories?: readonly AdvisoryVote[];
  /** How those advisories differ on fixed version or status, in words; absent when they agree. */
  readonly disagreement?: string;
}

/**
 * One advisory's verdict within a consolidated finding: a finding status, or, from a feed that
 * judges the installed version clear, `fixed` (installed at or past its fixed version) or
 * `not-affected`. Clear votes never make a finding; they are listed beside one so that feeds
 * disagreeing on whether the host is affected at all are said.
 */
export interface AdvisoryVote {
  readonly id: string;
  readonly source: string;
  readonly fixed?: string;
  readonly status: FindingStatus | ClearVerdict;
}

export type ClearVerdict = 'fixed' | 'not-affected';

/** An advisory that judges one installed package clear, to be joined to that package's findings. */
export interface ClearVote {
  readonly asset: string;
  readonly package: string;
  readonly arch?: string;
  readonly advisory: string;
  readonly source: string;
  readonly cves: readonly string[];
  readonly fixed?: string;
  readonly verdict: ClearVerdict;
}

/** An affected entry as indexed, carrying back-references to its advisory. */
export interface IndexedEntry {
  readonly advisoryIndex: number;
  readonly entry: AffectedEntry;
}
