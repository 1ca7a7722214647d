import { basename } from 'node:path';
import type { Diagnostic } from '../domain/diagnostics.js';
import { formatPlatform, parsePlatform } from '../domain/platform.js';
import { schemeComparator } from '../engine/compare.js';
import { createEvaluator } from '../engine/evaluate.js';
import { buildMatchIndex } from '../engine/match-index.js';
import type { Finding } from '../engine/types.js';
import { readAdvisoryFiles } from './advisory-files.js';
import { readInventoryPath } from './import-inventory.js';

export type { Finding };

export interface ScanInput {
  readonly inventories: readonly string[];
  readonly advisories: readonly string[];
  /** Overrides the platform every inventory says or implies, e.g. `almalinux:9`. */
  readonly platform?: string;
  /** Largest file read (`AppConfig.maxInputBytes`). @default 256 MiB */
  readonly maxInputBytes?: number;
}

export interface ScannedAsset {
  readonly asset: string;
  readonly file: string;
  readonly platform: string | null;
  readonly packages: number;
  readonly findings: number;
  /** Why the loaded advisories could not judge it (no finding then means nothing); else absent. */
  readonly notAssessed?: string;
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly assets: readonly ScannedAsset[];
  readonly advisoryCount: number;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * One-shot scan with no store: parses the inventories and advisory files, evaluates, and
 * returns the findings. An inventory may be a directory, read as a root file system. The asset
 * name is the inventory's file (or directory) name.
 */
export async function scanFiles(input: ScanInput): Promise<ScanResult> {
  // A bad --platform fails before any file is read.
  if (input.platform !== undefined) parsePlatform(input.platform);
  const maxBytes = input.maxInputBytes;
  const outcomes = await readAdvisoryFiles(input.advisories, { maxInputBytes: maxBytes });
  const diagnostics: Diagnostic[] = outcomes.flatMap((o) => o.diagnostics);
  const index = buildMatchIndex(outcomes.flatMap((o) => o.advisories));
  diagnostics.push(...index.diagnostics);
  const evaluator = createEvaluator(index, { compareFor: schemeComparator });
  const findings: Finding[] = [];
  const assets: ScannedAsset[] = [];
  for (const file of input.inventories) {
    const parsed = await readInventoryPath({
      file,
      ...(maxBytes !== undefined && { maxInputBytes: maxBytes }),
      ...(input.platform !== undefined && { platform: input.platform }),
    });
    diagnostics.push(...parsed.diagnostics);
    const asset = basename(file);
    const found = evaluator.evaluate(asset, parsed.value);
    findings.push(...found);
    const inv = parsed.value;
    const assessment = evaluator.assess(inv.platform);
    assets.push({
      asset,
      file,
      platform: inv.platform ? formatPlatform(inv.platform) : null,
      packages: inv.windows ? inv.windows.kbs.length : inv.packages.length,
      findings: found.length,
      ...(assessment.status === 'not-assessed' && { notAssessed: assessment.reason }),
    });
  }
  diagnostics.push(...evaluator.diagnostics);
  return { findings, assets, advisoryCount: index.advisoryCount, diagnostics };
}
