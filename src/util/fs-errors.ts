import { AppError, ErrorCode, type Location } from '../domain/errors.js';

const phrases: Readonly<Record<string, string>> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'does not exist (part of the path is not a directory)',
  EISDIR: 'is a directory',
  EACCES: 'is not readable (permission denied)',
  EPERM: 'is not readable (permission denied)',
  ELOOP: 'is a loop of symbolic links',
  ENAMETOOLONG: 'is too long a path',
};

/** The errno code of a Node file-system error, if `e` is one. */
export function fsErrorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * Turns a file-system error into words: what is wrong with `path`, and what was expected there
 * (`a directory holding estate.json or the manifest file`). Missing paths are NOT_FOUND,
 * anything else INPUT_INVALID; the raw errno code stays in `cause` only.
 */
export function fsProblem(
  e: unknown,
  path: string,
  expected: string,
  location: Location = { file: path },
): AppError {
  const code = fsErrorCode(e);
  const phrase = (code && phrases[code]) ?? 'cannot be read';
  return new AppError(
    code === 'ENOENT' || code === 'ENOTDIR' ? ErrorCode.NotFound : ErrorCode.InputInvalid,
    `${path} ${phrase}: expected ${expected}`,
    { cause: e, location },
  );
}
