import { createHash } from 'node:crypto';
import type { InstalledPackage } from '../domain/inventory.js';

/** Identity of a package tuple inside a set: every field, tab-separated (no field holds a tab). */
export function packageKey(p: InstalledPackage): string {
  return `${p.name}\t${p.version}\t${p.arch}\t${p.sourceName}\t${p.sourceVersion}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Domain order (`Inventory.packages`): name, then arch, then version, then source; compared by
 * code unit so every process and both databases agree.
 */
export function comparePackages(a: InstalledPackage, b: InstalledPackage): number {
  return (
    cmp(a.name, b.name) ||
    cmp(a.arch, b.arch) ||
    cmp(a.version, b.version) ||
    cmp(a.sourceName, b.sourceName) ||
    cmp(a.sourceVersion, b.sourceVersion)
  );
}

/** Sorted, duplicate-free copy of `packages`. */
export function canonicalPackages(packages: readonly InstalledPackage[]): InstalledPackage[] {
  const seen = new Map<string, InstalledPackage>();
  for (const p of packages) seen.set(packageKey(p), p);
  return [...seen.values()].sort(comparePackages);
}

/**
 * Content address of a package list: SHA-256 (hex) over the canonical list, one `packageKey`
 * line each. Equal sets hash alike whatever order or duplicates the input had.
 */
export function packageSetHash(packages: readonly InstalledPackage[]): string {
  const h = createHash('sha256');
  for (const p of canonicalPackages(packages)) h.update(`${packageKey(p)}\n`);
  return h.digest('hex');
}

/** Difference of a list against a base, by package key. */
export interface PackageDelta {
  readonly added: readonly InstalledPackage[];
  readonly removed: readonly InstalledPackage[];
  /** Name+arch pairs present on both sides with another version (each is one add + one remove). */
  readonly changed: number;
}

export function diffPackages(
  base: ReadonlyMap<string, InstalledPackage>,
  current: readonly InstalledPackage[],
): PackageDelta {
  const currentKeys = new Set<string>();
  const added: InstalledPackage[] = [];
  for (const p of current) {
    const k = packageKey(p);
    currentKeys.add(k);
    if (!base.has(k)) added.push(p);
  }
  const removed: InstalledPackage[] = [];
  for (const [k, p] of base) if (!currentKeys.has(k)) removed.push(p);
  const removedNames = new Set(removed.map((p) => `${p.name}\t${p.arch}`));
  let changed = 0;
  for (const p of added) if (removedNames.has(`${p.name}\t${p.arch}`)) changed++;
  return { added, removed, changed };
}
