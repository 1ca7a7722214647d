import { AppError, ErrorCode } from '../domain/errors.js';
import type { SchemeId } from '../domain/platform.js';
import type { ParsedVersion } from './types.js';

/** The VERSION_INVALID error every scheme throws; `index` (0-based) points at the offending char. */
export function invalidVersion(
  scheme: SchemeId,
  text: string,
  reason: string,
  index?: number,
): AppError {
  return new AppError(ErrorCode.VersionInvalid, `invalid ${scheme} version '${text}': ${reason}`, {
    location: { record: text, ...(index === undefined ? {} : { column: index + 1 }) },
    details: { scheme, version: text, reason },
  });
}

/** Throws VERSION_SCHEME_MISMATCH unless both parsed versions belong to `scheme`. */
export function assertScheme(scheme: SchemeId, a: ParsedVersion, b: ParsedVersion): void {
  if (a.scheme === scheme && b.scheme === scheme) return;
  throw new AppError(
    ErrorCode.VersionSchemeMismatch,
    `cannot compare a ${a.scheme} version with a ${b.scheme} version using ${scheme}`,
    { details: { scheme, a: a.text, b: b.text } },
  );
}
