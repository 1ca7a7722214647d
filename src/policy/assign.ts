import type { Labels } from '../domain/asset.js';
import type { AssignmentRule, PolicyDocument, Tier } from './schema.js';
import { matchesSelector, type Selector } from './selector.js';

/** Below this many rules a plain scan beats building an index. */
const indexFrom = 16;

/**
 * Host rules by one label pair each must have (`key=value` from `match`, or each value of one
 * `in` clause); rules with neither are always candidates. Built once per rule list: policies
 * are immutable once validated.
 */
interface RuleIndex {
  readonly byLabel: ReadonlyMap<string, readonly number[]>;
  readonly always: readonly number[];
}

const ruleIndexes = new WeakMap<readonly AssignmentRule[], RuleIndex>();

function requiredPairs(sel: Selector): string[] | undefined {
  const match = Object.entries(sel.match ?? {})[0];
  if (match) return [`${match[0]}\u0000${match[1]}`];
  const inClause = Object.entries(sel.in ?? {})[0];
  if (inClause) return inClause[1].map((v) => `${inClause[0]}\u0000${v}`);
  return undefined;
}

function ruleIndex(rules: readonly AssignmentRule[]): RuleIndex {
  let index = ruleIndexes.get(rules);
  if (index) return index;
  const byLabel = new Map<string, number[]>();
  const always: number[] = [];
  for (const [i, rule] of rules.entries()) {
    if (rule.kind !== 'host') continue;
    const pairs = requiredPairs(rule.selector);
    if (!pairs) always.push(i);
    for (const p of pairs ?? []) {
      const list = byLabel.get(p);
      if (!list) byLabel.set(p, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  }
  index = { byLabel, always };
  ruleIndexes.set(rules, index);
  return index;
}

/**
 * The tier of a host with `labels`: the first host rule whose selector matches, else
 * `assignment.default`. Rule order is the policy author's; nothing is re-sorted. Large rule
 * lists go through an index of the label pair each rule requires, so a lookup tests only the
 * rules the labels can satisfy: assigning every waiver or asset stays linear in their number.
 */
export function assignTier(policy: PolicyDocument, labels: Labels): string {
  const rules = policy.assignment.rules;
  if (rules.length < indexFrom) {
    for (const rule of rules) {
      if (rule.kind === 'host' && matchesSelector(rule.selector, labels)) return rule.tier;
    }
    return policy.assignment.default;
  }
  const index = ruleIndex(rules);
  let best = Infinity;
  const consider = (list: readonly number[] | undefined): void => {
    for (const i of list ?? []) {
      if (i >= best) return;
      if (matchesSelector(rules[i]!.selector, labels)) best = i;
    }
  };
  consider(index.always);
  for (const [k, v] of Object.entries(labels)) consider(index.byLabel.get(`${k}\u0000${v}`));
  return best === Infinity ? policy.assignment.default : rules[best]!.tier;
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

const tierMaps = new WeakMap<readonly Tier[], ReadonlyMap<string, Tier>>();

/** The tier named `name` (the first, should a broken policy repeat one), or undefined. */
export function findTier(policy: PolicyDocument, name: string): Tier | undefined {
  let map = tierMaps.get(policy.tiers);
  if (!map) {
    const m = new Map<string, Tier>();
    for (const t of policy.tiers) if (!m.has(t.name)) m.set(t.name, t);
    tierMaps.set(policy.tiers, (map = m));
  }
  return map.get(name);
}
