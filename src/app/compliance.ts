import type { Severity } from '../domain/advisory.js';
import type { Labels } from '../domain/asset.js';
import type { Clock } from '../domain/clock.js';
import { assignImageTier, assignTier, type Policy, type Waiver } from '../policy/index.js';
import {
  assetWaivers,
  clockKey,
  clockOwner,
  createComplianceAccumulator,
  createSlaEvaluator,
  mergeTallies,
  planClocks,
  SlaState,
  tallyFindings,
  waiverLastInstant,
  waiverStatus,
  waiverUsage,
  type ClockPlan,
  type ClockRow,
  type AssetTally,
  type CountedFinding,
  type SlaEvaluator,
  type SlaResult,
} from '../policy/sla/index.js';
import type { Store } from '../store/index.js';
import type { FleetEvaluation } from './evaluate-fleet.js';
import {
  defaultDueSoonMs,
  groupByText,
  type AssetMeta,
  type AtRiskFinding,
  type ComplianceFinding,
  type ComplianceOptions,
  type ComplianceReport,
  type EvaluatedAsset,
} from './report-types.js';

export * from './report-types.js';

/**
 * Updates the SLA clocks from an evaluation (docs/decisions/0040-sla-clocks.md): one row per
 * image-version finding and per introduced host finding; inherited findings run on the image's
 * row. Only changed rows are written. Call after every `evaluate`.
 */
export async function recordClocks(
  store: Store,
  evaluation: FleetEvaluation,
  clock: Clock,
): Promise<ClockPlan> {
  const assets = await store.assets.list();
  const byName = new Map(assets.map((a) => [a.name, a]));
  const seen: { assetId: string; advisory: string; package: string; severity: string }[] = [];
  const evaluated = new Set<string>();
  for (const r of evaluation.assets) {
    const a = byName.get(r.asset);
    if (!a) continue;
    evaluated.add(a.id);
    for (const f of r.findings) {
      const assetId = clockOwner(a, f.origin, a.clonedFrom);
      seen.push({ assetId, advisory: f.advisory, package: f.package, severity: f.severity });
    }
  }
  const plan = planClocks(await store.clocks.all(), seen, evaluated, clock.now().toISOString());
  await store.clocks.put(plan.put);
  return plan;
}

interface AssetContext {
  readonly meta: AssetMeta;
  readonly tier: string;
  readonly image: string | null;
  readonly waiverAsset: { name: string; labels: Labels; image?: string };
}

/** Tiers of every asset: hosts by their labels, images by theirs and their clones' tiers. */
function assetContexts(policy: Policy, assets: readonly AssetMeta[]): Map<string, AssetContext> {
  const byId = new Map(assets.map((a) => [a.id, a]));
  const hostTiers = new Map<string, string[]>();
  const tierCache = new Map<string, string>();
  const out = new Map<string, AssetContext>();
  for (const a of assets) {
    if (a.kind !== 'host') continue;
    const labelsKey = JSON.stringify(a.labels);
    let tier = tierCache.get(labelsKey);
    if (tier === undefined) tierCache.set(labelsKey, (tier = assignTier(policy, a.labels)));
    const image = a.clonedFrom ? (byId.get(a.clonedFrom)?.name ?? null) : null;
    if (a.clonedFrom) hostTiers.set(a.clonedFrom, [...(hostTiers.get(a.clonedFrom) ?? []), tier]);
    const waiverAsset = { name: a.name, labels: a.labels, ...(image !== null && { image }) };
    out.set(a.id, { meta: a, tier, image, waiverAsset });
  }
  for (const a of assets) {
    if (a.kind !== 'image') continue;
    const tier = assignImageTier(policy, a.labels, hostTiers.get(a.id) ?? []);
    const waiverAsset = { name: a.name, labels: a.labels, image: a.name };
    out.set(a.id, { meta: a, tier, image: a.name, waiverAsset });
  }
  return out;
}

