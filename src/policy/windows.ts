import type { Labels } from '../domain/asset.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { Severity } from '../domain/advisory.js';
import { assignTier, findTier } from './assign.js';
import { durationMs } from './duration.js';
import {
  compileRecurrence,
  formatLocal,
  instantToWall,
  parseWall,
  wallToInstant,
} from './recurrence.js';
import type { Freeze, MaintenanceWindow, PolicyDocument } from './schema.js';
import { matchesSelector } from './selector.js';

const dayMs = 86_400_000;
/** How far ahead `nextWindows` looks before giving up on finding `count` windows. */
const horizonMs = 3 * 366 * dayMs;

/** One occurrence of a maintenance window, in real time and in its zone's local time. */
export interface WindowOccurrence {
  readonly window: string;
  readonly timezone: string;
  readonly start: Date;
  readonly end: Date;
  /** ISO 8601 local times with their offsets, e.g. `2026-03-29T03:30:00+02:00`. */
  readonly localStart: string;
  readonly localEnd: string;
  /** Set when the occurrence overlaps a freeze that applies to the tier. */
  readonly freeze?: {
    readonly name: string;
    readonly reason: string;
    readonly allow: readonly Severity[];
  };
}

export interface NextWindowsOptions {
  /** Tier whose windows to list; derived from `labels` when absent. */
  readonly tier?: string;
  readonly labels?: Labels;
  /** Instant to look from (take it from the injected Clock). Open windows are included. */
  readonly from: Date;
  readonly count: number;
  /** Drop occurrences that overlap a freeze instead of marking them. */
  readonly skipFrozen?: boolean;
}

/**
 * The next `count` occurrences of the windows that apply to a tier or label set, ordered by
 * start. A window applies when it names the tier, when its selector matches the labels, or when
 * it names neither. Occurrences last `duration` of elapsed time from their start, so a 4h window
 * on a daylight-saving night still lasts four real hours.
 */
export function nextWindows(policy: PolicyDocument, opts: NextWindowsOptions): WindowOccurrence[] {
  const tier = opts.tier ?? (opts.labels ? assignTier(policy, opts.labels) : undefined);
  if (tier !== undefined && !findTier(policy, tier)) {
    throw new AppError(ErrorCode.NotFound, `no tier named "${tier}" in the policy`);
  }
  const from = opts.from.getTime();
  const all: WindowOccurrence[] = [];
  for (const w of policy.windows) {
    if (windowApplies(w, tier, opts.labels)) all.push(...windowRun(policy, w, tier, from, opts));
  }
  all.sort((a, b) => a.start.getTime() - b.start.getTime() || a.window.localeCompare(b.window));
  return all.slice(0, opts.count);
}

/** Up to `count` occurrences of one window, freeze-marked, rescanning past skipped ones. */
function windowRun(
  policy: PolicyDocument,
  w: MaintenanceWindow,
  tier: string | undefined,
  from: number,
  opts: NextWindowsOptions,
): WindowOccurrence[] {
  const kept: WindowOccurrence[] = [];
  let cursor = from;
  while (kept.length < opts.count) {
    const batch = occurrences(w, cursor, opts.count, from + horizonMs);
    for (const occ of batch) {
      const freeze = overlappingFreeze(policy, occ.start, occ.end, tier);
      if (freeze && opts.skipFrozen) continue;
      kept.push(freeze ? { ...occ, freeze } : occ);
    }
    const last = batch.at(-1);
    if (!last || batch.length < opts.count) break;
    cursor = last.end.getTime();
  }
  return kept.slice(0, opts.count);
}

function windowApplies(w: MaintenanceWindow, tier: string | undefined, labels?: Labels): boolean {
  if (!w.tiers && !w.selector) return true;
  if (tier === undefined && labels === undefined) return true;
  if (tier !== undefined && w.tiers?.includes(tier)) return true;
  return labels !== undefined && w.selector !== undefined && matchesSelector(w.selector, labels);
}

/**
 * Occurrences of one window that end after `from`, at most `limit` (or those before `until` when
 * it is given), scanning a month of wall time at a time.
 */
export function occurrences(
  w: MaintenanceWindow,
  from: number,
  limit: number,
  until = from + horizonMs,
): WindowOccurrence[] {
  const rec = compileRecurrence(w);
  if (typeof rec === 'string') throw new AppError(ErrorCode.PolicyInvalid, rec);
  const length = durationMs(w.duration);
  const zone = w.timezone;
  const out: WindowOccurrence[] = [];
  const lastWall = instantToWall(until, zone) + dayMs;
  let cursor = instantToWall(from - length, zone) - dayMs;
  while (out.length < limit && cursor <= lastWall) {
    const chunkEnd = Math.min(cursor + 31 * dayMs, lastWall);
    for (const wall of rec.between(cursor, chunkEnd)) {
      const start = wallToInstant(wall, zone);
      const end = start + length;
      if (end <= from || start >= until) continue;
      out.push({
        window: w.name,
        timezone: zone,
        start: new Date(start),
        end: new Date(end),
        localStart: formatLocal(start, zone),
        localEnd: formatLocal(end, zone),
      });
      if (out.length >= limit) break;
    }
    cursor = chunkEnd + 1;
  }
  return out;
}

/** A freeze's span as instants: bare dates run from 00:00 of `from` to the end of day `to`. */
export function freezeSpan(f: Freeze): { start: number; end: number } {
  const start = wallToInstant(parseWall(f.from), f.timezone);
  const toWall = parseWall(f.to) + (f.to.length === 10 ? dayMs : 0);
  return { start, end: wallToInstant(toWall, f.timezone) };
}

function freezeAppliesTo(f: Freeze, tier: string | undefined): boolean {
  return f.tiers === undefined || tier === undefined || f.tiers.includes(tier);
}

function overlappingFreeze(
  policy: PolicyDocument,
  start: Date,
  end: Date,
  tier: string | undefined,
): WindowOccurrence['freeze'] {
  for (const f of policy.freezes) {
    if (!freezeAppliesTo(f, tier)) continue;
    const span = freezeSpan(f);
    if (start.getTime() < span.end && end.getTime() > span.start) {
      return { name: f.name, reason: f.reason, allow: f.allow };
    }
  }
  return undefined;
}

/** The freeze in force at `at` (for `tier`, when given), or undefined. First listed wins. */
export function activeFreeze(policy: PolicyDocument, at: Date, tier?: string): Freeze | undefined {
  const t = at.getTime();
  return policy.freezes.find((f) => {
    if (!freezeAppliesTo(f, tier)) return false;
    const span = freezeSpan(f);
    return t >= span.start && t < span.end;
  });
}
