import type { Severity } from '../../domain/advisory.js';
import { SlaState, type SlaResult } from './state.js';

/** How assets are grouped in a compliance report. */
export type GroupBy =
  | { readonly kind: 'tier' }
  | { readonly kind: 'platform' }
  | { readonly kind: 'image' }
  | { readonly kind: 'label'; readonly key: string };

/** What the accumulator needs to know of an asset. */
export interface GroupedAsset {
  readonly name: string;
  readonly tier: string;
  readonly platform: string | null;
  /** The image version a host was cloned from; an image's own name. */
  readonly image: string | null;
  readonly labels: Readonly<Record<string, string>>;
  /** False when nothing could be checked on the asset: it counts as not assessed, never compliant. */
  readonly assessed?: boolean;
}

/** The overdue finding that has waited longest past its due date. */
export interface OldestOverdue {
  readonly asset: string;
  readonly advisory: string;
  readonly package: string;
  readonly due: string;
}

/** Compliance figures of one group (issue 4 §3). */
export interface GroupFigures {
  readonly group: string;
  readonly assets: number;
  /** Assessed assets with no finding overdue or due soon. */
  readonly compliant: number;
  /** Assets that could not be judged (no loaded feed covers them): neither compliant nor not. */
  readonly notAssessed: number;
  /** Assets with a finding due soon and none overdue. */
  readonly atRisk: number;
  readonly overdueAssets: number;
  /** Open findings (within SLA, due soon, overdue) by severity. */
  readonly open: Readonly<Record<Severity, number>>;
  readonly overdue: number;
  readonly dueSoon: number;
  readonly waived: number;
  readonly pendingReboot: number;
  readonly notCounted: number;
  readonly fixed: number;
  readonly oldestOverdue: OldestOverdue | null;
  /** Met ÷ (met + missed) in %, one decimal; null when nothing has a due date yet. */
  readonly adherencePct: number | null;
}

/** Mean time to remediate for one tier and severity. */
export interface MttrFigure {
  readonly tier: string;
  readonly severity: Severity;
  readonly fixed: number;
  readonly meanHours: number;
}

interface Bucket {
  assets: number;
  compliant: number;
  notAssessed: number;
  atRisk: number;
  overdueAssets: number;
  open: Record<Severity, number>;
  overdue: number;
  dueSoon: number;
  waived: number;
  pendingReboot: number;
  notCounted: number;
  fixed: number;
  met: number;
  missed: number;
  oldest: (OldestOverdue & { dueMs: number }) | null;
  /** Remediation times of fixed findings, for MTTR (per asset tallies only). */
  fixedMs: { severity: Severity; ms: number }[];
}

/**
 * One asset's findings counted, without the asset: clones that share an image's findings can
 * share one tally (see `add`). Build with {@link tallyFindings}, combine with {@link mergeTallies}.
 */
export type AssetTally = Readonly<Bucket>;

/** One finding's result as the accumulator takes it. */
export interface CountedFinding {
  readonly advisory: string;
  readonly package: string;
  readonly severity: Severity;
  readonly result: SlaResult;
}

export interface ComplianceAccumulator {
  /** Adds an asset and every finding on it (open, waived and fixed alike), exactly once. */
  add(asset: GroupedAsset, findings: Iterable<CountedFinding>): void;
  /** Adds an asset whose findings were counted already. */
  addTally(asset: GroupedAsset, tally: AssetTally): void;
  groups(): GroupFigures[];
  total(): GroupFigures;
  mttr(): MttrFigure[];
}

const hourMs = 3_600_000;

function emptyBucket(): Bucket {
  return {
    assets: 0,
    compliant: 0,
    notAssessed: 0,
    atRisk: 0,
    overdueAssets: 0,
    open: { critical: 0, high: 0, medium: 0, low: 0, none: 0 },
    overdue: 0,
    dueSoon: 0,
    waived: 0,
    pendingReboot: 0,
    notCounted: 0,
    fixed: 0,
    met: 0,
    missed: 0,
    oldest: null,
    fixedMs: [],
  };
}

/** Per-finding counters of a tally, and per-asset ones (summed only when tallies merge). */
const findingCounters = [
  'overdue',
  'dueSoon',
  'waived',
  'pendingReboot',
  'notCounted',
  'fixed',
  'met',
  'missed',
] as const;
const assetCounters = ['assets', 'compliant', 'notAssessed', 'atRisk', 'overdueAssets'] as const;

/**
 * `a` without the findings counted in `b` (a subset of them). The oldest overdue finding stays
 * `a`'s: the caller must not remove it this way.
 */
export function subtractTally(a: AssetTally, b: AssetTally): AssetTally {
  const t: Bucket = { ...a, open: { ...a.open }, fixedMs: [...a.fixedMs] };
  for (const k of findingCounters) t[k] -= b[k];
  for (const s of Object.keys(b.open) as Severity[]) t.open[s] -= b.open[s];
  return t;
}

/** Counts one asset's findings. */
export function tallyFindings(findings: Iterable<CountedFinding>): AssetTally {
  const t = emptyBucket();
  for (const f of findings) count(t, f);
  return t;
}