/** Shared state of one compliance run. */
interface Run {
  readonly policy: Policy;
  readonly now: Date;
  readonly sla: SlaEvaluator;
  readonly clockIndex: ReadonlyMap<string, ClockRow>;
  readonly expired: readonly Waiver[];
  /** SLA results of image findings per tier, for clones no waiver reaches. */
  readonly shared: Map<string, Shared>;
  readonly waived: Map<string, number>;
  readonly reopened: Map<string, number>;
  /** Overdue and due-soon findings, trimmed to the `atRiskLimit` soonest due now and then. */
  readonly pending: PendingRow[];
  atRiskTotal: number;
  readonly atRiskLimit: number;
  /** Last row kept at the latest trim. */
  cutoff: PendingRow | undefined;
  /** Per tier: shared results by finding object (engines share inherited findings' objects). */
  readonly byObject: Map<string, WeakMap<object, Shared>>;
  /** Per tier: shared tallies by inherited list. */
  readonly byList: Map<string, WeakMap<object, SharedTally>>;
}

interface Shared {
  readonly counted: CountedFinding;
  readonly firstSeen: number;
}

interface PendingRow {
  readonly ctx: AssetContext;
  readonly f: ComplianceFinding;
  readonly r: SlaResult;
  readonly firstSeen: number;
  readonly origin: string | null;
}

function bySoonestDue(a: PendingRow, b: PendingRow): number {
  const an = a.ctx.meta.name;
  const bn = b.ctx.meta.name;
  return (a.r.due ?? 0) - (b.r.due ?? 0) || (an < bn ? -1 : an > bn ? 1 : 0);
}

/**
 * Keeps the `atRiskLimit` soonest-due rows: once the list was trimmed, a row that sorts after
 * the last kept one can never make it and is dropped without being stored.
 */
function keepAtRisk(run: Run, row: PendingRow): boolean {
  if (run.cutoff && bySoonestDue(row, run.cutoff) >= 0) return false;
  run.pending.push(row);
  if (run.pending.length < 2 * run.atRiskLimit) return true;
  run.pending.sort(bySoonestDue);
  run.pending.length = run.atRiskLimit;
  run.cutoff = run.pending.at(-1);
  return true;
}

/**
 * Compliance over an evaluation and the stored clocks (issue 4 §3): each finding's SLA state,
 * figures per group, MTTR per tier and severity, the overdue list and waiver usage. Inherited
 * findings of hosts no waiver can reach reuse their image's result per tier, so a clone costs
 * one lookup per finding. A finding without a clock (never recorded) starts at `now`.
 */
export function computeCompliance(
  assets: readonly AssetMeta[],
  evaluation: readonly EvaluatedAsset[],
  clocks: readonly ClockRow[],
  opts: ComplianceOptions,
): ComplianceReport {
  const { policy, now } = opts;
  const by = opts.by ?? { kind: 'tier' };
  const contexts = assetContexts(policy, assets);
  const byName = new Map([...contexts.values()].map((c) => [c.meta.name, c]));
  const clockIndex = new Map<string, ClockRow>();
  const fixedByAsset = new Map<string, ClockRow[]>();
  for (const c of clocks) {
    clockIndex.set(clockKey(c.assetId, c.advisory, c.package), c);
    if (c.fixedAt === null) continue;
    fixedByAsset.set(c.assetId, [...(fixedByAsset.get(c.assetId) ?? []), c]);
  }
  const run: Run = {
    policy,
    now,
    sla: createSlaEvaluator(policy, {
      now,
      dueSoonMs: opts.dueSoonMs ?? defaultDueSoonMs,
      windows: opts.windows ?? true,
    }),
    clockIndex,
    expired: policy.waivers.filter((w) => waiverStatus(w, now) === 'expired'),
    shared: new Map(),
    waived: new Map(),
    reopened: new Map(),
    pending: [],
    atRiskTotal: 0,
    cutoff: undefined,
    byObject: new Map(),
    byList: new Map(),
    atRiskLimit: opts.atRiskLimit ?? 10_000,
  };
  const acc = createComplianceAccumulator(by);
  for (const r of evaluation) {
    const ctx = byName.get(r.asset);
    if (!ctx) continue;
    const fixed = (fixedByAsset.get(ctx.meta.id) ?? []).map((c) => fixedFinding(run.sla, ctx, c));
    const tally = mergeTallies(assessAsset(run, ctx, r), tallyFindings(fixed));
    const { name, platform, labels } = ctx.meta;
    acc.addTally({ name, tier: ctx.tier, platform, image: ctx.image, labels }, tally);
  }
  const atRisk = run.pending
    .sort(bySoonestDue)
    .slice(0, run.atRiskLimit)
    .map((p) => atRiskRow(p.ctx, p.f, p.r, p.firstSeen, p.origin));
  return {
    at: now.toISOString(),
    policyHash: policy.hash,
    by: groupByText(by),
    groups: acc.groups(),
    total: acc.total(),
    mttr: acc.mttr(),
    atRisk,
    atRiskTotal: run.atRiskTotal,
    waivers: waiverUsage(policy, now, run.waived, run.reopened),
  };
}

