import { ErrorCode, formatLocation, toAppError, type AppError } from '../domain/errors.js';

/** HTTP status for each stable error code; a code not listed is a server fault (500). */
const statusOf: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.InputInvalid]: 400,
  [ErrorCode.VersionInvalid]: 400,
  [ErrorCode.VersionSchemeMismatch]: 400,
  [ErrorCode.SchemeUnknown]: 400,
  [ErrorCode.PlatformInvalid]: 400,
  [ErrorCode.ConfigInvalid]: 400,
  [ErrorCode.InventoryInvalid]: 422,
  [ErrorCode.InventoryFormatUnknown]: 415,
  [ErrorCode.AdvisoryInvalid]: 422,
  [ErrorCode.PolicyInvalid]: 422,
  [ErrorCode.Partial]: 422,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.SeparationOfDuties]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.StoreBusy]: 503,
  [ErrorCode.StoreReadOnly]: 503,
  [ErrorCode.StoreFull]: 507,
  [ErrorCode.FeedUnavailable]: 502,
  [ErrorCode.ExternalHost]: 502,
  [ErrorCode.TlsUntrusted]: 502,
  [ErrorCode.VsphereLoginFailed]: 502,
  [ErrorCode.Timeout]: 504,
};

export function httpStatusOf(e: AppError): number {
  return statusOf[e.code] ?? 500;
}

/** An RFC 9457 problem document; `code` is the stable AppError code. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code: string;
  readonly location?: string;
  readonly requestId?: string;
  readonly retryable?: boolean;
}

/**
 * RFC 9457 problem details for anything thrown. A server fault says only that it happened and
 * names the request id: its message may hold paths or SQL and goes to the log instead.
 */
export function problemOf(thrown: unknown, requestId: string, instance?: string): Problem {
  const e = toAppError(thrown);
  const status = httpStatusOf(e);
  const hidden =
    status >= 500 && (e.code === ErrorCode.Internal || e.code === ErrorCode.StoreFailed);
  const where = formatLocation(e.location);
  return {
    type: `https://patchline.dev/problems/${e.code.toLowerCase().replaceAll('_', '-')}`,
    title: e.code,
    status,
    detail: hidden ? `internal error; the server log has it under request ${requestId}` : e.message,
    ...(instance !== undefined && { instance }),
    code: e.code,
    ...(where !== '' && !hidden && { location: where }),
    requestId,
    ...(e.retryable && { retryable: true }),
  };
}
