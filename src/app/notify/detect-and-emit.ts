import type { Clock } from '../../domain/clock.js';
import type { Policy } from '../../policy/index.js';
import { clockKey, clockOwner } from '../../policy/sla/index.js';
import type { Store } from '../../store/index.js';
import { assetContexts } from '../compliance.js';
import type { FleetEvaluation } from '../evaluation/index.js';
import { feedFreshness } from '../feeds.js';
import { complianceFromStore } from '../report.js';
import type { ComplianceReport } from '../report-types.js';
import { newEvent } from './cloudevent.js';
import {
  detectExpiringWaivers,
  detectFeedProblems,
  detectNewExposures,
  detectSlaChanges,
  type Detection,
  type OpenFinding,
} from './detect/index.js';
import { emitMany } from './outbox.js';

export interface DetectOptions {
  /** Compliance already computed for this evaluation, policy and now; else computed here. */
  readonly compliance?: ComplianceReport;
  /** Most events one run emits; the rest stay undetected until the next run. @default 1000 */
  readonly maxEvents?: number;
  /** See `detectNewExposures`. */
  readonly newWithinMs?: number;
  /** See `detectExpiringWaivers`. */
  readonly waiverWarnMs?: number;
  /** See `feedFreshness`. @default 48 */
  readonly staleAfterHours?: number;
}

export interface DetectReport {
  /** New (not yet notified) detections by type, before the cap. */
  readonly detected: Readonly<Record<string, number>>;
  readonly emitted: number;
  /** Deliveries queued for the emitted events. */
  readonly deliveries: number;
  /** New detections left for the next run by `maxEvents`. */
  readonly deferred: number;
}

/** Engine statuses that are not an exposure (the fix is in, a reboot away). */
const notExposed = new Set(['fixed-pending-reboot']);

/**
 * What the scheduler calls after each evaluation (and `recordClocks`): runs every detector
 * over the evaluation, the policy's SLA states and waivers and the feeds' freshness, drops what
 * was notified before, and in one transaction emits the rest to the outbox and marks it
 * notified. Events go out when `deliverDue` runs.
 */
export async function detectAndEmit(
  store: Store,
  evaluation: FleetEvaluation,
  policy: Policy,
  clock: Clock,
  opts: DetectOptions = {},
): Promise<DetectReport> {
  const now = clock.now();
  const compliance =
    opts.compliance ?? (await complianceFromStore(store, { policy, now }, evaluation));
  const found = [
    ...detectNewExposures(await openFindings(store, evaluation, policy), now, opts.newWithinMs),
    ...detectSlaChanges(compliance.atRisk),
    ...detectExpiringWaivers(policy.waivers, now, opts.waiverWarnMs),
    ...detectFeedProblems(
      await feedFreshness(store, clock, {
        ...(opts.staleAfterHours !== undefined && { staleAfterHours: opts.staleAfterHours }),
      }),
    ),
  ];
  const fresh = await dropNotified(store, found);
  const detected: Record<string, number> = {};
  for (const d of fresh) detected[d.type] = (detected[d.type] ?? 0) + 1;
  const chosen = fresh.slice(0, opts.maxEvents ?? 1000);
  const events = chosen.map((d) =>
    newEvent(clock, { type: d.type, subject: d.subject, data: d.data }),
  );
  const deliveries = await store.transaction(async (tx) => {
    const n = await emitMany(tx, events);
    for (const [type, keys] of byType(chosen)) await tx.webhooks.markNotified(type, keys);
    return n;
  });
  return { detected, emitted: events.length, deliveries, deferred: fresh.length - chosen.length };
}

function byType(ds: readonly Detection[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of ds) out.set(d.type, [...(out.get(d.type) ?? []), d.key]);
  return out;
}

/** Detections not notified before, each key once, in detection order. */
async function dropNotified(store: Store, found: readonly Detection[]): Promise<Detection[]> {
  const seen = new Map<string, Set<string>>();
  for (const [type, keys] of byType(found)) {
    seen.set(type, await store.webhooks.notifiedAmong(type, keys));
  }
  const out: Detection[] = [];
  for (const d of found) {
    const s = seen.get(d.type)!;
    if (s.has(d.key)) continue;
    s.add(d.key);
    out.push(d);
  }
  return out;
}

/**
 * The evaluation's exposed findings on their clocks' assets: every asset's own findings (an
 * image's all, a clone's introduced ones), so an inherited finding appears once, on its image.
 */
async function openFindings(
  store: Store,
  evaluation: FleetEvaluation,
  policy: Policy,
): Promise<OpenFinding[]> {
  const [assets, clocks] = await Promise.all([store.assets.list(), store.clocks.all()]);
  const contexts = assetContexts(policy, assets);
  const firstSeen = new Map(
    clocks
      .filter((c) => c.fixedAt === null)
      .map((c) => [clockKey(c.assetId, c.advisory, c.package), c.firstSeen]),
  );
  const out: OpenFinding[] = [];
  for (const view of evaluation.assets()) {
    const ctx = contexts.get(view.id);
    if (!ctx) continue;
    for (const f of evaluation.lineageOf(view.id).own) {
      if (notExposed.has(f.status)) continue;
      const owner = clockOwner(ctx.meta, f.origin, ctx.meta.clonedFrom);
      const seen = firstSeen.get(clockKey(owner, f.advisory, f.package));
      if (seen === undefined) continue;
      out.push({
        assetId: owner,
        asset: view.name,
        kind: view.kind,
        tier: ctx.tier,
        advisory: f.advisory,
        package: f.package,
        installed: f.installed,
        ...(f.fixed !== undefined && { fixed: f.fixed }),
        severity: f.severity,
        status: f.status,
        cves: f.cves,
        origin: f.origin,
        firstSeen: seen,
        ...(f.knownExploited === true && { knownExploited: true }),
      });
    }
  }
  return out;
}
