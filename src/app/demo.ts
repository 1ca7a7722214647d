import type { Diagnostic } from '../domain/diagnostics.js';
import { AppError } from '../domain/errors.js';
import type { Store, UpsertCounts } from '../store/index.js';
import {
  evaluateStore,
  type AssetFindingCounts,
  type NotAssessedAsset,
} from './evaluation/index.js';
import { importAdvisoryPaths } from './import-advisories.js';
import { importEstate } from './import-estate.js';
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
  /** Assets no sample feed covers: their lack of findings means nothing was checked. */
  readonly notAssessed: readonly NotAssessedAsset[];
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
  const imports: DemoImport[] = [];
  const result = await importEstate(store, estate, {
    actor: 'demo',
    reason: 'sample estate',
    onAsset: (a) => {
      if (a.status === 'stored') {
        imports.push({
          name: a.name,
          form: a.form,
          added: a.added,
          removed: a.removed,
          changed: a.changed,
        });
      }
    },
  });
  // The demo needs every asset: a refused one fails it (the others are stored by then).
  const [refused] = result.refusedAssets;
  if (refused) {
    const { code, message, location } = refused.error;
    throw new AppError(code, message, { ...(location && { location }) });
  }
  const diagnostics: Diagnostic[] = [...result.diagnostics];
  const imported = await importAdvisoryPaths(store, [feedsDir], { actor: 'demo' });
  diagnostics.push(...imported.diagnostics);
  const evaluation = await evaluateStore(store);
  return {
    imported: estate.assets.length,
    advisories: { ...imported.totals, files: imported.files.length },
    findings: [...evaluation.assets()].map((a) => evaluation.countsOf(a.id)),
    notAssessed: evaluation.notAssessed(),
    imports,
    assets: await listAssets(store),
    diagnostics,
  };
}