const stillOpen: ReadonlySet<SlaState> = new Set([
  SlaState.Within,
  SlaState.DueSoon,
  SlaState.Overdue,
]);

/** The SLA result of one finding on an asset, shared across clones where it can be. */
function resultFor(
  run: Run,
  ctx: AssetContext,
  f: ComplianceFinding,
  inherited: boolean,
  active: readonly Waiver[],
): Shared {
  // A clone no waiver reaches shares its image's result for the tier: by object when the
  // engine shares finding objects across clones, else by key.
  const shareable = inherited && active.length === 0 && ctx.meta.clonedFrom !== null;
  let byObject = run.byObject.get(ctx.tier);
  if (!byObject) run.byObject.set(ctx.tier, (byObject = new WeakMap()));
  const known = shareable ? byObject.get(f) : undefined;
  if (known) return known;
  const owner = clockOwner(
    ctx.meta,
    inherited ? 'inherited' : (f.origin ?? null),
    ctx.meta.clonedFrom,
  );
  const key = shareable
    ? `${owner}\u0000${ctx.tier}\u0000${f.advisory}\u0000${f.package}\u0000${f.status}`
    : undefined;
  let hit = key === undefined ? undefined : run.shared.get(key);
  if (!hit) {
    const row = run.clockIndex.get(clockKey(owner, f.advisory, f.package));
    const firstSeen = row ? Date.parse(row.firstSeen) : run.now.getTime();
    const subject = { ...f, asset: ctx.waiverAsset, tier: ctx.tier, firstSeen };
    const result = run.sla.stateOf(subject, active);
    const { advisory, package: pkg, severity } = f;
    hit = { counted: { advisory, package: pkg, severity, result }, firstSeen };
    if (key !== undefined) run.shared.set(key, hit);
  }
  if (shareable) byObject.set(f, hit);
  return hit;
}

/** Counts of a clone's inherited findings, per tier and inherited list, and its at-risk ones. */
interface SharedTally {
  readonly tally: AssetTally;
  /** Overdue and due-soon findings, soonest due first. */
  readonly risky: readonly { f: ComplianceFinding; hit: Shared }[];
}

function isRisky(s: SlaState): boolean {
  return s === SlaState.Overdue || s === SlaState.DueSoon;
}

/**
 * The tally of one asset's findings, counting waiver use and collecting at-risk rows. Clones no
 * waiver reaches that share their inherited list with others (the engine hands every clone
 * without drift the image's own list) count it once per tier.
 */
