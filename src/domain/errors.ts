/**
 * Stable error codes. A code never changes meaning once released: scripts and the API key on it.
 * Each code maps to one CLI exit code (`cli/exit-codes.ts`) and later one HTTP status.
 */
export const ErrorCode = {
  InputInvalid: 'INPUT_INVALID',
  VersionInvalid: 'VERSION_INVALID',
  VersionSchemeMismatch: 'VERSION_SCHEME_MISMATCH',
  SchemeUnknown: 'SCHEME_UNKNOWN',
  PlatformInvalid: 'PLATFORM_INVALID',
  InventoryInvalid: 'INVENTORY_INVALID',
  InventoryFormatUnknown: 'INVENTORY_FORMAT_UNKNOWN',
  AdvisoryInvalid: 'ADVISORY_INVALID',
  FeedUnavailable: 'FEED_UNAVAILABLE',
  PolicyInvalid: 'POLICY_INVALID',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  /** The caller may not take this step on their own request (a requester approving it). */
  SeparationOfDuties: 'SEPARATION_OF_DUTIES',
  /** A batch where some items failed and were reported while the others were done. */
  Partial: 'PARTIAL',
  StoreFailed: 'STORE_FAILED',
  /** The store is opened read-only (file, folder or mount not writable) and a command wrote. */
  StoreReadOnly: 'STORE_READ_ONLY',
  /** The disk (or the database's size limit) is full; the failed transaction left nothing. */
  StoreFull: 'STORE_FULL',
  /** Another process held the store's write lock for longer than Patchline waits. */
  StoreBusy: 'STORE_BUSY',
  /** The store has a schema newer than this Patchline knows. */
  StoreSchemaNewer: 'STORE_SCHEMA_NEWER',
  /** The audit log's hash chain is broken (edited, forged or truncated). */
  AuditBroken: 'AUDIT_BROKEN',
  /** Stored secrets exist but the key that decrypts them is missing or unsafe. */
  SecretKeyUnavailable: 'SECRET_KEY_UNAVAILABLE',
  ConfigInvalid: 'CONFIG_INVALID',
  /**
   * No valid credentials (unknown or wrong password, token or session; expired; revoked). The
   * message is the same whatever the reason; `details.reason` is for logs, never for callers.
   */
  Unauthenticated: 'UNAUTHENTICATED',
  /** Authenticated, but the principal's role or scope does not reach what was asked. */
  Forbidden: 'FORBIDDEN',
  VsphereLoginFailed: 'VSPHERE_LOGIN_FAILED',
  VsphereNotAuthenticated: 'VSPHERE_NOT_AUTHENTICATED',
  VsphereObjectNotFound: 'VSPHERE_OBJECT_NOT_FOUND',
  VsphereInvalidState: 'VSPHERE_INVALID_STATE',
  VsphereTaskFailed: 'VSPHERE_TASK_FAILED',
  VsphereFault: 'VSPHERE_FAULT',
  TlsUntrusted: 'TLS_UNTRUSTED',
  ExternalHost: 'EXTERNAL_HOST_ERROR',
  Aborted: 'ABORTED',
  Timeout: 'TIMEOUT',
  /** Too many attempts in a short time (logins, token use). */
  RateLimited: 'RATE_LIMITED',
  /** A request body or upload above the configured limit. */
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Where in an input a problem sits. Every field is optional; give what is known. */
export interface Location {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** JSON pointer (RFC 6901) for JSON inputs. */
  readonly pointer?: string;
  /** Id of the record (advisory id, package name) when the input has one. */
  readonly record?: string;
}

export interface AppErrorOptions {
  readonly cause?: unknown;
  readonly retryable?: boolean;
  readonly location?: Location;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Base of every error Patchline raises on purpose. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly location: Location | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.location = options.location;
    this.details = options.details;
  }
}

/** Codes that mean "the caller gave us something wrong" (CLI exit 2) rather than "we failed". */
export const badInputCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.InputInvalid,
  ErrorCode.VersionInvalid,
  ErrorCode.VersionSchemeMismatch,
  ErrorCode.SchemeUnknown,
  ErrorCode.PlatformInvalid,
  ErrorCode.InventoryInvalid,
  ErrorCode.InventoryFormatUnknown,
  ErrorCode.AdvisoryInvalid,
  ErrorCode.PolicyInvalid,
  ErrorCode.ConfigInvalid,
  ErrorCode.NotFound,
  // The request contradicts what is stored (a name held by another kind, an image with clones).
  ErrorCode.Conflict,
  // Credentials the caller gave are not valid, or do not reach what it asked for.
  ErrorCode.Unauthenticated,
  ErrorCode.Forbidden,
  ErrorCode.SeparationOfDuties,
  ErrorCode.RateLimited,
  ErrorCode.PayloadTooLarge,
]);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Normalises anything thrown into an AppError, keeping the original as cause. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.name === 'AbortError') {
    return new AppError(ErrorCode.Aborted, message, { cause: e });
  }
  return new AppError(ErrorCode.Internal, message, { cause: e });
}

/** Renders a location as `file:line:column` (or the parts that are known). */
export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  const parts: string[] = [];
  let head = loc.file ?? '';
  if (loc.line !== undefined) head += `${head ? ':' : 'line '}${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) head += `:${loc.column}`;
  if (head) parts.push(head);
  if (loc.pointer !== undefined) parts.push(`at ${loc.pointer || '/'}`);
  if (loc.record !== undefined) parts.push(`record ${loc.record}`);
  return parts.join(' ');
}
