import type { Severity } from '../domain/advisory.js';
import type { Clock } from '../domain/clock.js';
import { assignImageTier, assignTier, type Policy, type Waiver } from '../policy/index.js';
import {
  assetWaivers,
  clockKey,
  clockStartRule,
  findingClockStart,
  clockOwner,
  createComplianceAccumulator,
  createSlaEvaluator,
  mayCover,
  mergeTallies,
  planClocks,
  tallyFindings,
  waiverLastInstant,
  waiverStatus,
  waiverUsage,
  type ClockPlan,
  type ClockRow,
  type AssetTally,
  type CountedFinding,
  type FindingClockStart,
  type SlaResult,
} from '../policy/sla/index.js';
import type { Store } from '../store/index.js';
import { eolFindings, eolSettings, lifecycleFromStore, type EolSettings } from './eol.js';
import type { AssetFinding, FleetEvaluation } from './evaluation/index.js';
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

import {
  bump,
  bySoonestDue,
  imageList,
  inheritedFindings,
  inheritedTally,
  isRisky,
  keepAtRisk,
  resultFor,
  stillOpen,
  type AssetContext,
  type Run,
} from './report-run.js';

export * from './report-types.js';

const noWaivers: readonly Waiver[] = [];

/**
 * End-of-life findings (`app/eol.ts`) of the evaluated assets at `now`, by asset id, from the
 * lifecycle data kept in the store (or bundled).
 */
export async function eolFromStore(
  store: Store,
  evaluation: FleetEvaluation,
  now: Date,
  settings: EolSettings = eolSettings(),
): Promise<Map<string, AssetFinding>> {
  return eolFindings(evaluation.assets(), await lifecycleFromStore(store), settings, now);
}

/**
 * Updates the SLA clocks from an evaluation (docs/decisions/0040-sla-clocks.md): one row per
 * image-version finding and per introduced host finding; inherited findings run on the image's
 * row. End-of-life findings run on clocks like any other. Only changed rows are written. Call
 * after every `evaluate`.
 */
export async function recordClocks(
  store: Store,
  evaluation: FleetEvaluation,
  clock: Clock,
  settings?: EolSettings,
  /** The end-of-life findings at `clock`, when the caller has them already. */
  ended?: ReadonlyMap<string, AssetFinding>,
): Promise<ClockPlan> {
  const eol = ended ?? (await eolFromStore(store, evaluation, clock.now(), settings));
  const assets = await store.assets.list();
  const byId = new Map(assets.map((a) => [a.id, a]));
  // Keyed as the clock rows are: a clone's inherited findings run on its image's rows, which
  // the image's own findings give; only what the clone does not inherit is its own.
  const seen = new Map<
    string,
    { assetId: string; advisory: string; package: string; severity: string }
  >();
  const evaluated = new Set<string>();
  for (const view of evaluation.assets()) {
    const a = byId.get(view.id);
    if (!a) continue;
    evaluated.add(a.id);
    const ended = eol.get(a.id);
    const own = evaluation.lineageOf(a.id).own;
    const extra = ended && ended.origin !== 'inherited' ? [ended] : [];
    for (const f of [...own, ...extra]) {
      const assetId = clockOwner(a, f.origin, a.clonedFrom);
      const key = `${assetId}\0${f.advisory}\0${f.package}`;
      if (!seen.has(key)) {
        seen.set(key, { assetId, advisory: f.advisory, package: f.package, severity: f.severity });
      }
    }
  }
  const now = clock.now().toISOString();
  const plan = planClocks(await store.clocks.all(), [...seen.values()], evaluated, now);
  await store.clocks.put(plan.put);
  return plan;
}

/**
 * An evaluation in the form compliance reads: each clone names the image findings it does
 * not inherit rather than listing the ones it does. End-of-life findings (`eol`, by asset id)
 * join them: a clone inherits its image version's, or has its own (introduced) instead.
 */
export function complianceInput(
  evaluation: FleetEvaluation,
  eol: ReadonlyMap<string, AssetFinding> = new Map(),
): EvaluatedAsset[] {
  const out: EvaluatedAsset[] = [];
  for (const a of evaluation.assets()) {
    const l = evaluation.lineageOf(a.id);
    const ended = eol.get(a.id);
    const clone = l.imageId !== null && a.image !== null;
    const fromImage = clone ? eol.get(l.imageId) : undefined;
    const inheritsIt = ended?.origin === 'inherited';
    const findings = ended && !inheritsIt ? [...l.own, ended] : l.own;
    const except =
      fromImage && !inheritsIt
        ? new Set([...l.except, `${fromImage.advisory}\u0000${fromImage.package}`])
        : l.except;
    const assessment = evaluation.assessmentOf(a.id);
    out.push({
      asset: a.name,
      findings,
      ...(assessment.status === 'not-assessed' && { notAssessed: assessment.reason }),
      ...(clone && a.image !== null && { inherits: { image: a.image, except } }),
    });
  }
  return out;
}

