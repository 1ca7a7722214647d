import { durationMs, formatDuration } from '../duration.js';
import {
  compileRecurrence,
  isValidZone,
  parseWall,
  rruleCanOccur,
  wallToInstant,
} from '../recurrence.js';
import type { MaintenanceWindow, PolicyDocument } from '../schema.js';
import { freezeSpan, occurrences } from '../windows.js';
import type { Problem } from './types.js';

const dayMs = 86_400_000;
/** Cron has no start; overlaps and periods are measured from this fixed local time. */
const cronReference = parseWall('2026-01-01T00:00');

/**
 * Windows must have a known IANA zone, a recurrence that parses and occurs, a duration no longer
 * than the gap between two occurrences, and must not overlap another window of the same scope
 * during the first year. Freezes need a known zone and must end after they start.
 */
export function checkWindows(doc: PolicyDocument): Problem[] {
  const out: Problem[] = [];
  const usable: { w: MaintenanceWindow; i: number }[] = [];
  for (const [i, w] of doc.windows.entries()) {
    const problem = windowProblem(w);
    if (problem) out.push({ path: ['windows', i, problem.key], message: problem.message });
    else usable.push({ w, i });
  }
  out.push(...overlaps(usable));
  for (const [i, f] of doc.freezes.entries()) {
    if (!isValidZone(f.timezone)) {
      out.push({ path: ['freezes', i, 'timezone'], message: `unknown time zone "${f.timezone}"` });
      continue;
    }
    const span = freezeSpan(f);
    if (span.end <= span.start) {
      out.push({
        path: ['freezes', i, 'to'],
        message: `freeze ${f.name} ends (${f.to}) before it starts (${f.from})`,
      });
    }
  }
  return out;
}

function windowProblem(w: MaintenanceWindow): { key: string; message: string } | undefined {
  if (!isValidZone(w.timezone)) {
    return { key: 'timezone', message: `unknown time zone "${w.timezone}"` };
  }
  const key = w.rrule !== undefined ? 'rrule' : 'cron';
  const rec = compileRecurrence(w);
  if (typeof rec === 'string') return { key, message: rec };
  const anchor = rec.anchor ?? cronReference;
  if (w.rrule !== undefined && !rruleCanOccur(w.rrule, anchor)) {
    return { key, message: `window ${w.name}: the rrule never occurs` };
  }
  const starts = rec.between(anchor, anchor + 2 * 366 * dayMs).slice(0, 60);
  if (starts.length === 0) {
    return { key, message: `window ${w.name}: no occurrence in the two years after its start` };
  }
  let period = Infinity;
  for (const [i, s] of starts.entries()) {
    const next = starts[i + 1];
    if (next !== undefined) period = Math.min(period, next - s);
  }
  const length = durationMs(w.duration);
  if (length > period) {
    return {
      key: 'duration',
      message: `window ${w.name}: duration ${w.duration} is longer than its recurrence period ${formatDuration(period)}`,
    };
  }
  return undefined;
}

/**
 * Pairs (k < m, indexes into `windows`) of windows that may share a scope: a window without
 * tiers shares with every tier-bound one, tier-bound ones only through a common tier, and
 * selector windows with none. Found through a tier → windows map, so windows for disjoint
 * tiers are never paired; each pair once, in (k, m) order.
 */
export function scopePairs(windows: readonly MaintenanceWindow[]): [number, number][] {
  const anyTier: number[] = [];
  const byTier = new Map<string, number[]>();
  for (const [k, w] of windows.entries()) {
    if (w.selector) continue;
    if (!w.tiers) anyTier.push(k);
    for (const t of new Set(w.tiers ?? [])) {
      const list = byTier.get(t);
      if (list) list.push(k);
      else byTier.set(t, [k]);
    }
  }
  const partners = new Map<number, Set<number>>();
  const pair = (a: number, b: number): void => {
    const [k, m] = a < b ? [a, b] : [b, a];
    let set = partners.get(k);
    if (!set) partners.set(k, (set = new Set()));
    set.add(m);
  };
  for (const [i, a] of anyTier.entries()) {
    for (const b of anyTier.slice(i + 1)) pair(a, b);
  }
  for (const list of byTier.values()) {
    for (const [i, a] of list.entries()) {
      for (const b of list.slice(i + 1)) pair(a, b);
      for (const b of anyTier) pair(a, b);
    }
  }
  const out: [number, number][] = [];
  for (const k of [...partners.keys()].sort((x, y) => x - y)) {
    for (const m of [...partners.get(k)!].sort((x, y) => x - y)) out.push([k, m]);
  }
  return out;
}

/** Pairs of windows for the same tiers whose occurrences overlap in their first year. */
function overlaps(windows: readonly { w: MaintenanceWindow; i: number }[]): Problem[] {
  const out: Problem[] = [];
  const spans = new Map<number, { start: number; end: number }[]>();
  const spansOf = (w: MaintenanceWindow, i: number) => {
    let s = spans.get(i);
    if (!s) {
      const anchor = wallToInstant(w.start ? parseWall(w.start) : cronReference, w.timezone);
      s = occurrences(w, anchor, 2000, anchor + 366 * dayMs).map((o) => ({
        start: o.start.getTime(),
        end: o.end.getTime(),
      }));
      spans.set(i, s);
    }
    return s;
  };
  const found: { k: number; m: number; hit: number }[] = [];
  for (const [k, m] of scopePairs(windows.map((x) => x.w))) {
    const a = windows[k]!;
    const b = windows[m]!;
    const hit = firstOverlap(spansOf(a.w, a.i), spansOf(b.w, b.i));
    if (hit !== undefined) found.push({ k, m, hit });
  }
  for (const { k, m, hit } of found) {
    const a = windows[k]!;
    const b = windows[m]!;
    out.push({
      path: ['windows', b.i, 'name'],
      message: `window ${b.w.name} overlaps window ${a.w.name} on ${new Date(hit).toISOString()}`,
    });
  }
  return out;
}

function firstOverlap(
  a: readonly { start: number; end: number }[],
  b: readonly { start: number; end: number }[],
): number | undefined {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x.start < y.end && y.start < x.end) return Math.max(x.start, y.start);
    if (x.end <= y.end) i++;
    else j++;
  }
  return undefined;
}
