import { AppError, ErrorCode } from '../domain/errors.js';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import type { FleetInventory, StoreRepos } from '../store/index.js';

/**
 * A replacement is refused when it has fewer than this share of the stored inventory's entries
 * (packages, or KBs on Windows): a host does not lose half its packages between two scans, a
 * truncated or half-collected file does.
 */
export const minKeptShare = 0.5;

/** …and at least this many entries went: small hand-written inventories may change freely. */
export const minLostEntries = 10;

/** `-release` packages that are tools or repositories, not the OS release. */
const notReleasePackages: ReadonlySet<string> = new Set(['lsb-release', 'epel-release']);

/** Packages no working host of a family goes without; losing a whole class means a bad file. */
export const essentialClasses: readonly {
  readonly id: string;
  readonly test: (name: string) => boolean;
}[] = [
  { id: 'libc', test: (n) => /^(?:libc6|libc6\.1|libc0\.[13]|glibc|musl)$/.test(n) },
  {
    id: 'release package',
    test: (n) =>
      n === 'base-files' ||
      n === 'alpine-baselayout' ||
      (n.endsWith('-release') && !notReleasePackages.has(n)),
  },
  {
    id: 'kernel',
    test: (n) =>
      n.startsWith('linux-image-') ||
      /^kernel(?:-core|-uek|-default)?$/.test(n) ||
      /^linux-(?:lts|virt|edge|rpi\d*)$/.test(n),
  },
];

/** What a replacement would lose: counts, and the stored essentials the new one lacks. */
export interface Shrink {
  readonly storedCount: number;
  readonly newCount: number;
  /** Per lost class: `libc (libc6)`. */
  readonly missing: readonly string[];
}

/**
 * Whether a replacement needs the stored package names to be judged: it is Windows (counted in
 * KBs, which only the full read has), lacks a class of {@link essentialClasses}, or is too small
 * against `storedPackages` (the stored count, cheap to read). Most re-imports need neither, so
 * the check costs one metadata row per asset rather than a read of its package set.
 */
export function needsStoredNames(
  storedPackages: number,
  next: Pick<Inventory, 'packages' | 'windows'>,
): boolean {
  if (next.windows) return true;
  const n = next.packages.length;
  if (n < storedPackages * minKeptShare && storedPackages - n >= minLostEntries) return true;
  return essentialClasses.some((c) => !next.packages.some((p) => c.test(p.name)));
}

/** Entries of an inventory for the size check: packages, or KBs for Windows. */
function entries(inv: Pick<Inventory, 'packages' | 'windows'>): number {
  return inv.windows ? inv.windows.kbs.length : inv.packages.length;
}

/**
 * How `next` shrinks a stored inventory of `storedCount` entries whose package names are
 * `storedNames`, or null when the replacement is within bounds (see {@link minKeptShare},
 * {@link minLostEntries}, {@link essentialClasses}).
 */
export function shrinkOf(
  storedNames: ReadonlyMap<string, number>,
  storedCount: number,
  next: Pick<Inventory, 'packages' | 'windows'>,
): Shrink | null {
  const newCount = entries(next);
  const nextNames = new Set(next.packages.map((p) => p.name));
  const missing: string[] = [];
  for (const c of essentialClasses) {
    const had = [...storedNames.keys()].filter(c.test);
    if (had.length > 0 && ![...nextNames].some(c.test)) missing.push(`${c.id} (${had.join(', ')})`);
  }
  const lost = storedCount - newCount;
  const tooSmall = newCount < storedCount * minKeptShare && lost >= minLostEntries;
  return tooSmall || missing.length > 0 ? { storedCount, newCount, missing } : null;
}

/** The refusal for a shrink, naming both counts and what is missing. */
export function shrinkError(
  input: { readonly name: string; readonly source?: string | undefined },
  s: Shrink,
): AppError {
  const fewer = s.storedCount === 0 ? 0 : Math.round((1 - s.newCount / s.storedCount) * 100);
  const lacks = s.missing.length > 0 ? `; it lacks ${s.missing.join(', ')}` : '';
  return new AppError(
    ErrorCode.InventoryInvalid,
    `refusing to replace the inventory of ${input.name}: ${s.storedCount} stored, ${s.newCount} in the new one (${fewer}% fewer)${lacks}; check the file is complete, or pass --allow-shrink`,
    {
      location: { ...(input.source !== undefined && { file: input.source }), record: input.name },
      details: { storedCount: s.storedCount, newCount: s.newCount, missing: s.missing },
    },
  );
}

/** Stored inventories of `assetIds` as name counts and entry counts, in a few batched reads. */
export async function storedShapes(
  tx: StoreRepos,
  assetIds: readonly string[],
): Promise<Map<string, { names: Map<string, number>; count: number }>> {
  const out = new Map<string, { names: Map<string, number>; count: number }>();
  if (assetIds.length === 0) return out;
  const stored = await tx.fleet.inventories({ assetIds });
  const setOf = (s: FleetInventory): number | null => s.setId ?? s.baseSetId;
  const sets = await tx.fleet.sets(stored.flatMap((s) => setOf(s) ?? []));
  for (const s of stored) out.set(s.assetId, shapeOf(s, sets.get(setOf(s) ?? -1) ?? []));
  return out;
}

function shapeOf(s: FleetInventory, set: readonly InstalledPackage[]) {
  const names = new Map<string, number>();
  const bump = (p: InstalledPackage, by: number): void => {
    const n = (names.get(p.name) ?? 0) + by;
    if (n > 0) names.set(p.name, n);
    else names.delete(p.name);
  };
  for (const p of set) bump(p, 1);
  for (const p of s.removed) bump(p, -1);
  for (const p of s.added) bump(p, 1);
  const packages = set.length - s.removed.length + s.added.length;
  return { names, count: s.windows ? s.windows.kbs.length : packages };
}
