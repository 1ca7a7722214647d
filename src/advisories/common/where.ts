import type { AffectedEntry } from '../../domain/advisory.js';

/**
 * Where in its document a parser read an affected entry: a JSON pointer, a 1-based line, or
 * both, with an optional `note` naming what the pointer or line alone does not (e.g. an OVAL
 * definition and state id). Kept beside the entry, not on it, so the domain type stays clean.
 */
export interface EntryPlace {
  readonly pointer?: string;
  readonly line?: number;
  /** Replaces the default `<advisory>/<package>` record name. */
  readonly record?: string;
  readonly note?: string;
}

const places = new WeakMap<AffectedEntry, EntryPlace>();

/** Records where `entry` was read and returns it, so a parser can wrap what it emits. */
export function placed<T extends AffectedEntry>(entry: T, at: EntryPlace): T {
  places.set(entry, at);
  return entry;
}

/** Where `entry` was read, when its parser said. */
export function placeOf(entry: AffectedEntry): EntryPlace | undefined {
  return places.get(entry);
}

/** Carries the place of `from` over to `to` (an entry rebuilt from it, e.g. by a merge). */
export function samePlace<T extends AffectedEntry>(to: T, from: AffectedEntry): T {
  const at = places.get(from);
  if (at && !places.has(to)) places.set(to, at);
  return to;
}
