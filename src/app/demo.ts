import { join } from 'node:path';
import type { Diagnostic } from '../domain/diagnostics.js';
import type { Store } from '../store/index.js';
import { importInventoryFile } from './import-inventory.js';
import { listAssets, type AssetListing } from './list-assets.js';
import { loadEstate, sampleEstateDir } from './estate.js';

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
  readonly imports: readonly DemoImport[];
  readonly assets: readonly AssetListing[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The main job on the embedded default, for README's quick start: imports the bundled sample
 * estate (templates first, then their clones as deltas) and returns the inventory summary.
 * Idempotent: a second run updates the same assets.
 */
export async function runDemo(store: Store, estateDir = sampleEstateDir): Promise<DemoResult> {
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
  return { imported: estate.assets.length, imports, assets: await listAssets(store), diagnostics };
}
