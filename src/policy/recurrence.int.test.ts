import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLocal, instantToWall, parseWall, wallToInstant } from './recurrence.js';

/**
 * Differential test of the wall-time conversions against Python's zoneinfo (PEP 615) reading
 * Debian's tzdata, independent of the ICU data luxon uses. PEP 495 `fold=0` is RFC 5545's rule:
 * a skipped local time takes the offset before the gap, a repeated one its first occurrence.
 */
const oracle = `
import json, sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
out = []
for kind, zone, value in json.load(sys.stdin):
    z = ZoneInfo(zone)
    if kind == "wall":
        dt = datetime.fromisoformat(value).replace(tzinfo=z, fold=0)
        out.append(round(dt.timestamp() * 1000))
    else:
        dt = datetime.fromtimestamp(value / 1000, timezone.utc).astimezone(z)
        out.append(dt.isoformat())
print(json.dumps(out))
`;

type Case = ['wall', string, string] | ['instant', string, number];

function askOracle(cases: readonly Case[]): (number | string)[] {
  const r = spawnSync('/usr/bin/python3', ['-c', oracle], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`zoneinfo oracle failed: ${r.stderr || String(r.error)}`);
  return JSON.parse(r.stdout) as (number | string)[];
}

/** Zones with DST in both hemispheres, half-hour DST, odd offsets and negative DST. */
const zones = [
  'Europe/Berlin',
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/St_Johns',
  'America/Santiago',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Africa/Casablanca',
  'UTC',
];

const hour = 3_600_000;

/** Wall times every 15 minutes for 3 hours either side of each offset change in 2026-2027. */
function aroundTransitions(zone: string): string[] {
  const out: string[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let t = start; t < start + 2 * 366 * 24 * hour; t += hour) {
    if (instantToWall(t, zone) - t === instantToWall(t + hour, zone) - (t + hour)) continue;
    const wall = instantToWall(t, zone);
    for (let w = wall - 3 * hour; w <= wall + 3 * hour; w += hour / 4) {
      out.push(new Date(w).toISOString().slice(0, 16));
    }
  }
  return out;
}

describe('policy/recurrence', () => {
  it('maps local times to instants as zoneinfo does, around every 2026-2027 transition', () => {
    const cases: Case[] = zones.flatMap((z) =>
      aroundTransitions(z).map((w): Case => ['wall', z, w]),
    );
    const expected = askOracle(cases);

    const mismatches = cases
      .map((c, i) => ({
        c,
        ours: wallToInstant(parseWall(c[2] as string), c[1]),
        theirs: expected[i],
      }))
      .filter((m) => m.ours !== m.theirs);

    expect(cases.length).toBeGreaterThan(500);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('agrees with zoneinfo on random local times and instants, 1990-2037', () => {
    const arb = fc.record({
      zone: fc.constantFrom(...zones),
      t: fc
        .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2037, 11, 31) })
        .map((t) => t - (t % 60_000)),
    });
    const samples = fc.sample(arb, { numRuns: 3000, seed: 20261127 });
    const cases: Case[] = samples.flatMap(({ zone, t }): Case[] => [
      ['wall', zone, new Date(t).toISOString().slice(0, 16)],
      ['instant', zone, t],
    ]);
    const expected = askOracle(cases);

    const mismatches = cases
      .map((c, i) => {
        const ours =
          c[0] === 'wall' ? wallToInstant(parseWall(c[2]), c[1]) : formatLocal(c[2], c[1]);
        const theirs = expected[i];
        const same =
          c[0] === 'wall'
            ? ours === theirs
            : ours === String(theirs).replace(/\+00:00$/, c[1] === 'UTC' ? 'Z' : '+00:00');
        return { c, ours, theirs, same };
      })
      .filter((m) => !m.same);

    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
