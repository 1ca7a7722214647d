import { AppError, ErrorCode } from '../domain/errors.js';
import { SchemeId } from '../domain/platform.js';
import { apkScheme } from './apk/index.js';
import { dpkgScheme } from './dpkg/index.js';
import { rpmScheme } from './rpm/index.js';
import type { Ordering, TaggedVersion, VersioningScheme } from './types.js';

/** Every versioning scheme Patchline implements, listed explicitly (no self-registration). */
export const schemes: ReadonlyMap<SchemeId, VersioningScheme> = new Map<SchemeId, VersioningScheme>(
  [
    [SchemeId.Dpkg, dpkgScheme],
    [SchemeId.Rpm, rpmScheme],
    [SchemeId.Apk, apkScheme],
  ],
);

/** The scheme registered under `id`; throws SCHEME_UNKNOWN for any other string. */
export function getScheme(id: string): VersioningScheme {
  const scheme = schemes.get(id as SchemeId);
  if (scheme) return scheme;
  const known = [...schemes.keys()].join(', ');
  throw new AppError(
    ErrorCode.SchemeUnknown,
    `unknown versioning scheme '${id}' (known: ${known})`,
    {
      details: { scheme: id },
    },
  );
}

/**
 * Compares two versions that each carry their scheme. Versions of different schemes have no
 * order: that is VERSION_SCHEME_MISMATCH, never a guess.
 */
export function compareTagged(a: TaggedVersion, b: TaggedVersion): Ordering {
  if (a.scheme !== b.scheme) {
    throw new AppError(
      ErrorCode.VersionSchemeMismatch,
      `cannot compare ${a.scheme} version '${a.version}' with ${b.scheme} version '${b.version}'`,
      { details: { a, b } },
    );
  }
  return getScheme(a.scheme).compare(a.version, b.version);
}
