import { AppError, formatLocation } from '../domain/errors.js';

/** An error as `--json` prints it: `{"code","message","where"}`. */
export function errorJson(e: AppError): { code: string; message: string; where: string | null } {
  return { code: e.code, message: e.message, where: formatLocation(e.location) || null };
}

const inJson = 'reportedInJson';

/**
 * The same error, marked as already written inside a streamed JSON document, so the runner
 * keeps its exit code and stderr line but prints no second document.
 */
export function reportedInJson(e: AppError): AppError {
  return new AppError(e.code, e.message, {
    cause: e,
    retryable: e.retryable,
    ...(e.location && { location: e.location }),
    details: { ...e.details, [inJson]: true },
  });
}

export function wasReportedInJson(e: AppError): boolean {
  return e.details?.[inJson] === true;
}
