/** Sources that rate CVEs rather than describe fixes: CISA KEV and FIRST EPSS. */
export type EnrichmentSource = 'kev' | 'epss';

/** One entry of the CISA Known Exploited Vulnerabilities catalog, as Patchline keeps it. */
export interface KevEntry {
  readonly cve: string;
  readonly vendorProject: string;
  readonly product: string;
  readonly name: string;
  /** Day CISA added it, `YYYY-MM-DD`. */
  readonly dateAdded: string;
  /** Remediation due date CISA sets for federal agencies (BOD 22-01), `YYYY-MM-DD`. */
  readonly dueDate: string;
  /** `Known` when CISA knows of ransomware campaigns using it, else `Unknown`. */
  readonly ransomware: string;
}

/** One row of a FIRST EPSS scores file. */
export interface EpssScore {
  readonly cve: string;
  /** Probability of exploitation activity in the next 30 days, 0..1. */
  readonly epss: number;
  /** Share of scored CVEs with a lower or equal score, 0..1. */
  readonly percentile: number;
}

/** The KEV listing a finding carries: which of its CVEs, and CISA's dates. */
export interface KevMark {
  readonly cve: string;
  readonly dateAdded: string;
  readonly dueDate: string;
  readonly ransomware: string;
}
