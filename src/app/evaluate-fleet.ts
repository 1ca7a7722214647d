import type { Advisory } from '../domain/advisory.js';
import type { AssetKind } from '../domain/asset.js';
import type { InstalledPackage } from '../domain/inventory.js';
import { formatPlatform } from '../domain/platform.js';
import { schemeComparator } from '../engine/compare.js';
import { createEvaluator } from '../engine/evaluate.js';
import {
  createFleetEvaluator,
  packageIdentity,
  type BaseSet,
  type HostEvaluation,
} from '../engine/fleet.js';
import { buildMatchIndex } from '../engine/match-index.js';
import { classifyOrigins, findingKey, type FindingOrigin } from '../engine/origin.js';
import type { Finding } from '../engine/types.js';
import type { AssetSummary, FleetInventory, Store } from '../store/index.js';

/** A finding on a named asset, with its origin when the asset's image version is known. */
export interface AssetFinding extends Finding {
  readonly kind: AssetKind;
  readonly platform: string | null;
  /** Image version the asset was cloned from. */
  readonly image: string | null;
  readonly origin: FindingOrigin | null;
}

export interface AssetResult {
  readonly asset: string;
  readonly kind: AssetKind;
  readonly platform: string | null;
  readonly image: string | null;
  readonly findings: readonly AssetFinding[];
  /** Image findings this host has fixed (every new clone brings them back). */
  readonly regressed: readonly AssetFinding[];
}

export interface FleetEvaluation {
  readonly assets: readonly AssetResult[];
  readonly advisoryCount: number;
}

export interface EvaluateOptions {
  readonly onProgress?: (done: number, total: number) => void;
  /** Evaluate only these assets (by name) and the image versions they were cloned from. */
  readonly assets?: readonly string[];
}

/** Ids of the named assets plus those of their image versions. */
function withImages(names: readonly string[], assets: ReadonlyMap<string, AssetSummary>): string[] {
  const wanted = new Set(names);
  const ids = new Set<string>();
  for (const a of assets.values()) {
    if (!wanted.has(a.name)) continue;
    ids.add(a.id);
    if (a.clonedFrom !== null) ids.add(a.clonedFrom);
  }
  return [...ids];
}

/** Raw per-asset evaluations, before findings are named after their asset (cheap to hold). */
export interface StoredFleetEvaluation {
  readonly assets: ReadonlyMap<string, AssetSummary>;
  readonly hosts: ReadonlyMap<string, HostEvaluation>;
  readonly advisoryCount: number;
}

/**
 * Evaluates every stored inventory against `advisories` on the stored base + delta form: each
 * distinct package set (an image version, or identical hosts) is evaluated once and a clone costs
 * only its delta. Findings shared through a base set are not copied per host.
 */
export async function evaluateStoredHosts(
  store: Store,
  advisories: readonly Advisory[],
  opts: EvaluateOptions = {},
): Promise<StoredFleetEvaluation> {
  const { onProgress } = opts;
  const index = buildMatchIndex(advisories);
  const evaluator = createEvaluator(index, { compareFor: schemeComparator });
  const fleet = createFleetEvaluator(evaluator);
  const assets = new Map((await store.assets.list()).map((a) => [a.id, a]));
  const inventories = await store.fleet.inventories(
    opts.assets === undefined ? undefined : { assetIds: withImages(opts.assets, assets) },
  );
  const setIds = inventories.flatMap((i) => [i.setId, i.baseSetId]).filter((x) => x !== null);
  const sets = await store.fleet.sets(setIds);
  const hosts = new Map<string, HostEvaluation>();
  let done = 0;
  for (const inv of inventories) {
    hosts.set(inv.assetId, evaluateOne(inv, sets, fleet));
    onProgress?.(++done, inventories.length);
  }
  return { assets, hosts, advisoryCount: index.advisoryCount };
}

/**
 * Evaluates the stored fleet and names every finding after its asset, with its origin.
 * Findings are derived state, recomputed from inventories and advisories rather than stored per
 * host (docs/decisions/0004-findings-are-derived.md).
 */
export async function evaluateFleet(
  store: Store,
  advisories: readonly Advisory[],
  opts: EvaluateOptions = {},
): Promise<FleetEvaluation> {
  const {
    assets,
    hosts: byAsset,
    advisoryCount,
  } = await evaluateStoredHosts(store, advisories, opts);
  const results: AssetResult[] = [];
  for (const [assetId, ev] of byAsset) {
    const a = assets.get(assetId);
    if (!a) continue;
    const image = a.clonedFrom ? assets.get(a.clonedFrom) : undefined;
    const imageEval = image ? byAsset.get(image.id) : undefined;
    const base = { kind: a.kind, platform: a.platform, image: image?.name ?? null };
    results.push(lazyResult(a.name, base, ev, imageEval && imageOf(imageEval)));
  }
  results.sort((x, y) => x.asset.localeCompare(y.asset));
  return { assets: results, advisoryCount };
}

