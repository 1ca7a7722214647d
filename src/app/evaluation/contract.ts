import type { Severity } from '../../domain/advisory.js';
import type { AssetKind, Labels } from '../../domain/asset.js';
import type { Assessment } from '../../engine/assessment.js';
import type { FindingOrigin } from '../../engine/origin.js';
import type { Finding } from '../../engine/types.js';

/** An evaluated asset as readers see it (frozen). */
export interface AssetView {
  readonly id: string;
  readonly name: string;
  readonly kind: AssetKind;
  /** `debian:12`, or null when the inventory named no platform. */
  readonly platform: string | null;
  readonly labels: Labels;
  /** Name of the image version the asset was cloned from (an image names itself: null). */
  readonly image: string | null;
  /** Asset id of that image version. */
  readonly imageId: string | null;
}

/**
 * A finding named after the asset it sits on. `origin` means one thing everywhere (findings,
 * exposure, reports): `inherited` / `introduced` / `regressed` on a clone whose image version
 * was evaluated, `host` on a host with no image version to compare with, `image` on an image
 * version itself.
 */
export interface AssetFinding extends Finding {
  readonly kind: AssetKind;
  readonly platform: string | null;
  /** Image version the asset was cloned from. */
  readonly image: string | null;
  readonly origin: FindingOrigin;
}

/**
 * One asset's findings counted by severity and by origin, for summaries. An image version's
 * findings all have origin `image`, a standalone host's all `host`: `total` counts them.
 */
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
  /** Image findings this clone has fixed; not part of `total`. */
  readonly regressed: number;
}

/**
 * How a clone's findings relate to its image version's, stated explicitly so that a consumer
 * can judge the image's findings once for all its clones: the clone carries every finding of
 * `image` except those keyed in `except`, plus `own`.
 */
export interface AssetLineage {
  /** The image version's asset id, or null when there is nothing to inherit from. */
  readonly imageId: string | null;
  /** Findings keyed `advisory \0 package` (as `findingKey`) that the clone does not inherit. */
  readonly except: ReadonlySet<string>;
  /** Findings that are not inherited: a clone's introduced ones, all of anything else's. */
  readonly own: readonly AssetFinding[];
}

/**
 * A host the engine could not judge (its platform is unknown, or no loaded advisory covers its
 * stream): it has no findings because nothing was checked, so it is never reported clean.
 */
export interface NotAssessedAsset {
  readonly asset: string;
  readonly platform: string | null;
  readonly reason: string;
}

export type { Assessment };

export interface FleetSummary {
  readonly generation: number;
  readonly advisoryCount: number;
  readonly assets: number;
  /** Findings on the assets (regressed ones are not on them and counted apart). */
  readonly findings: number;
  readonly regressed: number;
  /** Assets that could not be judged (see `notAssessed()`); counted in `assets` too. */
  readonly notAssessed: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byOrigin: Readonly<Record<FindingOrigin, number>>;
}

/**
 * The result of evaluating a fleet's inventories against advisories, as of one `generation`
 * of the evaluation service that made it (docs/decisions/0007-evaluation-contract.md).
 *
 * - Everything it returns is frozen; per-asset lists are built when read, not kept, so a fleet
 *   of 100,000 clones costs the engine's shared base + delta results only.
 * - Large results stream: `assets()` and `findings()` are iterators in asset-name order.
 * - It holds no hidden state: once the service has applied a change, every read throws
 *   CONFLICT (retryable) instead of mixing two generations; take `service.current()` again.
 * - Assets are addressed by id; `asset(name)` resolves a name.
 */
export interface FleetEvaluation {
  readonly generation: number;
  /** Advisories the evaluation ran against. */
  readonly advisoryCount: number;
  /** Assets with an inventory, by name. */
  assets(): IterableIterator<AssetView>;
  /** The evaluated asset of this name, if any. */
  asset(name: string): AssetView | undefined;
  /** The asset's findings (inherited, introduced, host or image); NOT_FOUND for an unknown id. */
  findingsOf(assetId: string): readonly AssetFinding[];
  /** Image findings a clone has fixed (every new clone brings them back); empty otherwise. */
  regressedOf(assetId: string): readonly AssetFinding[];
  countsOf(assetId: string): AssetFindingCounts;
  /** Whether the asset could be judged at all; NOT_FOUND for an unknown id. */
  assessmentOf(assetId: string): Assessment;
  /** The assets that could not be judged, by name, each with the reason. */
  notAssessed(): readonly NotAssessedAsset[];
  lineageOf(assetId: string): AssetLineage;
  /** Every asset's findings, asset by asset; with `regressed`, each asset's regressed ones too. */
  findings(opts?: { readonly regressed?: boolean }): IterableIterator<AssetFinding>;
  summary(): FleetSummary;
}
