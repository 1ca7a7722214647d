import type { Clock } from '../domain/clock.js';
import { loadPolicy } from '../policy/index.js';
import type { Store } from '../store/index.js';
import { recordClocks } from './compliance.js';
import {
  EvaluationService,
  feedFreshness,
  type AssetFindingCounts,
  type FeedFreshness,
  type NotAssessedAsset,
} from './evaluation/index.js';
import { takeSnapshot, type SnapshotResult } from './report.js';

export type {
  AssetFinding,
  AssetFindingCounts,
  AssetView,
  FleetEvaluation,
  NotAssessedAsset,
} from './evaluation/index.js';

export interface EvaluateInput {
  /** When clocks start and which day's snapshot is taken. */
  readonly clock: Clock;
  /**
   * Policy file or directory (`resolvePolicyPath`); with one, today's compliance snapshot is
   * taken unless the day already has one. Without one, no snapshot.
   */
  readonly policyPath?: string;
  readonly onProgress?: (done: number, total: number) => void;
  /** A long-lived service to read instead of evaluating from a cold start. */
  readonly service?: EvaluationService;
}

export interface EvaluateResult {
  readonly advisoryCount: number;
  readonly freshness: readonly FeedFreshness[];
  /** Per asset, by name. */
  readonly assets: readonly AssetFindingCounts[];
  readonly totals: {
    readonly assets: number;
    readonly findings: number;
    /** Assets that could not be judged; listed in `notAssessed`. */
    readonly notAssessed: number;
  };
  /** Assets with no findings because nothing could be checked, with the reason. */
  readonly notAssessed: readonly NotAssessedAsset[];
  /** SLA clocks started, resumed and stopped by this evaluation. */
  readonly clocks: { readonly opened: number; readonly resumed: number; readonly fixed: number };
  /** The snapshot taken, or null without a policy. */
  readonly snapshot: SnapshotResult | null;
}

/**
 * `patchline evaluate`: evaluates every stored asset, records the SLA clocks
 * (docs/decisions/0040-sla-clocks.md), takes today's snapshot when a policy is configured and
 * none exists, and summarises per asset with the feeds' freshness.
 */
export async function evaluate(store: Store, input: EvaluateInput): Promise<EvaluateResult> {
  const service =
    input.service ??
    (await EvaluationService.open(store, input.onProgress ? { onProgress: input.onProgress } : {}));
  const evaluation = service.current();
  const plan = await recordClocks(store, evaluation, input.clock);
  const snapshot =
    input.policyPath === undefined
      ? null
      : await takeSnapshot(store, loadPolicy(input.policyPath), input.clock, {
          onlyIfMissing: true,
          evaluation,
        });
  const assets = [...evaluation.assets()].map((a) => evaluation.countsOf(a.id));
  const notAssessed = evaluation.notAssessed();
  return {
    advisoryCount: evaluation.advisoryCount,
    freshness: await feedFreshness(store),
    assets,
    totals: {
      assets: assets.length,
      findings: assets.reduce((n, r) => n + r.total, 0),
      notAssessed: notAssessed.length,
    },
    notAssessed,
    clocks: { opened: plan.opened, resumed: plan.resumed, fixed: plan.fixed },
    snapshot,
  };
}
