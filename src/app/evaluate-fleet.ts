import type { Clock } from '../domain/clock.js';
import type { Policy } from '../policy/index.js';
import type { Store } from '../store/index.js';
import { eolFromStore, recordClocks } from './compliance.js';
import { eolSettings } from './eol.js';
import {
  EvaluationService,
  feedFreshness,
  type AssetFinding,
  type AssetFindingCounts,
  type FeedFreshness,
  type NotAssessedAsset,
} from './evaluation/index.js';
import { resolvePolicy } from './policy-versions/resolve.js';
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
   * Policy file or directory (`--policy`, `PATCHLINE_POLICY`); without it the store's active
   * version (`resolvePolicy`). With a policy, today's compliance snapshot is taken unless the
   * day already has one; with none at all, no snapshot.
   */
  readonly policyPath?: string;
  /** The policy already resolved (wins over `policyPath`). */
  readonly policy?: Policy;
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
    (await EvaluationService.open(store, {
      now: input.clock.now(),
      ...(input.onProgress && { onProgress: input.onProgress }),
    }));
  const evaluation = service.current();
  const policy =
    input.policy ??
    (
      await resolvePolicy(store, {
        ...(input.policyPath !== undefined && { path: input.policyPath }),
        now: input.clock.now(),
      })
    )?.policy;
  // End-of-life findings are the app's, not the engine's: clocks and counts take them as
  // `findings` lists them.
  const settings = eolSettings(policy);
  const eol = await eolFromStore(store, evaluation, input.clock.now(), settings);
  const plan = await recordClocks(store, evaluation, input.clock, settings, eol);
  const snapshot =
    policy === undefined
      ? null
      : await takeSnapshot(store, policy, input.clock, { onlyIfMissing: true, evaluation });
  const assets = [...evaluation.assets()].map((a) =>
    withEol(evaluation.countsOf(a.id), eol.get(a.id)),
  );
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

/** An asset's counts with its end-of-life finding, when it has one, added. */
function withEol(c: AssetFindingCounts, f: AssetFinding | undefined): AssetFindingCounts {
  if (!f) return c;
  return {
    ...c,
    total: c.total + 1,
    [f.severity]: c[f.severity] + 1,
    ...(f.origin === 'inherited' && { inherited: c.inherited + 1 }),
    ...(f.origin === 'introduced' && { introduced: c.introduced + 1 }),
  };
}
