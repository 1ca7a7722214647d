import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import type { Platform } from '../domain/platform.js';
import type { Evaluator } from './evaluate.js';
import { findingKey } from './origin.js';
import type { Finding } from './types.js';

/** A package set shared by many assets: an image version's inventory. */
export interface BaseSet {
  readonly id: string;
  readonly platform: Platform;
  readonly packages: readonly InstalledPackage[];
}

/** A host as base + delta: its image's set, minus `removed`, plus `added`. */
export interface DeltaHost {
  readonly asset: string;
  readonly base: BaseSet;
  /** Packages of the base the host no longer has at that version (upgraded, removed). */
  readonly removed: readonly InstalledPackage[];
  /** Packages the host has that the base lacks at that version. */
  readonly added: readonly InstalledPackage[];
}

/**
 * A host's findings split by origin. Inherited findings are the base set's own objects, shared
 * across every clone: their `asset` names the base set, not the host.
 */
export interface HostEvaluation {
  readonly asset: string;
  readonly base: string | null;
  /** Also in the image version (the host still has the image's package, or the same finding). */
  readonly inherited: readonly Finding[];
  /** Only on this host. */
  readonly introduced: readonly Finding[];
  /** In the image version but fixed on this host. */
  readonly regressed: readonly Finding[];
}

interface BaseResult {
  readonly findings: readonly Finding[];
  /** Findings by package identity (name, arch, version). */
  readonly byPackage: ReadonlyMap<string, readonly Finding[]>;
}

export function packageIdentity(p: { name: string; arch: string; version: string }): string {
  return `${p.name}\u0000${p.arch}\u0000${p.version}`;
}

/**
 * Fleet evaluation on the base + delta form (DESIGN.md "engine design rule"): each image
 * version's package set is evaluated once; a clone costs only its delta. The result equals a
 * full per-host evaluation (the benchmark checks this against a naive evaluator).
 */
export interface FleetEvaluator {
  /**
   * Evaluates a host; the result is memoised per host object, which is sound because hosts are
   * immutable and an evaluator is bound to one advisory index. Pass `fresh` to recompute.
   */
  evaluateHost(host: DeltaHost, opts?: { readonly fresh?: boolean }): HostEvaluation;
  evaluateFull(asset: string, inventory: Inventory): HostEvaluation;
  /** Distinct base sets evaluated so far. */
  readonly baseCount: number;
}

export function createFleetEvaluator(evaluator: Evaluator): FleetEvaluator {
  const bases = new Map<string, BaseResult>();
  const memo = new WeakMap<DeltaHost, HostEvaluation>();

  function baseResult(base: BaseSet): BaseResult {
    const hit = bases.get(base.id);
    if (hit) return hit;
    const findings: Finding[] = [];
    const byPackage = new Map<string, readonly Finding[]>();
    for (const p of base.packages) {
      const found = evaluator.evaluatePackages(base.id, base.platform, [p]);
      if (found.length === 0) continue;
      byPackage.set(packageIdentity(p), found);
      findings.push(...found);
    }
    const result = { findings, byPackage };
    bases.set(base.id, result);
    return result;
  }

  function evaluateHost(host: DeltaHost, opts?: { readonly fresh?: boolean }): HostEvaluation {
    const hit = opts?.fresh ? undefined : memo.get(host);
    if (hit) return hit;
    const result = computeHost(host);
    memo.set(host, result);
    return result;
  }

  function computeHost(host: DeltaHost): HostEvaluation {
    const base = baseResult(host.base);
    const own =
      host.added.length === 0
        ? []
        : evaluator.evaluatePackages(host.asset, host.base.platform, host.added);
    if (host.removed.length === 0) {
      return {
        asset: host.asset,
        base: host.base.id,
        inherited: base.findings,
        introduced: own,
        regressed: [],
      };
    }
    const gone = new Set<Finding>();
    for (const p of host.removed) {
      for (const f of base.byPackage.get(packageIdentity(p)) ?? []) gone.add(f);
    }
    const goneKeys = new Set([...gone].map(findingKey));
    const ownKeys = new Set(own.map(findingKey));
    const inherited = base.findings.filter((f) => !gone.has(f));
    const introduced: Finding[] = [];
    for (const f of own) {
      if (goneKeys.has(findingKey(f))) inherited.push(f);
      else introduced.push(f);
    }
    const regressed = [...gone].filter((f) => !ownKeys.has(findingKey(f)));
    return { asset: host.asset, base: host.base.id, inherited, introduced, regressed };
  }

  function evaluateFull(asset: string, inventory: Inventory): HostEvaluation {
    const introduced = evaluator.evaluate(asset, inventory);
    return { asset, base: null, inherited: [], introduced, regressed: [] };
  }

  return {
    evaluateHost,
    evaluateFull,
    get baseCount() {
      return bases.size;
    },
  };
}