/** Tiers of every asset: hosts by their labels, images by theirs and their clones' tiers. */
export function assetContexts(
  policy: Policy,
  assets: readonly AssetMeta[],
): Map<string, AssetContext> {
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

/**
 * Compliance over an evaluation and the stored clocks: each finding's SLA state,
 * figures per group, MTTR per tier and severity, the overdue list and waiver usage. Inherited
 * findings of hosts no waiver can reach reuse their image's result per tier, so a clone costs
 * one lookup per finding. A finding without a clock (never recorded) counts as detected `now`.
 * The clock starts by the policy's rule (`sla.clockStart`): at the advisory's published date in
 * `opts.published` (`fixReleased`, the default; detection when the advisory has none) or at
 * detection (`detected`).
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
  const clockIndex = new Map<string, number>();
  const fixedByAsset = new Map<string, ClockRow[]>();
  for (const c of clocks) {
    clockIndex.set(clockKey(c.assetId, c.advisory, c.package), Date.parse(c.firstSeen));
    if (c.fixedAt === null) continue;
    fixedByAsset.set(c.assetId, [...(fixedByAsset.get(c.assetId) ?? []), c]);
  }
  const imageLists = new Map<string, ReturnType<typeof imageList>>();
  for (const r of evaluation) {
    const ctx = byName.get(r.asset);
    if (ctx?.meta.kind === 'image') imageLists.set(ctx.meta.name, imageList(r.findings));
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
    clockRule: clockStartRule(policy),
    published: opts.published ?? new Map(),
    undated: new Set(),
    expired: policy.waivers.filter((w) => waiverStatus(w, now) === 'expired'),
    imageLists,
    shared: new Map(),
    waived: new Map(),
    reopened: new Map(),
    pending: [],
    atRiskTotal: 0,
    cutoff: undefined,
    bases: new Map(),
    atRiskLimit: opts.atRiskLimit ?? 10_000,
  };
  const acc = createComplianceAccumulator(by);
  const notAssessed: ComplianceReport['notAssessed'][number][] = [];
  for (const r of evaluation) {
    const ctx = byName.get(r.asset);
    if (!ctx) continue;
    if (r.notAssessed !== undefined) {
      notAssessed.push({ asset: r.asset, platform: ctx.meta.platform, reason: r.notAssessed });
    }
    const fixed = (fixedByAsset.get(ctx.meta.id) ?? []).map((c) => fixedFinding(run, ctx, c));
    const tally = mergeTallies(assessAsset(run, ctx, r), tallyFindings(fixed));
    const { name, platform, labels } = ctx.meta;
    const assessed = r.notAssessed === undefined;
    acc.addTally({ name, tier: ctx.tier, platform, image: ctx.image, labels, assessed }, tally);
  }
  const atRisk = run.pending
    .sort(bySoonestDue)
    .slice(0, run.atRiskLimit)
    .map((p) => atRiskRow(p.ctx, p.f, p.r, p.firstSeen, p.start, p.origin));
  return {
    at: now.toISOString(),
    policyHash: policy.hash,
    clockRule: run.clockRule,
    undatedAdvisories: run.undated.size,
    by: groupByText(by),
    groups: acc.groups(),
    total: acc.total(),
    mttr: acc.mttr(),
    atRisk,
    atRiskTotal: run.atRiskTotal,
    waivers: waiverUsage(policy, now, run.waived, run.reopened),
    notAssessed,
  };
}

/**
 * The tally of one asset's findings, counting waiver use and collecting at-risk rows. The
 * inherited findings of a clone no waiver reaches are its image's, judged once per tier.
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
    // Waivers that cannot cover this finding leave it shareable with other clones.
    const reach = active.some((w) => mayCover(w, f)) ? active : noWaivers;
    const hit = resultFor(run, ctx, f, inherited, reach);
    const result = hit.counted.result;
    counted.push(hit.counted);
    if (result.waiver !== undefined) bump(run.waived, result.waiver);
    if (lapsed.length > 0 && stillOpen.has(result.state)) {
      const subject = { ...f, asset: ctx.waiverAsset, tier: ctx.tier, firstSeen: hit.start.at };
      for (const w of lapsed) {
        if (sla.coveredBy(subject, w, waiverLastInstant(w))) bump(run.reopened, w.id);
      }
    }
    if (isRisky(result.state)) {
      run.atRiskTotal++;
      const origin = inherited ? 'inherited' : (f.origin ?? null);
      keepAtRisk(run, { ctx, f, r: result, firstSeen: hit.firstSeen, start: hit.start, origin });
    }
  };
  let shared: AssetTally | undefined;
  const inherits = ctx.meta.clonedFrom === null ? undefined : r.inherits;
  if (inherits && active.length === 0 && lapsed.length === 0) {
    shared = inheritedTally(run, ctx, inherits.image, inherits.except);
  } else if (inherits) {
    for (const f of inheritedFindings(run, inherits.image, inherits.except)) assess(f, true);
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
  return shared ? mergeTallies(shared, own) : own;
}

/** A fixed clock row's result; MTTR runs from the same clock start as open findings. */
function fixedFinding(run: Run, ctx: AssetContext, c: ClockRow): CountedFinding {
  const severity = c.severity as Severity;
  const detected = Date.parse(c.firstSeen);
  const start = findingClockStart(run.clockRule, detected, run.published.get(c.advisory));
  const result = run.sla.stateOf(
    {
      asset: ctx.waiverAsset,
      tier: ctx.tier,
      advisory: c.advisory,
      cves: [],
      package: c.package,
      severity,
      status: 'open',
      firstSeen: Math.min(start.at, Date.parse(c.fixedAt ?? c.firstSeen)),
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
  start: FindingClockStart,
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
    clockStart: new Date(start.at).toISOString(),
    clockFrom: start.undated ? 'detected (no published date)' : start.from,
    due: new Date(r.due ?? start.at).toISOString(),
    freeze: r.freeze ?? null,
    noWindow: r.noWindow === true,
    ...(f.knownExploited && { knownExploited: true }),
  };
}
