import fc from 'fast-check';
import type { Advisory } from '../../domain/advisory.js';
import type { InstalledPackage } from '../../domain/inventory.js';
import { schemeComparator } from '../compare.js';
import { createEvaluator } from '../evaluate.js';
import { createFleetEvaluator, packageIdentity, type BaseSet, type DeltaHost } from '../fleet.js';
import { buildMatchIndex } from '../match-index.js';

/** A Debian binary package `lib<name>` built from source `name`, both at `version`. */
export function debPackage(name: string, version: string): InstalledPackage {
  return { name: `lib${name}`, version, arch: 'amd64', sourceName: name, sourceVersion: version };
}

/** A host cloned from `base` whose packages are now `spec`: what it lost and gained since. */
export function deltaHost(
  base: BaseSet,
  asset: string,
  spec: readonly { name: string; version: string }[],
): DeltaHost {
  const pkgs = spec.map((p) => debPackage(p.name, p.version));
  const ids = new Set(pkgs.map(packageIdentity));
  const baseIds = new Set(base.packages.map(packageIdentity));
  return {
    asset,
    base,
    removed: base.packages.filter((p) => !ids.has(packageIdentity(p))),
    added: pkgs.filter((p) => !baseIds.has(packageIdentity(p))),
  };
}

/** Package sets of distinct names drawn from `names`, each at one of `versions`. */
export function arbPackageSet(names: readonly string[], versions: readonly string[]) {
  return fc.uniqueArray(
    fc.record({ name: fc.constantFrom(...names), version: fc.constantFrom(...versions) }),
    { selector: (p) => p.name, minLength: 1 },
  );
}

/** The from-scratch fleet evaluator over `advisories`, the reference incremental runs must equal. */
export function scratchFleet(advisories: readonly Advisory[]) {
  const index = buildMatchIndex(advisories);
  return createFleetEvaluator(createEvaluator(index, { compareFor: schemeComparator }));
}
