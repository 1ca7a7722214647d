import fc from 'fast-check';
import type { Advisory } from '../../domain/advisory.js';
import type { InstalledPackage } from '../../domain/inventory.js';
import { schemeComparator } from '../compare.js';
import { createEvaluator } from '../evaluate.js';
import { createFleetEvaluator, packageIdentity, type BaseSet, type DeltaHost } from '../fleet.js';
import type { AdvisoryRef, IncrementalFleet } from '../incremental.js';
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

/** A change to a live fleet's advisories: a put, or a withdrawal by source and id. */
export type AdvisoryOp = { readonly put: Advisory } | { readonly remove: AdvisoryRef };

/** An advisory's identity in a fleet: its source and id. */
export const refKey = (a: AdvisoryRef) => `${a.source}\u0000${a.id}`;

/** The advisories a live fleet should hold after a run of changes, kept by source and id. */
export function advisoryModel(initial: readonly Advisory[]) {
  const model = new Map(initial.map((a) => [refKey(a), a]));
  return {
    /** Makes the change on `live` and on the model alike. */
    apply(live: IncrementalFleet, op: AdvisoryOp): void {
      if ('put' in op) {
        live.putAdvisory(op.put);
        model.set(refKey(op.put), op.put);
      } else {
        live.removeAdvisory(op.remove);
        model.delete(refKey(op.remove));
      }
    },
    values: (): Advisory[] => [...model.values()],
  };
}
