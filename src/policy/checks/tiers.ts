import { durationMs } from '../duration.js';
import type { PolicyDocument, Rollout } from '../schema.js';
import type { PathKey } from '../source-map.js';
import type { Problem } from './types.js';

const order = ['critical', 'high', 'medium', 'low', 'none'] as const;

/**
 * Deadlines do not loosen as severity rises, the known-exploited deadline is the tightest, and
 * rollout shapes are coherent (percentages within 0-100, `rest` only as the last wave).
 */
export function checkTiers(doc: PolicyDocument): Problem[] {
  const out: Problem[] = [];
  for (const [i, tier] of doc.tiers.entries()) {
    const base: PathKey[] = ['tiers', i];
    let previous: { sev: string; ms: number } | undefined;
    for (const sev of order) {
      const d = tier.deadlines[sev];
      if (d === undefined) continue;
      const ms = durationMs(d);
      if (previous && ms < previous.ms) {
        out.push({
          path: [...base, 'deadlines', sev],
          message: `tier ${tier.name}: ${sev} deadline ${d} is shorter than the ${previous.sev} deadline`,
        });
      }
      previous = { sev, ms };
    }
    const kev = tier.knownExploited;
    if (kev !== undefined && durationMs(kev) > durationMs(tier.deadlines.critical)) {
      out.push({
        path: [...base, 'knownExploited'],
        message: `tier ${tier.name}: knownExploited ${kev} is looser than the critical deadline ${tier.deadlines.critical}`,
      });
    }
    if (tier.rollout) out.push(...checkRollout(tier.rollout, [...base, 'rollout'], tier.name));
  }
  return out;
}

function checkRollout(r: Rollout, base: PathKey[], tier: string): Problem[] {
  const what = `tier ${tier} rollout`;
  const out: Problem[] = [];
  for (const [i, wave] of r.waves.entries()) {
    if (wave === 'rest' && i !== r.waves.length - 1) {
      out.push({ path: [...base, 'waves', i], message: `${what}: rest can only be the last wave` });
    }
    if (typeof wave === 'string' && wave.endsWith('%') && !validPercent(wave)) {
      out.push({
        path: [...base, 'waves', i],
        message: `${what}: wave ${wave} is not between 0% and 100%`,
      });
    }
  }
  const t = r.failureThreshold;
  if (typeof t === 'string' && Number.parseFloat(t) > 100) {
    out.push({
      path: [...base, 'failureThreshold'],
      message: `${what}: failure threshold ${t} is above 100%`,
    });
  }
  return out;
}

function validPercent(p: string): boolean {
  const n = Number.parseFloat(p);
  return n > 0 && n <= 100;
}
