import type { Labels } from '../domain/asset.js';
import type { PolicyDocument, Tier } from './schema.js';
import { matchesSelector } from './selector.js';

/**
 * The tier of a host with `labels`: the first host rule whose selector matches, else
 * `assignment.default`. Rule order is the policy author's; nothing is re-sorted.
 */
export function assignTier(policy: PolicyDocument, labels: Labels): string {
  for (const rule of policy.assignment.rules) {
    if (rule.kind === 'host' && matchesSelector(rule.selector, labels)) return rule.tier;
  }
  return policy.assignment.default;
}

/**
 * The tier of an image: an image rule that matches its labels sets it; otherwise the image carries
 * the strictest tier among the hosts cloned from it (tiers are listed strictest first), and the
 * default when nothing was cloned from it yet.
 */
export function assignImageTier(
  policy: PolicyDocument,
  labels: Labels,
  clonedHostTiers: Iterable<string>,
): string {
  for (const rule of policy.assignment.rules) {
    if (rule.kind === 'image' && matchesSelector(rule.selector, labels)) return rule.tier;
  }
  const rank = new Map(policy.tiers.map((t, i) => [t.name, i]));
  let best: string | undefined;
  for (const tier of clonedHostTiers) {
    const r = rank.get(tier);
    if (r === undefined) continue;
    if (best === undefined || r < (rank.get(best) ?? Infinity)) best = tier;
  }
  return best ?? policy.assignment.default;
}

/** The tier named `name`, or undefined. */
export function findTier(policy: PolicyDocument, name: string): Tier | undefined {
  return policy.tiers.find((t) => t.name === name);
}
