import type { Severity } from '../domain/advisory.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { Store } from '../store/index.js';
import {
  evaluateFleet,
  type AssetFinding,
  type AssetResult,
  type FleetEvaluation,
} from './evaluate-fleet.js';

export interface FindingFilter {
  readonly asset?: string;
  readonly advisory?: string;
  readonly severity?: Severity;
}

/** Freshness of each feed, shown next to findings. */
export interface FeedFreshness {
  readonly source: string;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
}

export interface FindingsReport {
  readonly findings: readonly AssetFinding[];
  readonly freshness: readonly FeedFreshness[];
  readonly advisoryCount: number;
}

/** Evaluates the stored fleet against every stored advisory. */
export async function evaluateStored(
  store: Store,
  onProgress?: (done: number, total: number) => void,
): Promise<FleetEvaluation> {
  return evaluateFleet(store, await store.advisories.all(), onProgress ? { onProgress } : {});
}

export async function feedFreshness(store: Store): Promise<FeedFreshness[]> {
  return (await store.feeds.list()).map((f) => ({
    source: f.source,
    lastSuccessAt: f.lastSuccessAt,
    lastError: f.lastError,
  }));
}

/** Findings across the fleet, filtered; the asset filter must name a known asset. */
export async function listFindings(store: Store, filter: FindingFilter): Promise<FindingsReport> {
  if (filter.asset !== undefined && !(await store.assets.findByName(filter.asset))) {
    throw new AppError(ErrorCode.NotFound, `no asset named "${filter.asset}"`, {
      location: { record: filter.asset },
    });
  }
  // One asset needs only itself and its image version evaluated, not the fleet.
  const evaluation =
    filter.asset === undefined
      ? await evaluateStored(store)
      : await evaluateFleet(store, await store.advisories.all(), { assets: [filter.asset] });
  const findings = evaluation.assets
    .filter((a) => filter.asset === undefined || a.asset === filter.asset)
    .flatMap((a) => a.findings)
    .filter((f) => filter.advisory === undefined || f.advisory === filter.advisory)
    .filter((f) => filter.severity === undefined || f.severity === filter.severity);
  return {
    findings,
    freshness: await feedFreshness(store),
    advisoryCount: evaluation.advisoryCount,
  };
}

/** One image version's reach: the hosts cloned from it and which of them still carry it. */
export interface BlastRadius {
  readonly image: string;
  readonly clones: number;
  /** Clones that still have the finding (inherited). */
  readonly exposedClones: readonly string[];
  /** Clones that fixed it themselves: the image would bring it back on the next clone. */
  readonly fixedClones: readonly string[];
}

export interface Exposure {
  readonly query: string;
  readonly advisories: readonly string[];
  readonly assets: readonly {
    readonly asset: string;
    readonly kind: string;
    readonly platform: string | null;
    readonly image: string | null;
    readonly packages: readonly string[];
    readonly origin: string | null;
  }[];
  readonly images: readonly BlastRadius[];
}

/**
 * Which assets an advisory (by id) or CVE reaches, and for each image version it hits, its blast
 * radius through lineage. NOT_FOUND when no stored advisory matches.
 */
export async function exposure(store: Store, query: string): Promise<Exposure> {
  const byId = await store.advisories.byId(query);
  const advisories = byId.length > 0 ? byId : await store.advisories.byCve(query.toUpperCase());
  if (advisories.length === 0) {
    throw new AppError(ErrorCode.NotFound, `no stored advisory or CVE "${query}"`, {
      location: { record: query },
    });
  }
  const evaluation = await evaluateFleet(store, advisories);
  const hit = evaluation.assets.filter((a) => a.findings.length > 0);
  const images = hit
    .filter((a) => a.kind === 'image')
    .map((img) => blastRadius(img, evaluation.assets));
  return {
    query,
    advisories: [...new Set(advisories.map((a) => a.id))],
    assets: hit.map((a) => ({
      asset: a.asset,
      kind: a.kind,
      platform: a.platform,
      image: a.image,
      packages: [...new Set(a.findings.map((f) => f.package))],
      origin: a.findings[0]?.origin ?? null,
    })),
    images,
  };
}

function blastRadius(image: AssetResult, all: readonly AssetResult[]): BlastRadius {
  const clones = all.filter((a) => a.image === image.asset);
  return {
    image: image.asset,
    clones: clones.length,
    exposedClones: clones
      .filter((c) => c.findings.some((f) => f.origin === 'inherited'))
      .map((c) => c.asset),
    fixedClones: clones
      .filter((c) => c.regressed.length > 0 && c.findings.length === 0)
      .map((c) => c.asset),
  };
}
