import type { ProductTree } from '../product-tree.js';
import type { CsafVulnerability } from '../schema.js';

export interface IndexedVulnerability {
  readonly index: number;
  readonly vuln: CsafVulnerability;
}

export interface CheckContext {
  readonly tree: ProductTree;
  readonly vulnerabilities: readonly IndexedVulnerability[];
}

/** One violation; `vulnerability` + `productId` let the parser skip exactly the bad pairing. */
export interface CheckFinding {
  readonly pointer: string;
  readonly message: string;
  readonly productId?: string;
  readonly vulnerability?: number;
}

/** A CSAF 2.0 §6.1 mandatory test, named by its section (csaf-validator-lib convention). */
export interface CsafCheck {
  readonly section: string;
  readonly title: string;
  run(ctx: CheckContext): CheckFinding[];
}
