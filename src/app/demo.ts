import { join } from 'node:path';
import type { Diagnostic } from '../domain/diagnostics.js';
import type { Store, UpsertCounts } from '../store/index.js';
import { countFindings, evaluateFleet, type AssetFindingCounts } from './evaluate-fleet.js';
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

export interface DemoResult {
  readonly imported: number;
  readonly advisories: UpsertCounts & { readonly files: number };
  readonly findings: readonly AssetFindingCounts[];
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
    findings: evaluation.assets.map(countFindings),
    imports,
    assets: await listAssets(store),
    diagnostics,
  };
}
