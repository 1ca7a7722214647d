import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Labels } from '../domain/asset.js';
import { assignTier, findTier } from './assign.js';
import { scopePairs } from './checks/windows.js';
import { loadPolicy } from './load.js';
import type { MaintenanceWindow, PolicyDocument } from './schema.js';
import { matchesSelector, type Selector } from './selector.js';
import { generatedPolicyText } from './testing.js';

/** The first matching host rule by a plain scan: what the index must agree with. */
function scanTier(policy: PolicyDocument, labels: Labels): string {
  for (const r of policy.assignment.rules) {
    if (r.kind === 'host' && matchesSelector(r.selector, labels)) return r.tier;
  }
  return policy.assignment.default;
}

/** Counts the rules whose selector a lookup reads. */
function counting(policy: PolicyDocument): { policy: PolicyDocument; read: Set<number> } {
  const read = new Set<number>();
  const rules = policy.assignment.rules.map((r, i) => ({
    ...r,
    selector: new Proxy(r.selector, {
      get(target, key) {
        read.add(i);
        return target[key as keyof Selector];
      },
    }),
  }));
  return { policy: { ...policy, assignment: { ...policy.assignment, rules } }, read };
}

const big = loadPolicy({ text: generatedPolicyText(2000) });

describe('policy/assign', () => {
  it('a lookup in 2,000 rules reads only the rules its labels can satisfy', () => {
    const { policy, read } = counting(big);
    assignTier(policy, {}); // builds the index, which reads every rule once
    read.clear();

    const tier = assignTier(policy, { app: 'app-1999', env: 'prod' });

    expect(tier).toBe('tier-1999');
    expect([...read]).toEqual([1999]);
  });

  it('labels no rule can satisfy read no rule and get the default', () => {
    const { policy, read } = counting(big);
    assignTier(policy, {});
    read.clear();

    expect(assignTier(policy, { team: 'x' })).toBe('tier-0');
    expect(read.size).toBe(0);
  });

  it('agrees with a plain scan on random rules and labels (first match wins)', () => {
    const value = fc.constantFrom('a', 'b', 'c');
    const key = fc.constantFrom('env', 'app', 'team');
    const selector = fc
      .record(
        {
          match: fc.dictionary(key, value, { minKeys: 1, maxKeys: 2 }),
          in: fc.dictionary(key, fc.array(value, { minLength: 1, maxLength: 2 }), {
            minKeys: 1,
            maxKeys: 1,
          }),
          notIn: fc.dictionary(key, fc.array(value, { minLength: 1 }), { minKeys: 1, maxKeys: 1 }),
          exists: fc.array(key, { minLength: 1, maxLength: 1 }),
        },
        { requiredKeys: [] },
      )
      .filter((s) => Object.keys(s).length > 0);
    const rules = fc.array(
      fc.record({ selector, kind: fc.constantFrom('host', 'image'), tier: value }),
      { minLength: 16, maxLength: 40 },
    );
    const labels = fc.dictionary(key, value, { maxKeys: 3 });

    fc.assert(
      fc.property(rules, labels, (rs, l) => {
        const policy = {
          ...big,
          assignment: { rules: rs, default: 'default' },
        } as unknown as PolicyDocument;
        expect(assignTier(policy, l)).toBe(scanTier(policy, l));
      }),
      { numRuns: 200 },
    );
  });

  it('findTier finds each of 2,000 tiers by name, and no other', () => {
    for (const t of big.tiers) expect(findTier(big, t.name)).toBe(t);
    expect(findTier(big, 'tier-2000')).toBeUndefined();
  });
});

const window = (tiers?: string[]): MaintenanceWindow =>
  ({ name: 'w', ...(tiers && { tiers }) }) as unknown as MaintenanceWindow;

describe('policy/checks/windows scopePairs', () => {
  it('windows for disjoint tiers are never paired, so 1,000 of them cost no pair checks', () => {
    const windows = Array.from({ length: 1000 }, (_, i) => window([`t${i}`]));

    expect(scopePairs(windows)).toEqual([]);
  });

  it.each`
    tiers                                      | pairs
    ${[['a'], ['a'], ['b']]}                   | ${[[0, 1]]}
    ${[undefined, ['a'], ['b']]}               | ${[[0, 1], [0, 2]]}
    ${[undefined, undefined]}                  | ${[[0, 1]]}
    ${[['a', 'b'], ['b', 'a'], []]}            | ${[[0, 1]]}
    ${[['b'], undefined, ['b'], ['c'], ['c']]} | ${[[0, 1], [0, 2], [1, 2], [1, 3], [1, 4], [3, 4]]}
  `('tiers $tiers pair as $pairs', ({ tiers, pairs }) => {
    const windows = (tiers as (string[] | undefined)[]).map(window);

    expect(scopePairs(windows)).toEqual(pairs);
  });
});