/** The tally of an asset whose findings are those of `a` plus those of `b`. */
export function mergeTallies(a: AssetTally, b: AssetTally): AssetTally {
  const t = emptyBucket();
  merge(t, a);
  merge(t, b);
  t.fixedMs = [...a.fixedMs, ...b.fixedMs];
  return t;
}

/** The group an asset falls in; `(none)` when it lacks the label, platform or image. */
export function groupOf(asset: GroupedAsset, by: GroupBy): string {
  if (by.kind === 'tier') return asset.tier;
  if (by.kind === 'platform') return asset.platform ?? '(none)';
  if (by.kind === 'image') return asset.image ?? '(none)';
  return asset.labels[by.key] ?? '(none)';
}

/**
 * Streams assets and their SLA results into per-group figures, so a fleet's findings are never
 * held at once. Adherence counts open findings not yet overdue and findings fixed by their due
 * date as met, overdue ones and late fixes as missed; waived and uncounted findings are neither.
 */
export function createComplianceAccumulator(by: GroupBy): ComplianceAccumulator {
  const buckets = new Map<string, Bucket>();
  const all = emptyBucket();
  const mttr = new Map<string, { tier: string; severity: Severity; n: number; sum: number }>();

  function addTally(asset: GroupedAsset, tally: AssetTally): void {
    const key = groupOf(asset, by);
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = emptyBucket()));
    const oldest = tally.oldest && { ...tally.oldest, asset: asset.name };
    const mine: Bucket = { ...tally, open: { ...tally.open }, oldest, fixedMs: [] };
    for (const { severity, ms } of tally.fixedMs) {
      const k = `${asset.tier}\u0000${severity}`;
      const m = mttr.get(k) ?? { tier: asset.tier, severity, n: 0, sum: 0 };
      m.n++;
      m.sum += ms;
      mttr.set(k, m);
    }
    mine.assets = 1;
    mine.compliant = mine.notAssessed = mine.atRisk = mine.overdueAssets = 0;
    if (asset.assessed === false) mine.notAssessed = 1;
    else if (mine.overdue > 0) mine.overdueAssets = 1;
    else if (mine.dueSoon > 0) mine.atRisk = 1;
    else mine.compliant = 1;
    merge(b, mine);
    merge(all, mine);
  }

  return {
    add: (asset, findings) => addTally(asset, tallyFindings(findings)),
    addTally,
    groups: () =>
      [...buckets].sort(([a], [b]) => a.localeCompare(b)).map(([group, b]) => figures(group, b)),
    total: () => figures('(all)', all),
    mttr: () =>
      [...mttr.values()]
        .map((m) => ({
          tier: m.tier,
          severity: m.severity,
          fixed: m.n,
          meanHours: Math.round((m.sum / m.n / hourMs) * 10) / 10,
        }))
        .sort((a, b) => a.tier.localeCompare(b.tier) || a.severity.localeCompare(b.severity)),
  };
}

function count(b: Bucket, f: CountedFinding): void {
  const r = f.result;
  switch (r.state) {
    case SlaState.Overdue:
      b.overdue++;
      b.missed++;
      b.open[f.severity]++;
      if (r.due !== null && (b.oldest === null || r.due < b.oldest.dueMs)) {
        b.oldest = {
          asset: '',
          advisory: f.advisory,
          package: f.package,
          due: new Date(r.due).toISOString(),
          dueMs: r.due,
        };
      }
      return;
    case SlaState.DueSoon:
      b.dueSoon++;
      b.met++;
      b.open[f.severity]++;
      return;
    case SlaState.Within:
      b.open[f.severity]++;
      if (r.due !== null) b.met++;
      return;
    case SlaState.Waived:
      b.waived++;
      return;
    case SlaState.FixedPendingReboot:
      b.pendingReboot++;
      return;
    case SlaState.NotCounted:
      b.notCounted++;
      return;
    case SlaState.Fixed:
      b.fixed++;
      if (r.mttrMs !== undefined) b.fixedMs.push({ severity: f.severity, ms: r.mttrMs });
      if (r.met === true && r.due !== null) b.met++;
      else if (r.met === false) b.missed++;
  }
}

function merge(into: Bucket, b: AssetTally): void {
  for (const k of [...assetCounters, ...findingCounters]) into[k] += b[k];
  for (const s of Object.keys(b.open) as Severity[]) into.open[s] += b.open[s];
  if (b.oldest && (into.oldest === null || b.oldest.dueMs < into.oldest.dueMs)) {
    into.oldest = b.oldest;
  }
}

function figures(group: string, b: Bucket): GroupFigures {
  const judged = b.met + b.missed;
  let oldest: OldestOverdue | null = null;
  if (b.oldest) {
    const { asset, advisory, package: pkg, due } = b.oldest;
    oldest = { asset, advisory, package: pkg, due };
  }
  return {
    group,
    assets: b.assets,
    compliant: b.compliant,
    notAssessed: b.notAssessed,
    atRisk: b.atRisk,
    overdueAssets: b.overdueAssets,
    open: { ...b.open },
    overdue: b.overdue,
    dueSoon: b.dueSoon,
    waived: b.waived,
    pendingReboot: b.pendingReboot,
    notCounted: b.notCounted,
    fixed: b.fixed,
    oldestOverdue: oldest,
    adherencePct: judged === 0 ? null : Math.round((b.met / judged) * 1000) / 10,
  };
}
