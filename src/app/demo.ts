import { join } from 'node:path';
import type { Diagnostic } from '../domain/diagnostics.js';
import type { Store, UpsertCounts } from '../store/index.js';
import { evaluateFleet, type AssetResult } from './evaluate-fleet.js';
import { importAdvisoryPaths } from './import-advisories.js';
import { importInventoryFile } from './import-inventory.js';
import { listAssets, type AssetListing } from './list-assets.js';
import { loadEstate, sampleEstateDir, sampleFeedsDir } from './estate.js';

/** How one sample inventory was stored: whole, or as a delta to its image. */
export interface DemoImport {
  readonly name: string;
  readonly form: 'full' | 'delta';
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

/** Findings on one asset, counted by severity and by origin. */
export interface DemoFindings {
  readonly asset: string;
  readonly image: string | null;
  readonly total: number;
  readonly bySeverity: Readonly<Record<string, number>>;
  readonly inherited: number;
  readonly introduced: number;
  readonly regressed: number;
}

export interface DemoResult {
  readonly imported: number;
  readonly advisories: UpsertCounts & { readonly files: number };
  readonly findings: readonly DemoFindings[];
  readonly imports: readonly DemoImport[];
  readonly assets: readonly AssetListing[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The main job on the embedded default, for README's quick start: imports the bundled sample
 * estate (templates first, then their clones as deltas) and the sample feeds, evaluates, and
 * returns the inventory and findings summaries.
 * Idempotent: a second run updates the same assets.
 */
export async function runDemo(
  store: Store,
  estateDir = sampleEstateDir,
  feedsDir = sampleFeedsDir,
): Promise<DemoResult> {
  const estate = await loadEstate(estateDir);
  const diagnostics: Diagnostic[] = [];
  const imports: DemoImport[] = [];
  for (const a of estate.assets) {
    const r = await importInventoryFile(store, {
      name: a.name,
      kind: a.kind,
      file: join(estate.dir, a.file),
      labels: a.labels,
      actor: 'demo',
      reason: 'sample estate',
      source: a.file,
      ...(a.platform !== undefined && { platform: a.platform }),
      ...(a.imageVersion !== undefined && { imageVersion: a.imageVersion }),
    });
    diagnostics.push(...r.diagnostics);
    const { form, added, removed, changed } = r.inventory;
    imports.push({ name: a.name, form, added, removed, changed });
  }
  const imported = await importAdvisoryPaths(store, [feedsDir], { actor: 'demo' });
  diagnostics.push(...imported.diagnostics);
  const evaluation = await evaluateFleet(store, await store.advisories.all());
  return {
    imported: estate.assets.length,
    advisories: { ...imported.totals, files: imported.files.length },
    findings: evaluation.assets.map(summarise),
    imports,
    assets: await listAssets(store),
    diagnostics,
  };
}

function summarise(a: AssetResult): DemoFindings {
  const bySeverity: Record<string, number> = {};
  let inherited = 0;
  let introduced = 0;
  for (const f of a.findings) {
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    if (f.origin === 'inherited') inherited++;
    if (f.origin === 'introduced') introduced++;
  }
  return {
    asset: a.asset,
    image: a.image,
    total: a.findings.length,
    bySeverity,
    inherited,
    introduced,
    regressed: a.regressed.length,
  };
}