/**
 * An asset's named findings, built on each read and not kept: a fleet's results hold only the
 * shared base + delta evaluations, and a consumer that walks the assets one by one (counts,
 * clocks, reports) never has more than one asset's copies alive. At 100,000 clones, keeping
 * them all needed more than a 4 GiB heap.
 */
function lazyResult(
  name: string,
  base: { kind: AssetKind; platform: string | null; image: string | null },
  ev: HostEvaluation,
  image: ImageFindings | undefined,
): AssetResult {
  // Readers take `findings` and `regressed` of one asset in a row: the pair is kept until the
  // next asset's is built, so at most one asset's copies are alive.
  const named = (): Pick<AssetResult, 'findings' | 'regressed'> => {
    if (kept?.owner !== named) kept = { owner: named, value: build() };
    return kept.value;
  };
  const build = (): Pick<AssetResult, 'findings' | 'regressed'> => {
    const own = [...ev.inherited, ...ev.introduced];
    if (!image) {
      return {
        findings: own.map((f) => ({ ...f, asset: name, ...base, origin: null })),
        regressed: [],
      };
    }
    const split = classifyOrigins(name, own, image.findings, image.keys);
    return {
      findings: split.findings.map((f) => ({ ...f, asset: name, ...base })),
      regressed: split.regressed.map((f) => ({ ...f, ...base })),
    };
  };
  return {
    asset: name,
    ...base,
    get findings() {
      return named().findings;
    },
    get regressed() {
      return named().regressed;
    },
  };
}

/** The one asset's pair of named lists that is kept (see `lazyResult`). */
let kept: { owner: unknown; value: Pick<AssetResult, 'findings' | 'regressed'> } | undefined;

/** An image version's findings and their keys, built once for all its clones. */
interface ImageFindings {
  readonly findings: readonly Finding[];
  readonly keys: ReadonlySet<string>;
}

const images = new WeakMap<HostEvaluation, ImageFindings>();

function imageOf(ev: HostEvaluation): ImageFindings {
  let image = images.get(ev);
  if (!image) {
    const findings = [...ev.inherited, ...ev.introduced];
    image = { findings, keys: new Set(findings.map(findingKey)) };
    images.set(ev, image);
  }
  return image;
}

function evaluateOne(
  inv: FleetInventory,
  sets: ReadonlyMap<number, readonly InstalledPackage[]>,
  fleet: ReturnType<typeof createFleetEvaluator>,
): HostEvaluation {
  const setId = inv.setId ?? inv.baseSetId;
  const basePackages = setId === null ? [] : (sets.get(setId) ?? []);
  if (!inv.platform) {
    return { asset: inv.assetId, base: null, inherited: [], introduced: [], regressed: [] };
  }
  if (inv.windows || inv.runningKernel !== undefined) {
    // Windows and running-kernel rules need the whole inventory at once.
    const gone = new Set(inv.removed.map(packageIdentity));
    const packages = [...basePackages.filter((p) => !gone.has(packageIdentity(p))), ...inv.added];
    return fleet.evaluateFull(inv.assetId, {
      format: inv.format,
      platform: inv.platform,
      packages,
      ...(inv.windows && { windows: inv.windows }),
      ...(inv.runningKernel !== undefined && { runningKernel: inv.runningKernel }),
    });
  }
  const base: BaseSet = {
    id: `set:${setId}:${formatPlatform(inv.platform)}`,
    platform: inv.platform,
    packages: basePackages,
  };
  return fleet.evaluateHost({ asset: inv.assetId, base, removed: inv.removed, added: inv.added });
}

/** One asset's findings counted by severity and by origin, for summaries. */
export interface AssetFindingCounts {
  readonly asset: string;
  readonly kind: AssetKind;
  readonly platform: string | null;
  readonly image: string | null;
  readonly total: number;
  readonly critical: number;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  readonly none: number;
  readonly inherited: number;
  readonly introduced: number;
  readonly regressed: number;
}

export function countFindings(a: AssetResult): AssetFindingCounts {
  const c = { critical: 0, high: 0, medium: 0, low: 0, none: 0, inherited: 0, introduced: 0 };
  for (const f of a.findings) {
    c[f.severity]++;
    if (f.origin === 'inherited' || f.origin === 'introduced') c[f.origin]++;
  }
  const { asset, kind, platform, image } = a;
  return {
    asset,
    kind,
    platform,
    image,
    total: a.findings.length,
    ...c,
    regressed: a.regressed.length,
  };
}
