import type { Labels } from '../domain/asset.js';
import type { ClockStart, Policy, Waiver } from '../policy/index.js';
import {
  clockKey,
  clockOwner,
  findingClockStart,
  SlaState,
  subtractTally,
  tallyFindings,
  type AssetTally,
  type CountedFinding,
  type FindingClockStart,
  type SlaEvaluator,
  type SlaResult,
} from '../policy/sla/index.js';
import type { AssetMeta, ComplianceFinding } from './report-types.js';

/** An asset with its tier and what a waiver scope sees of it. */
export interface AssetContext {
  readonly meta: AssetMeta;
  readonly tier: string;
  readonly image: string | null;
  readonly waiverAsset: { name: string; labels: Labels; image?: string };
}

/** One finding's result, first detection and SLA clock start. */
export interface Shared {
  readonly counted: CountedFinding;
  readonly firstSeen: number;
  readonly start: FindingClockStart;
}

export interface PendingRow {
  readonly ctx: AssetContext;
  readonly f: ComplianceFinding;
  readonly r: SlaResult;
  readonly firstSeen: number;
  readonly start: FindingClockStart;
  readonly origin: string | null;
}

/** An image's inherited list evaluated once per tier, for clones no waiver reaches. */
interface BaseEntry {
  readonly hits: readonly Shared[];
  readonly tally: AssetTally;
  /** Indexes of overdue and due-soon findings, soonest due first. */
  readonly risky: readonly number[];
  /** Index of the finding the tally's oldest overdue comes from, or -1. */
  readonly oldest: number;
}

/** An image version's findings, with each key's positions for clones' `except` sets. */
export interface ImageList {
  readonly findings: readonly ComplianceFinding[];
  readonly byKey: ReadonlyMap<string, readonly number[]>;
}

export function imageList(findings: readonly ComplianceFinding[]): ImageList {
  const byKey = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const key = `${f.advisory}\u0000${f.package}`;
    const at = byKey.get(key);
    if (at) at.push(i);
    else byKey.set(key, [i]);
  });
  return { findings, byKey };
}

/** Shared state of one compliance run. */
export interface Run {
  readonly policy: Policy;
  readonly now: Date;
  readonly sla: SlaEvaluator;
  /** First-seen instant (epoch ms) per clock key. */
  readonly clockIndex: ReadonlyMap<string, number>;
  /** The policy's clock-start rule, and published instants by advisory id for `fixReleased`. */
  readonly clockRule: ClockStart;
  readonly published: ReadonlyMap<string, number>;
  /** Advisories counted from detection because they carry no published date. */
  readonly undated: Set<string>;
  readonly expired: readonly Waiver[];
  /** Each image version's own findings, by image name. */
  readonly imageLists: ReadonlyMap<string, ImageList>;
  readonly waived: Map<string, number>;
  readonly reopened: Map<string, number>;
  /** Overdue and due-soon findings, trimmed to the `atRiskLimit` soonest due now and then. */
  readonly pending: PendingRow[];
  atRiskTotal: number;
  readonly atRiskLimit: number;
  /** Last row kept at the latest trim. */
  cutoff: PendingRow | undefined;
  /** Results of image findings per tier, for clones no waiver reaches, by clock and tier. */
  readonly shared: Map<string, Shared>;
  /** An image's findings judged once per tier, by `tier \0 image`. */
  readonly bases: Map<string, BaseEntry>;
}

export const stillOpen: ReadonlySet<SlaState> = new Set([
  SlaState.Within,
  SlaState.DueSoon,
  SlaState.Overdue,
]);

export function isRisky(s: SlaState): boolean {
  return s === SlaState.Overdue || s === SlaState.DueSoon;
}

export function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

export function bySoonestDue(a: PendingRow, b: PendingRow): number {
  const an = a.ctx.meta.name;
  const bn = b.ctx.meta.name;
  return (a.r.due ?? 0) - (b.r.due ?? 0) || (an < bn ? -1 : an > bn ? 1 : 0);
}

/**
 * Keeps the `atRiskLimit` soonest-due rows: once the list was trimmed, a row that sorts after
 * the last kept one can never make it and is dropped without being stored. False when dropped.
 */
export function keepAtRisk(run: Run, row: PendingRow): boolean {
  if (run.cutoff && bySoonestDue(row, run.cutoff) >= 0) return false;
  run.pending.push(row);
  if (run.pending.length < 2 * run.atRiskLimit) return true;
  run.pending.sort(bySoonestDue);
  run.pending.length = run.atRiskLimit;
  run.cutoff = run.pending.at(-1);
  return true;
}

