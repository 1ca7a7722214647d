import { createHash } from 'node:crypto';
import { comparePackages, type InstalledPackage } from '../domain/inventory.js';

/** Identity of a package tuple inside a set: every field, tab-separated (no field holds a tab). */
export function packageKey(p: InstalledPackage): string {
  return `${p.name}\t${p.version}\t${p.arch}\t${p.sourceName}\t${p.sourceVersion}`;
}

export { comparePackages };

/** A package list in canonical form, with each package's key alongside. */
export interface CanonicalList {
  readonly packages: readonly InstalledPackage[];
  readonly keys: readonly string[];
}

/** Sorted (domain order), duplicate-free form of `packages`; skips the sort when already sorted. */
export function canonicalize(packages: readonly InstalledPackage[]): CanonicalList {
  let sorted = true;
  for (let i = 1; i < packages.length && sorted; i++) {
    sorted = comparePackages(packages[i - 1]!, packages[i]!) < 0;
  }
  const list = sorted ? packages : [...packages].sort(comparePackages);
  const out: InstalledPackage[] = [];
  const keys: string[] = [];
  let last: string | undefined;
  for (const p of list) {
    const k = packageKey(p);
    if (k === last) continue;
    out.push(p);
    keys.push(k);
    last = k;
  }
  return { packages: out, keys };
}

/** Sorted, duplicate-free copy of `packages`. */
export function canonicalPackages(packages: readonly InstalledPackage[]): InstalledPackage[] {
  return [...canonicalize(packages).packages];
}

/**
 * Content address of a package list: SHA-256 (hex) over the canonical list, one `packageKey`
 * line each. Equal sets hash alike whatever order or duplicates the input had.
 */
export function packageSetHash(packages: readonly InstalledPackage[]): string {
  return canonicalHash(canonicalize(packages));
}

/** {@link packageSetHash} of a list already in canonical form. */
export function canonicalHash(list: CanonicalList): string {
  const text = list.keys.length === 0 ? '' : `${list.keys.join('\n')}\n`;
  return createHash('sha256').update(text).digest('hex');
}

/** Difference of a list against a base. */
export interface PackageDelta<T extends InstalledPackage = InstalledPackage> {
  readonly added: readonly InstalledPackage[];
  readonly removed: readonly T[];
  /** Name+arch pairs present on both sides with another version (each is one add + one remove). */
  readonly changed: number;
}

/**
 * Diffs a canonical list against a base in the same domain order by one merge walk: no keys are
 * built or hashed, which matters when thousands of clones are diffed against one image.
 */
export function diffPackages<T extends InstalledPackage>(
  base: readonly T[],
  current: CanonicalList,
): PackageDelta<T> {
  const cur = current.packages;
  const added: InstalledPackage[] = [];
  const removed: T[] = [];
  let i = 0;
  let j = 0;
  while (i < base.length || j < cur.length) {
    const b = base[i];
    const c = cur[j];
    const order = b === undefined ? 1 : c === undefined ? -1 : comparePackages(b, c);
    if (order === 0) {
      i++;
      j++;
    } else if (order < 0) {
      removed.push(b!);
      i++;
    } else {
      added.push(c!);
      j++;
    }
  }
  const removedNames = new Set(removed.map((p) => `${p.name}\t${p.arch}`));
  let changed = 0;
  for (const p of added) if (removedNames.has(`${p.name}\t${p.arch}`)) changed++;
  return { added, removed, changed };
}
