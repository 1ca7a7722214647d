/**
 * The part of the CVRF 1.1 model (icasi.org/cvrf) Patchline reads, shared by the XML document and
 * the JSON the MSRC v3 API serves. Type names are CVRF's words ("Vendor Fix", "Severity").
 */
export interface CvrfDocumentModel {
  readonly id?: string;
  readonly title?: string;
  readonly initialReleaseDate?: string;
  readonly currentReleaseDate?: string;
  /** ProductID → FullProductName */
  readonly products: ReadonlyMap<string, string>;
  readonly vulnerabilities: readonly CvrfVulnerability[];
}

export interface CvrfVulnerability {
  /** Record position, for diagnostics (`/Vulnerability/3` or XML ordinal). */
  readonly where: { readonly pointer?: string; readonly line?: number };
  readonly cve: string;
  readonly title?: string;
  readonly revisionDates: readonly string[];
  readonly statuses: readonly { readonly type: string; readonly productIds: readonly string[] }[];
  readonly threats: readonly CvrfThreat[];
  readonly scores: readonly CvrfScore[];
  readonly remediations: readonly CvrfRemediation[];
}

export interface CvrfThreat {
  readonly type: string;
  readonly description: string;
  readonly productIds: readonly string[];
}

export interface CvrfScore {
  readonly baseScore: number;
  readonly vector?: string;
  readonly productIds: readonly string[];
}

export interface CvrfRemediation {
  readonly type: string;
  readonly description?: string;
  readonly supercedence?: string;
  readonly productIds: readonly string[];
  readonly restartRequired?: string;
  readonly subType?: string;
  readonly fixedBuild?: string;
  readonly url?: string;
}
