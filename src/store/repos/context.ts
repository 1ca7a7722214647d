import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import type { InstalledPackage } from '../../domain/inventory.js';
import type { DialectId } from '../dialect.js';
import type { Database } from '../schema.js';

/** A package of a stored set, with its row id. */
export interface StoredPackage extends InstalledPackage {
  readonly id: number;
}

/** Package sets by id, keyed inside by `packageKey`. Sets never change once written. */
export type SetCache = Map<number, ReadonlyMap<string, StoredPackage>>;

/** What every repository needs: the connection (or transaction) and the injected services. */
export interface RepoContext {
  readonly db: Kysely<Database>;
  readonly dialect: DialectId;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Sets known to be committed. */
  readonly committedSets: SetCache;
  /** Sets read inside the current transaction; moved to `committedSets` only after commit. */
  readonly pendingSets: SetCache;
  /** Row ids of package tuples known to be committed, by `packageKey` (rows are never deleted). */
  readonly committedPackages: Map<string, number>;
  /** Package ids read or written in the current transaction; kept only once it commits. */
  readonly pendingPackages: Map<string, number>;
}

/** Looks a set up in the caches, committed first. */
export function cachedSet(
  ctx: RepoContext,
  setId: number,
): ReadonlyMap<string, StoredPackage> | undefined {
  return ctx.committedSets.get(setId) ?? ctx.pendingSets.get(setId);
}

/** Most sets a store keeps in memory (~0.3 MB per 1,000-package set); a fleet has a few dozen image versions in use. */
export const setCacheLimit = 64;

/** Adds sets after a commit, dropping the oldest when over the limit. */
export function commitSets(target: SetCache, pending: SetCache): void {
  for (const [id, set] of pending) target.set(id, set);
  for (const id of target.keys()) {
    if (target.size <= setCacheLimit) break;
    target.delete(id);
  }
}

/** Most package ids a store keeps in memory (~150 B each). */
export const packageCacheLimit = 200_000;

/** Adds package ids after a commit, dropping the oldest when over the limit. */
export function commitPackages(target: Map<string, number>, pending: Map<string, number>): void {
  for (const [key, id] of pending) target.set(key, id);
  for (const key of target.keys()) {
    if (target.size <= packageCacheLimit) break;
    target.delete(key);
  }
}

/** Splits `items` into runs of at most `size`, to stay under bind-parameter limits. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
