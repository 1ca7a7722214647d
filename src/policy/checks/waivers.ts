import { assignTier, findTier } from '../assign.js';
import { durationMs, formatDuration } from '../duration.js';
import type { PolicyDocument, Waiver } from '../schema.js';
import type { Problem } from './types.js';

const dayMs = 86_400_000;

/**
 * Separation of duties (approver differs from owner), expiry after creation, and a lifetime no
 * longer than the strictest `maxWaiver` of the tiers the waiver can reach (see `waiverTiers`).
 */
export function checkWaivers(doc: PolicyDocument): Problem[] {
  const out: Problem[] = [];
  const strictest = strictestOf(doc);
  for (const [i, w] of doc.waivers.entries()) {
    if (w.owner.trim().toLowerCase() === w.approver.trim().toLowerCase()) {
      out.push({
        path: ['waivers', i, 'approver'],
        message: `waiver ${w.id}: the approver must be someone other than the owner (${w.owner})`,
      });
    }
    const created = Date.parse(`${w.created}T00:00:00Z`);
    const expires = Date.parse(`${w.expires}T00:00:00Z`);
    if (expires <= created) {
      out.push({
        path: ['waivers', i, 'expires'],
        message: `waiver ${w.id}: expires ${w.expires} is not after created ${w.created}`,
      });
      continue;
    }
    const bound = maxWaiverMs(doc, w, strictest);
    if (bound !== undefined && expires - created > bound.ms) {
      out.push({
        path: ['waivers', i, 'expires'],
        message:
          `waiver ${w.id} runs ${Math.round((expires - created) / dayMs)}d, longer than ` +
          `maxWaiver ${formatDuration(bound.ms)} of tier ${bound.tier} (expires by ` +
          `${new Date(created + bound.ms).toISOString().slice(0, 10)} at the latest)`,
      });
    }
  }
  return out;
}

/**
 * Tiers a waiver may touch: `scope.tiers` when given; else the tier its selector's `match`
 * labels assign; else every tier (a waiver by asset name or image cannot be placed without an
 * inventory, so it gets the strictest bound).
 */
export function waiverTiers(doc: PolicyDocument, w: Waiver): string[] {
  const reached = reachedTiers(doc, w);
  return reached === 'all' ? doc.tiers.map((t) => t.name) : reached;
}

function reachedTiers(doc: PolicyDocument, w: Pick<Waiver, 'scope'>): string[] | 'all' {
  if (w.scope.tiers) return w.scope.tiers;
  const match = w.scope.selector?.match;
  if (match && !w.scope.assets && !w.scope.image) return [assignTier(doc, match)];
  return 'all';
}

type Bound = { tier: string; ms: number } | undefined;

/**
 * The longest a waiver with this scope may run, and the tier that sets it: the strictest
 * `maxWaiver` over the tiers it reaches (`waiverTiers`). Undefined when it reaches no tier.
 */
export function waiverBound(
  doc: PolicyDocument,
  w: Pick<Waiver, 'scope'>,
): { readonly tier: string; readonly ms: number } | undefined {
  const tiers = reachedTiers(doc, w);
  return strictestOf(doc, tiers === 'all' ? undefined : tiers);
}

/** The strictest `maxWaiver` over `names`; each name looked up in a map, not a scan. */
function strictestOf(doc: PolicyDocument, names?: readonly string[]): Bound {
  let best: Bound;
  for (const name of names ?? doc.tiers.map((t) => t.name)) {
    const tier = findTier(doc, name);
    if (!tier) continue;
    const ms = durationMs(tier.maxWaiver);
    if (!best || ms < best.ms) best = { tier: name, ms };
  }
  return best;
}

/** A waiver's bound; one that reaches every tier shares the bound computed once. */
function maxWaiverMs(doc: PolicyDocument, w: Waiver, everyTier: Bound): Bound {
  const tiers = reachedTiers(doc, w);
  return tiers === 'all' ? everyTier : strictestOf(doc, tiers);
}

/**
 * Warnings that depend on the date, so they never fail validation: a waiver already expired (it
 * no longer covers anything and can be removed) or created in the future.
 */
export function waiverDateWarnings(doc: PolicyDocument, now: Date): Problem[] {
  const today = now.toISOString().slice(0, 10);
  const out: Problem[] = [];
  for (const [i, w] of doc.waivers.entries()) {
    if (w.expires <= today) {
      out.push({
        path: ['waivers', i, 'expires'],
        message: `waiver ${w.id} expired on ${w.expires}`,
        severity: 'warning',
      });
    } else if (w.created > today) {
      out.push({
        path: ['waivers', i, 'created'],
        message: `waiver ${w.id} is dated in the future (${w.created})`,
        severity: 'warning',
      });
    }
  }
  return out;
}
