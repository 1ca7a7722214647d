import { Cron } from 'croner';
import { DateTime } from 'luxon';
import rrulePkg from 'rrule';
import type { MaintenanceWindow } from './schema.js';

const { RRule } = rrulePkg;
const dayMs = 86_400_000;

/**
 * Times here are "wall" milliseconds: a local date-time in the window's zone encoded as if it
 * were UTC. Recurrence rules (rrule, croner) run on wall times, so a 02:30 rule stays 02:30 across
 * daylight-saving changes; `wallToInstant` then applies RFC 5545 §3.3.5: a local time that does
 * not exist (spring forward) takes the offset from before the gap, so 02:30 becomes 03:30; a
 * local time that occurs twice (fall back) means its first occurrence.
 */
export function wallToInstant(wall: number, zone: string): number {
  const before = offsetMs(wall - dayMs, zone);
  const after = offsetMs(wall + dayMs, zone);
  const candidates = [wall - before, wall - after].filter((t, i) => {
    return offsetMs(t, zone) === (i === 0 ? before : after);
  });
  if (candidates.length === 0) return wall - before;
  return Math.min(...candidates);
}

/** The wall time (see `wallToInstant`) that `instant` shows in `zone`. */
export function instantToWall(instant: number, zone: string): number {
  return instant + offsetMs(instant, zone);
}

/** Offsets by zone and quarter hour: every zone's transitions fall on quarter hours of UTC. */
const offsetCache = new Map<string, number>();
const quarterHour = 900_000;

function offsetMs(instant: number, zone: string): number {
  const key = `${zone}|${Math.floor(instant / quarterHour)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    if (offsetCache.size > 200_000) offsetCache.clear();
    offset = DateTime.fromMillis(instant, { zone }).offset * 60_000;
    offsetCache.set(key, offset);
  }
  return offset;
}

/** Whether `zone` names an IANA time zone this runtime knows (or `UTC`). */
export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** `2026-03-29T03:30` style local time in `zone`, with its offset. */
export function formatLocal(instant: number, zone: string): string {
  const offset = offsetMs(instant, zone);
  const local = new Date(instant + offset).toISOString();
  const seconds = local.slice(20, 23) === '000' ? local.slice(0, 19) : local.slice(0, 23);
  if (offset === 0 && /^(utc|gmt)$/i.test(zone)) return `${seconds}Z`;
  const minutes = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${seconds}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** Parses a local `YYYY-MM-DD[THH:MM[:SS]]` into wall milliseconds. */
export function parseWall(local: string): number {
  return Date.parse(local.length === 10 ? `${local}T00:00:00Z` : `${local}Z`);
}

/** A window's recurrence, on wall times. */
export interface Recurrence {
  /** Wall start times in [fromWall, toWall], ascending. */
  between(fromWall: number, toWall: number): number[];
  /** Wall time counting starts from (the RRULE's DTSTART); undefined for cron. */
  readonly anchor: number | undefined;
}

/** Compiles a window's rrule or cron, or returns why it cannot be compiled. */
export function compileRecurrence(w: MaintenanceWindow): Recurrence | string {
  if (w.cron !== undefined) return compileCron(w.cron);
  return compileRrule(w.rrule ?? '', parseWall(w.start ?? ''));
}

function compileCron(expr: string): Recurrence | string {
  let cron: Cron;
  try {
    cron = new Cron(expr, { timezone: 'UTC', paused: true });
  } catch (e) {
    return `invalid cron "${expr}": ${e instanceof Error ? e.message : String(e)}`;
  }
  return {
    anchor: undefined,
    between(fromWall, toWall) {
      const out: number[] = [];
      let next = cron.nextRun(new Date(fromWall - 1));
      while (next && next.getTime() <= toWall) {
        out.push(next.getTime());
        next = cron.nextRun(next);
      }
      return out;
    },
  };
}

const rruleParts = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYSETPOS',
  'BYMONTH',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYDAY',
  'BYHOUR',
  'BYMINUTE',
  'BYSECOND',
  'WKST',
]);

function compileRrule(text: string, anchor: number): Recurrence | string {
  const body = text.trim().replace(/^RRULE:/i, '');
  const problem = rruleProblem(body);
  if (problem) return `invalid rrule "${text}": ${problem}`;
  let rule: InstanceType<typeof RRule>;
  try {
    rule = new RRule({ ...RRule.parseString(body), dtstart: new Date(anchor) });
  } catch (e) {
    return `invalid rrule "${text}": ${e instanceof Error ? e.message : String(e)}`;
  }
  return {
    anchor,
    between: (fromWall, toWall) =>
      rule.between(new Date(fromWall), new Date(toWall), true).map((d) => d.getTime()),
  };
}

/** Checks what rrule's parser lets through silently: unknown parts, bad numbers and days. */
function rruleProblem(body: string): string | undefined {
  const parts = body.split(';').filter((p) => p !== '');
  if (!parts.some((p) => p.toUpperCase().startsWith('FREQ='))) return 'FREQ is required';
  for (const part of parts) {
    const [rawKey = '', value = ''] = part.split('=', 2).map((s) => s.trim());
    const key = rawKey.toUpperCase();
    if (!rruleParts.has(key)) return `unknown part ${key}`;
    if (value === '') return `${key} has no value`;
    if (key === 'BYDAY' || key === 'WKST') {
      const bad = value.split(',').find((d) => !/^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$/i.test(d));
      if (bad !== undefined) return `${key} value ${bad} is not a weekday`;
    } else if (!['FREQ', 'UNTIL'].includes(key)) {
      const bad = value.split(',').find((n) => !/^[+-]?\d+$/.test(n));
      if (bad !== undefined) return `${key} value ${bad} is not a number`;
    }
  }
  return undefined;
}

/**
 * Whether the rule can ever produce an occurrence. The same day filters under FREQ=YEARLY, without
 * INTERVAL, COUNT and BYSETPOS, give a superset of days that rrule scans a year at a time, so an
 * impossible rule (30 February) is found in milliseconds instead of a scan to year 9999.
 */
export function rruleCanOccur(text: string, anchor: number): boolean {
  const body = text.trim().replace(/^RRULE:/i, '');
  const { count, ...opts } = RRule.parseString(body);
  if (count === 0) return false;
  const byweekday = opts.byweekday;
  const days = Array.isArray(byweekday)
    ? byweekday.map((d) => (typeof d === 'object' && d !== null && 'weekday' in d ? d.weekday : d))
    : byweekday;
  const superset = new RRule({
    ...opts,
    freq: RRule.YEARLY,
    interval: 1,
    bysetpos: null,
    byweekday: days ?? null,
    dtstart: new Date(anchor),
  });
  return superset.after(new Date(anchor), true) !== null;
}
