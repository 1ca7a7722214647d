import type { TrendPoint } from './report-types.js';
export type { TrendPoint };
import { join } from 'node:path';
import type { Clock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { loadPolicy, type Policy } from '../policy/index.js';
import type { ClockPlan, GroupBy, GroupFigures } from '../policy/sla/index.js';
import type { Store } from '../store/index.js';
import {
  complianceInput,
  computeCompliance,
  groupByText,
  recordClocks,
  type ComplianceOptions,
  type ComplianceReport,
  type EvaluatedAsset,
} from './compliance.js';
import { sampleEstateDir } from './estate.js';
import { evaluateStore, type FleetEvaluation } from './evaluation/index.js';
import { exposureReport, type ExposureRow } from './report-exposure.js';

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
 * evaluation of the stored fleet.
 */
export async function complianceFromStore(
  store: Store,
  opts: ComplianceOptions,
  evaluation?: FleetEvaluation | readonly EvaluatedAsset[],
): Promise<ComplianceReport> {
  const ev = evaluation ?? (await evaluateStore(store));
  const input = Array.isArray(ev) ? ev : complianceInput(ev as FleetEvaluation);
  const [assets, clocks] = await Promise.all([store.assets.list(), store.clocks.all()]);
  return computeCompliance(assets, input, clocks, opts);
}

/** Per-advisory and per-CVE exposure with blast radius, over `evaluation` or the stored fleet. */
export async function exposureFromStore(
  store: Store,
  evaluation?: FleetEvaluation,
): Promise<{ advisories: ExposureRow[]; cves: ExposureRow[] }> {
  return exposureReport(evaluation ?? (await evaluateStore(store)));
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
  const input = complianceInput(opts.evaluation ?? (await evaluateStore(store)));
  const rows = [];
  for (const by of snapshotKinds) {
    const report = await complianceFromStore(store, { policy, now, by }, input);
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
 * What `evaluate` does after evaluating: record the clocks and, when a policy path is given
 * (PATCHLINE_POLICY) and today has no snapshot yet, take one. Returns the clock changes.
 */
export async function afterEvaluate(
  store: Store,
  evaluation: FleetEvaluation,
  clock: Clock,
  policyPath?: string,
): Promise<ClockPlan> {
  const plan = await recordClocks(store, evaluation, clock);
  if (policyPath) {
    const policy = loadPolicy(policyPath);
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
  const evaluation = await evaluateStore(store);
  await afterEvaluate(store, evaluation, clock);
  await takeSnapshot(store, policy, clock, { onlyIfMissing: true, evaluation });
  return complianceFromStore(store, { policy, now: clock.now() }, evaluation);
}
