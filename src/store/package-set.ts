import { createHash } from 'node:crypto';
import { comparePackages, type InstalledPackage } from '../domain/inventory.js';

/**
 * Identity of a package tuple inside a set: every field, tab-separated (no field holds a tab).
 * The modularity label is appended only when known (`''` included), so packages without one
 * keep the key, and sets the hash, they had before labels were stored.
 */
export function packageKey(p: InstalledPackage): string {
  const key = `${p.name}\t${p.version}\t${p.arch}\t${p.sourceName}\t${p.sourceVersion}`;
  return p.modularityLabel === undefined ? key : `${key}\t${p.modularityLabel}`;
}

export { comparePackages };

/** A package list in canonical form, with each package's key alongside. */
export interface CanonicalList {
  readonly packages: readonly InstalledPackage[];
  readonly keys: readonly string[];
}

/**
 * Sorted (domain order), duplicate-free form of `packages`: the list itself when it already is
 * (one comparison per package, no copy), else a sorted copy without duplicates.
 */
export function sortedUnique<T extends InstalledPackage>(packages: readonly T[]): readonly T[] {
  let i = 1;
  while (i < packages.length && comparePackages(packages[i - 1]!, packages[i]!) < 0) i++;
  if (i >= packages.length) return packages;
  const sorted = [...packages].sort(comparePackages);
  const out: T[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last === undefined || comparePackages(last, p) !== 0) out.push(p);
  }
  return out;
}

/** {@link sortedUnique} with each package's key. */
export function canonicalize(packages: readonly InstalledPackage[]): CanonicalList {
  const list = sortedUnique(packages);
  return { packages: list, keys: list.map(packageKey) };
}

/** Sorted, duplicate-free copy of `packages`. */
export function canonicalPackages(packages: readonly InstalledPackage[]): InstalledPackage[] {
  return [...sortedUnique(packages)];
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

/**
 * A canonical set prepared to have clones diffed against it: its canonical text as UTF-8 and
 * where each package's line starts, so a clone's hash reuses the runs it shares with the set.
 */
export interface IndexedSet<T extends InstalledPackage = InstalledPackage> {
  readonly packages: readonly T[];
  readonly hash: string;
  readonly text: Buffer;
  /** Byte offset of each package's line in `text`, plus the end of the text. */
  readonly offsets: Uint32Array;
}

/** Indexes a list that is already canonical (see {@link sortedUnique}). */
export function indexSet<T extends InstalledPackage>(packages: readonly T[]): IndexedSet<T> {
  const keys = packages.map(packageKey);
  const text = Buffer.from(keys.length === 0 ? '' : `${keys.join('\n')}\n`, 'utf8');
  const offsets = new Uint32Array(keys.length + 1);
  let at = 0;
  for (const [i, k] of keys.entries()) {
    offsets[i] = at;
    at += Buffer.byteLength(k, 'utf8') + 1;
  }
  offsets[keys.length] = at;
  return { packages, hash: createHash('sha256').update(text).digest('hex'), text, offsets };
}

/** Difference of a list against a base. */
export interface PackageDelta<T extends InstalledPackage = InstalledPackage> {
  readonly added: readonly InstalledPackage[];
  readonly removed: readonly T[];
  /** Name+arch pairs present on both sides with another version (each is one add + one remove). */
  readonly changed: number;
}

/** A delta, the content hash of the list it was taken from, and that list in canonical form. */
export interface HashedDelta<T extends InstalledPackage> extends PackageDelta<T> {
  readonly hash: string;
  readonly packages: readonly InstalledPackage[];
}

/**
 * Diffs a package list against an indexed base by one merge walk, and hashes the list on the
 * way: the SHA-256 input is the base's text with removed lines cut out and added lines spliced
 * in, so a clone costs about one comparison per package plus hashing bytes, with no key built for
 * the packages it shares with its image. The hash equals `packageSetHash(packages)` (tested).
 *
 * The walk also proves the list canonical: two neighbours that both match base entries are in
 * order because the base is, so only neighbours of added entries are compared. A list that is
 * not canonical is sorted (see {@link sortedUnique}) and walked again.
 */
export function diffAgainst<T extends InstalledPackage>(
  base: IndexedSet<T>,
  packages: readonly InstalledPackage[],
): HashedDelta<T> {
  return walk(base, packages) ?? walk(base, sortedUnique(packages))!;
}

/** The merge walk of {@link diffAgainst}; undefined when `current` is out of order. */
function walk<T extends InstalledPackage>(
  base: IndexedSet<T>,
  current: readonly InstalledPackage[],
): HashedDelta<T> | undefined {
  const from = base.packages;
  const added: InstalledPackage[] = [];
  const removed: T[] = [];
  const hash = createHash('sha256');
  let run = 0; // first base line not yet fed to the hash
  const flush = (end: number): void => {
    if (end > run) hash.update(base.text.subarray(base.offsets[run], base.offsets[end]));
  };
  let prevMatched = true; // the entry before current[j] matched a base entry (or there is none)
  let i = 0;
  let j = 0;
  while (i < from.length || j < current.length) {
    const b = from[i];
    const c = current[j];
    // Most pairs are equal; six equality checks settle them faster than the ordering would.
    const order =
      b === undefined ? 1 : c === undefined ? -1 : samePackage(b, c) ? 0 : comparePackages(b, c);
    if (order < 0) {
      flush(i);
      removed.push(b!);
      run = ++i;
      continue;
    }
    if (j > 0 && !(prevMatched && order === 0) && comparePackages(current[j - 1]!, c!) >= 0) {
      return undefined;
    }
    prevMatched = order === 0;
    if (order === 0) {
      i++;
    } else {
      flush(i);
      run = i;
      hash.update(`${packageKey(c!)}\n`, 'utf8');
      added.push(c!);
    }
    j++;
  }
  if (added.length === 0 && removed.length === 0) {
    return { added, removed, changed: 0, hash: base.hash, packages: current };
  }
  flush(from.length);
  const changed = countChanged(added, removed);
  return { added, removed, changed, hash: hash.digest('hex'), packages: current };
}

function samePackage(a: InstalledPackage, b: InstalledPackage): boolean {
  return (
    a.name === b.name &&
    a.version === b.version &&
    a.arch === b.arch &&
    a.sourceName === b.sourceName &&
    a.sourceVersion === b.sourceVersion &&
    a.modularityLabel === b.modularityLabel
  );
}

function countChanged(added: readonly InstalledPackage[], removed: readonly InstalledPackage[]) {
  if (added.length === 0 || removed.length === 0) return 0;
  const removedNames = new Set(removed.map((p) => `${p.name}\t${p.arch}`));
  let changed = 0;
  for (const p of added) if (removedNames.has(`${p.name}\t${p.arch}`)) changed++;
  return changed;
}
