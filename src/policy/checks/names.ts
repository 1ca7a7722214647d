import type { PolicyDocument } from '../schema.js';
import type { PathKey } from '../source-map.js';
import type { Problem } from './types.js';

/** Names and ids are unique per list; every tier a rule, window or waiver names exists. */
export function checkNames(doc: PolicyDocument): Problem[] {
  const out: Problem[] = [
    ...duplicates(
      doc.tiers.map((t) => t.name),
      'tiers',
      'name',
      'tier',
    ),
    ...duplicates(
      doc.windows.map((w) => w.name),
      'windows',
      'name',
      'window',
    ),
    ...duplicates(
      doc.freezes.map((f) => f.name),
      'freezes',
      'name',
      'freeze',
    ),
    ...duplicates(
      doc.waivers.map((w) => w.id),
      'waivers',
      'id',
      'waiver id',
    ),
  ];
  const tiers = new Set(doc.tiers.map((t) => t.name));
  const ref = (name: string, path: PathKey[]): void => {
    if (!tiers.has(name)) {
      out.push({ path, message: `unknown tier "${name}" (tiers: ${[...tiers].join(', ')})` });
    }
  };
  ref(doc.assignment.default, ['assignment', 'default']);
  for (const [i, r] of doc.assignment.rules.entries()) {
    ref(r.tier, ['assignment', 'rules', i, 'tier']);
  }
  for (const [i, r] of doc.approval.rules.entries()) {
    for (const [j, t] of (r.tiers ?? []).entries()) ref(t, ['approval', 'rules', i, 'tiers', j]);
  }
  for (const [i, w] of doc.windows.entries()) {
    for (const [j, t] of (w.tiers ?? []).entries()) ref(t, ['windows', i, 'tiers', j]);
  }
  for (const [i, f] of doc.freezes.entries()) {
    for (const [j, t] of (f.tiers ?? []).entries()) ref(t, ['freezes', i, 'tiers', j]);
  }
  for (const [i, w] of doc.waivers.entries()) {
    for (const [j, t] of (w.scope.tiers ?? []).entries()) {
      ref(t, ['waivers', i, 'scope', 'tiers', j]);
    }
  }
  out.push(...rolloutWindows(doc));
  out.push(...listConflicts(doc));
  return out;
}

function duplicates(names: readonly string[], list: string, key: string, what: string): Problem[] {
  const first = new Map<string, number>();
  const out: Problem[] = [];
  for (const [i, n] of names.entries()) {
    const seen = first.get(n);
    if (seen === undefined) first.set(n, i);
    else {
      out.push({
        path: [list, i, key],
        message: `duplicate ${what} "${n}" (also ${list}[${seen}])`,
      });
    }
  }
  return out;
}

/** An advisory or package on both the approve and the reject list is a contradiction. */
function listConflicts(doc: PolicyDocument): Problem[] {
  const key = (i: { advisory?: string; package?: string }): string =>
    i.advisory !== undefined ? `advisory ${i.advisory}` : `package ${i.package ?? ''}`;
  const approved = new Set(doc.approval.approve.map(key));
  const out: Problem[] = [];
  for (const [i, item] of doc.approval.reject.entries()) {
    if (approved.has(key(item))) {
      out.push({
        path: ['approval', 'reject', i],
        message: `${key(item)} is both approved and rejected`,
      });
    }
  }
  return out;
}

/** A tier's rollout may name only windows that exist and are not reserved for other tiers. */
function rolloutWindows(doc: PolicyDocument): Problem[] {
  const out: Problem[] = [];
  const windows = new Map(doc.windows.map((w) => [w.name, w]));
  for (const [i, tier] of doc.tiers.entries()) {
    for (const [j, name] of (tier.rollout?.windows ?? []).entries()) {
      const path = ['tiers', i, 'rollout', 'windows', j];
      const w = windows.get(name);
      if (!w) {
        const known = [...windows.keys()].join(', ') || 'none';
        out.push({ path, message: `unknown window "${name}" (windows: ${known})` });
      } else if (w.tiers && !w.selector && !w.tiers.includes(tier.name)) {
        out.push({
          path,
          message: `window ${name} is for ${w.tiers.join(', ')}, not tier ${tier.name}`,
        });
      }
    }
  }
  return out;
}