/** The SLA result of one finding on an asset, shared across clones where it can be. */
export function resultFor(
  run: Run,
  ctx: AssetContext,
  f: ComplianceFinding,
  inherited: boolean,
  active: readonly Waiver[],
): Shared {
  // A clone no waiver reaches shares its image's result for the tier, by clock key.
  const shareable = inherited && active.length === 0 && ctx.meta.clonedFrom !== null;
  const origin = inherited ? 'inherited' : (f.origin ?? null);
  const owner = clockOwner(ctx.meta, origin, ctx.meta.clonedFrom);
  const key = shareable
    ? `${owner}\u0000${ctx.tier}\u0000${f.advisory}\u0000${f.package}\u0000${f.status}`
    : undefined;
  let hit = key === undefined ? undefined : run.shared.get(key);
  if (!hit) {
    const firstSeen =
      run.clockIndex.get(clockKey(owner, f.advisory, f.package)) ?? run.now.getTime();
    const start = findingClockStart(run.clockRule, firstSeen, run.published.get(f.advisory));
    if (start.undated) run.undated.add(f.advisory);
    const subject = { ...f, asset: ctx.waiverAsset, tier: ctx.tier, firstSeen: start.at };
    const result = run.sla.stateOf(subject, active);
    const { advisory, package: pkg, severity } = f;
    hit = { counted: { advisory, package: pkg, severity, result }, firstSeen, start };
    if (key !== undefined) run.shared.set(key, hit);
  }
  return hit;
}

function baseEntry(run: Run, ctx: AssetContext, image: string, list: ImageList): BaseEntry {
  const cacheKey = `${ctx.tier}\u0000${image}`;
  const known = run.bases.get(cacheKey);
  if (known) return known;
  const hits = list.findings.map((f) => resultFor(run, ctx, f, true, []));
  const due = (i: number) => hits[i]!.counted.result.due ?? 0;
  const risky: number[] = [];
  let oldest = -1;
  for (const [i, h] of hits.entries()) {
    const state = h.counted.result.state;
    if (isRisky(state)) risky.push(i);
    if (state === SlaState.Overdue && (oldest < 0 || due(i) < due(oldest))) oldest = i;
  }
  risky.sort((a, b) => due(a) - due(b));
  const entry = { hits, tally: tallyFindings(hits.map((h) => h.counted)), risky, oldest };
  run.bases.set(cacheKey, entry);
  return entry;
}

/** The image findings a clone inherits: all of its image's but those keyed in `except`. */
export function inheritedFindings(
  run: Run,
  image: string,
  except: ReadonlySet<string>,
): readonly ComplianceFinding[] {
  const list = run.imageLists.get(image);
  if (!list) return [];
  if (except.size === 0) return list.findings;
  const removed = removedIndexes(list, except);
  return list.findings.filter((_, i) => !removed.has(i));
}

function removedIndexes(list: ImageList, except: ReadonlySet<string>): Set<number> {
  const removed = new Set<number>();
  for (const k of except) for (const i of list.byKey.get(k) ?? []) removed.add(i);
  return removed;
}

/**
 * Tally of a clone's inherited findings when no waiver reaches it, and their at-risk rows. The
 * image's findings are judged once per tier; a clone's tally is the image's minus the findings
 * it does not inherit (`except`), so a clone costs work in proportion to its drift.
 */
export function inheritedTally(
  run: Run,
  ctx: AssetContext,
  image: string,
  except: ReadonlySet<string>,
): AssetTally {
  const list = run.imageLists.get(image);
  if (!list) return tallyFindings([]);
  const entry = baseEntry(run, ctx, image, list);
  const removed = removedIndexes(list, except);
  let tally: AssetTally;
  if (removed.has(entry.oldest)) {
    tally = tallyFindings(entry.hits.filter((_, i) => !removed.has(i)).map((h) => h.counted));
  } else {
    tally = subtractTally(
      entry.tally,
      tallyFindings([...removed].map((i) => entry.hits[i]!.counted)),
    );
  }
  const isGoneRisky = (i: number) => isRisky(entry.hits[i]!.counted.result.state);
  run.atRiskTotal += entry.risky.length - [...removed].filter(isGoneRisky).length;
  for (const i of entry.risky) {
    if (removed.has(i)) continue;
    // Sorted by due, one asset: once a row is dropped every later one would be too.
    if (!keepRow(run, ctx, list.findings[i]!, entry.hits[i]!)) break;
  }
  return tally;
}

function keepRow(run: Run, ctx: AssetContext, f: ComplianceFinding, hit: Shared): boolean {
  const r = hit.counted.result;
  const { firstSeen, start } = hit;
  return keepAtRisk(run, { ctx, f, r, firstSeen, start, origin: 'inherited' });
}
