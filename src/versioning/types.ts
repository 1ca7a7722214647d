import type { SchemeId } from '../domain/platform.js';

/** Result of a comparison: `a` sorts before (-1), the same as (0) or after (1) `b`. */
export type Ordering = -1 | 0 | 1;

/** A version string a scheme has checked and split; `text` is the input, unchanged. */
export interface ParsedVersion {
  readonly scheme: SchemeId;
  readonly text: string;
}

/** A version tagged with the scheme it belongs to, for code that holds versions of many schemes. */
export interface TaggedVersion {
  readonly scheme: SchemeId;
  readonly version: string;
}

/**
 * One package versioning scheme (dpkg, rpm, apk …). Every implementation passes the conformance
 * suite (`conformance.ts`) and is listed in `registry.ts`.
 *
 * - `parse` throws `AppError(VERSION_INVALID)` on a string the scheme cannot read; it never guesses.
 * - `compare` is the hot path: it validates both strings and compares them without building
 *   parsed objects, and throws like `parse` on an invalid input.
 * - `compareParsed` orders two results of `parse`; it throws `VERSION_SCHEME_MISMATCH` when
 *   either came from another scheme.
 */
export interface VersioningScheme<P extends ParsedVersion = ParsedVersion> {
  readonly id: SchemeId;
  readonly displayName: string;
  /** The specification and reference implementation the scheme follows. */
  readonly urls: readonly string[];
  parse(version: string): P;
  isValid(version: string): boolean;
  compare(a: string, b: string): Ordering;
  compareParsed(a: P, b: P): Ordering;
}
