import type { TrendPoint } from './report-types.js';
export type { TrendPoint };
import { join } from 'node:path';
import type { Clock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { loadPolicy, type Policy } from '../policy/index.js';
import {
  clockStartRule,
  publishedIndex,
  type ClockPlan,
  type GroupBy,
  type GroupFigures,
} from '../policy/sla/index.js';
import type { Store } from '../store/index.js';
import { eolPublished, eolSettings, lifecycleFromStore } from './eol.js';
import {
  complianceInput,
  computeCompliance,
  eolFromStore,
  groupByText,
  recordClocks,
  type ComplianceOptions,
  type ComplianceReport,
  type EvaluatedAsset,
} from './compliance.js';
import { enrichCompliance, type ExploitFilter } from './enrich-findings.js';
import { sampleEstateDir } from './estate.js';
import { evaluateStore, type FleetEvaluation } from './evaluation/index.js';
import { filterAtRisk, filterExposure } from './report-enrichment.js';
import { exposureReport, type ExposureRow } from './report-exposure.js';
import { resolvePolicy } from './policy-versions/resolve.js';

export { filterAtRisk, type ExploitFilter };

/** Group kinds a daily snapshot records: the whole fleet, then per tier, platform and image. */
export const snapshotKinds: readonly GroupBy[] = [
  { kind: 'tier' },
  { kind: 'platform' },
  { kind: 'image' },
];

/** Parses `tier`, `platform`, `image` or `label:KEY`; INPUT_INVALID otherwise. */
export function parseGroupBy(text: string): GroupBy {
  if (text === 'tier' || text === 'platform' || text === 'image') return { kind: text };
  const m = /^label:(.+)$/.exec(text);
  if (m?.[1]) return { kind: 'label', key: m[1] };
  throw new AppError(
    ErrorCode.InputInvalid,
    `--by ${text}: use tier, platform, image or label:KEY`,
    { location: { record: text } },
  );
}

/**
 * Computes compliance against the stored clocks, over `evaluation` or, without one, a fresh
 * evaluation of the stored fleet; its findings get KEV listings marked known exploited. An
 * `EvaluatedAsset[]` is taken as given (`takeSnapshot` marks it once for all its groupings).
 * Under the `fixReleased` clock rule the stored advisories' published dates are read unless
 * `opts.published` gives them.
 */
export async function complianceFromStore(
  store: Store,
  opts: ComplianceOptions,
  evaluation?: FleetEvaluation | readonly EvaluatedAsset[],
): Promise<ComplianceReport> {
  const ev = evaluation ?? (await evaluateStore(store, { now: opts.now }));
  const input = Array.isArray(ev)
    ? ev
    : await enrichCompliance(
        store,
        complianceInput(
          ev as FleetEvaluation,
          await eolFromStore(store, ev as FleetEvaluation, opts.now, eolSettings(opts.policy)),
        ),
      );
  const [assets, clocks, published] = await Promise.all([
    store.assets.list(),
    store.clocks.all(),
    opts.published ?? publishedDates(store, opts.policy),
  ]);
  return computeCompliance(assets, input, clocks, { ...opts, published });
}

/**
 * Published instant per advisory id when the policy's clocks start at the fix's release; an
 * end-of-life advisory's is the moment public support ended (bundled or kept lifecycle data).
 */
export async function publishedDates(
  store: Store,
  policy: Policy,
): Promise<ReadonlyMap<string, number>> {
  if (clockStartRule(policy) !== 'fixReleased') return new Map();
  const out = publishedIndex(await store.advisories.publishedDates());
  for (const [id, at] of eolPublished(await lifecycleFromStore(store))) {
    if (!out.has(id)) out.set(id, at);
  }
  return out;
}

/** Per-advisory and per-CVE exposure with blast radius, over `evaluation` or the stored fleet. */
export async function exposureFromStore(
  store: Store,
  evaluation?: FleetEvaluation,
  filter: ExploitFilter = {},
): Promise<{ advisories: ExposureRow[]; cves: ExposureRow[] }> {
  const ev = evaluation ?? (await evaluateStore(store));
  return filterExposure(store, exposureReport(ev), ev, filter);
}

export interface SnapshotResult {
  readonly day: string;
  readonly rows: number;
  readonly taken: boolean;
}

/**
 * Writes today's (UTC, from the clock) compliance figures for the whole fleet and per tier,
 * platform and image, with the policy hash, replacing any earlier snapshot of the same day.
 * With `onlyIfMissing`, leaves a day that already has one alone (what `evaluate` does).
 */
export async function takeSnapshot(
  store: Store,
  policy: Policy,
  clock: Clock,
  opts: { readonly onlyIfMissing?: boolean; readonly evaluation?: FleetEvaluation } = {},
): Promise<SnapshotResult> {
  const now = clock.now();
  const day = now.toISOString().slice(0, 10);
  if (opts.onlyIfMissing && (await store.clocks.hasSnapshot(day))) {
    return { day, rows: 0, taken: false };
  }
  const evaluation = opts.evaluation ?? (await evaluateStore(store, { now }));
  const eol = await eolFromStore(store, evaluation, now, eolSettings(policy));
  const input = await enrichCompliance(store, complianceInput(evaluation, eol));
  const published = await publishedDates(store, policy);
  const rows = [];
  for (const by of snapshotKinds) {
    const report = await complianceFromStore(store, { policy, now, by, published }, input);
    const base = { day, policyHash: policy.hash, takenAt: now.toISOString() };
    if (by.kind === 'tier') rows.push({ ...base, groupKind: 'all', ...snapshotOf(report.total) });
    for (const g of report.groups) {
      rows.push({ ...base, groupKind: groupByText(by), ...snapshotOf(g) });
    }
  }
  await store.clocks.putSnapshots(rows);
  return { day, rows: rows.length, taken: true };
}

function snapshotOf(g: GroupFigures): { group: string; figures: Record<string, unknown> } {
  const { group, ...figures } = g;
  return { group, figures };
}

/** The recorded daily snapshots for a grouping (`all` for the fleet), oldest first. */
export async function trendFromStore(
  store: Store,
  groupKind: string,
  since?: string,
): Promise<TrendPoint[]> {
  const rows = await store.clocks.snapshots(groupKind, since);
  return rows.map((r) => {
    const f = r.figures;
    const n = (k: string) => (typeof f[k] === 'number' ? f[k] : 0);
    return {
      day: r.day,
      group: r.group,
      assets: n('assets'),
      compliant: n('compliant'),
      notAssessed: n('notAssessed'),
      atRisk: n('atRisk'),
      overdueAssets: n('overdueAssets'),
      overdue: n('overdue'),
      adherencePct: typeof f.adherencePct === 'number' ? f.adherencePct : null,
      policyHash: r.policyHash,
    };
  });
}

/**
 * What `evaluate` does after evaluating: record the clocks and, when there is a policy (the path
 * given, else the store's active version) and today has no snapshot yet, take one. Returns the
 * clock changes.
 */
export async function afterEvaluate(
  store: Store,
  evaluation: FleetEvaluation,
  clock: Clock,
  policyPath?: string,
): Promise<ClockPlan> {
  const policy = (
    await resolvePolicy(store, {
      ...(policyPath !== undefined && { path: policyPath }),
      now: clock.now(),
    })
  )?.policy;
  const plan = await recordClocks(store, evaluation, clock, eolSettings(policy));
  if (policy) {
    await takeSnapshot(store, policy, clock, { onlyIfMissing: true, evaluation });
  }
  return plan;
}

/** The policy shipped with Patchline, beside the sample estate. */
export const samplePolicyPath = join(sampleEstateDir, '..', 'policy', 'patchline-policy.yaml');

/**
 * README's main job, last step: evaluate, record the clocks (and today's snapshot), and report
 * compliance under the sample policy.
 */
export async function demoCompliance(store: Store, clock: Clock): Promise<ComplianceReport> {
  const policy = loadPolicy(samplePolicyPath);
  const evaluation = await evaluateStore(store, { now: clock.now() });
  await afterEvaluate(store, evaluation, clock);
  await takeSnapshot(store, policy, clock, { onlyIfMissing: true, evaluation });
  return complianceFromStore(store, { policy, now: clock.now() }, evaluation);
}
