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

function sharesScope(a: MaintenanceWindow, b: MaintenanceWindow): boolean {
  if (a.selector || b.selector) return false;
  if (!a.tiers || !b.tiers) return true;
  return a.tiers.some((t) => b.tiers?.includes(t));
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
  for (const [k, a] of windows.entries()) {
    for (const b of windows.slice(k + 1)) {
      if (!sharesScope(a.w, b.w)) continue;
      const hit = firstOverlap(spansOf(a.w, a.i), spansOf(b.w, b.i));
      if (hit === undefined) continue;
      out.push({
        path: ['windows', b.i, 'name'],
        message: `window ${b.w.name} overlaps window ${a.w.name} on ${new Date(hit).toISOString()}`,
      });
    }
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