function assessAsset(run: Run, ctx: AssetContext, r: EvaluatedAsset): AssetTally {
  const { policy, sla } = run;
  const active = assetWaivers(policy, ctx.waiverAsset, ctx.tier, run.now);
  const lapsed = run.expired.filter((w) => {
    const one = { ...policy, waivers: [w] };
    return assetWaivers(one, ctx.waiverAsset, ctx.tier, waiverLastInstant(w)).length > 0;
  });
  const counted: CountedFinding[] = [];
  const assess = (f: ComplianceFinding, inherited: boolean) => {
    const hit = resultFor(run, ctx, f, inherited, active);
    const result = hit.counted.result;
    counted.push(hit.counted);
    if (result.waiver !== undefined) bump(run.waived, result.waiver);
    if (lapsed.length > 0 && stillOpen.has(result.state)) {
      const subject = { ...f, asset: ctx.waiverAsset, tier: ctx.tier, firstSeen: hit.firstSeen };
      for (const w of lapsed) {
        if (sla.coveredBy(subject, w, waiverLastInstant(w))) bump(run.reopened, w.id);
      }
    }
    if (isRisky(result.state)) {
      run.atRiskTotal++;
      const origin = inherited ? 'inherited' : (f.origin ?? null);
      keepAtRisk(run, { ctx, f, r: result, firstSeen: hit.firstSeen, origin });
    }
  };
  let shared: SharedTally | undefined;
  if (r.inherited && active.length === 0 && lapsed.length === 0 && ctx.meta.clonedFrom !== null) {
    shared = sharedTally(run, ctx, r.inherited);
    run.atRiskTotal += shared.risky.length;
    for (const { f, hit } of shared.risky) {
      const row = { ctx, f, r: hit.counted.result, firstSeen: hit.firstSeen, origin: 'inherited' };
      if (!keepAtRisk(run, row)) break;
    }
  } else {
    for (const f of r.inherited ?? []) assess(f, true);
  }
  // One finding per (advisory, package) on an asset, as its clock key: an engine that reports a
  // product twice (two KBs for one CVE) must not count it twice.
  const once = new Set<string>();
  for (const f of r.findings) {
    const key = `${f.advisory}\u0000${f.package}`;
    if (once.has(key)) continue;
    once.add(key);
    assess(f, f.origin === 'inherited');
  }
  const own = tallyFindings(counted);
  return shared ? mergeTallies(shared.tally, own) : own;
}

function sharedTally(
  run: Run,
  ctx: AssetContext,
  inherited: readonly ComplianceFinding[],
): SharedTally {
  let byList = run.byList.get(ctx.tier);
  if (!byList) run.byList.set(ctx.tier, (byList = new WeakMap()));
  const known = byList.get(inherited);
  if (known) return known;
  const hits = inherited.map((f) => ({ f, hit: resultFor(run, ctx, f, true, []) }));
  const risky = hits
    .filter((h) => isRisky(h.hit.counted.result.state))
    .sort((a, b) => (a.hit.counted.result.due ?? 0) - (b.hit.counted.result.due ?? 0));
  const entry = { tally: tallyFindings(hits.map((h) => h.hit.counted)), risky };
  byList.set(inherited, entry);
  return entry;
}

function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

function fixedFinding(sla: SlaEvaluator, ctx: AssetContext, c: ClockRow): CountedFinding {
  const severity = c.severity as Severity;
  const result = sla.stateOf(
    {
      asset: ctx.waiverAsset,
      tier: ctx.tier,
      advisory: c.advisory,
      cves: [],
      package: c.package,
      severity,
      status: 'open',
      firstSeen: Date.parse(c.firstSeen),
      fixedAt: Date.parse(c.fixedAt ?? c.firstSeen),
    },
    [],
  );
  return { advisory: c.advisory, package: c.package, severity, result };
}

function atRiskRow(
  ctx: AssetContext,
  f: ComplianceFinding,
  r: SlaResult,
  firstSeen: number,
  origin: string | null,
): AtRiskFinding {
  return {
    asset: ctx.meta.name,
    kind: ctx.meta.kind,
    tier: ctx.tier,
    image: ctx.image,
    state: r.state,
    severity: f.severity,
    advisory: f.advisory,
    cves: f.cves,
    package: f.package,
    origin,
    firstSeen: new Date(firstSeen).toISOString(),
    due: new Date(r.due ?? firstSeen).toISOString(),
    freeze: r.freeze ?? null,
    noWindow: r.noWindow === true,
  };
}
