import { AppError, ErrorCode } from '../domain/errors.js';

/** Error codes of SQLite (better-sqlite3 `code`, extended names) and PostgreSQL (SQLSTATE). */
interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
}

function driverCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as DriverError).code;
  return typeof code === 'string' ? code : undefined;
}

/** SQLITE_BUSY or SQLITE_LOCKED with any extended suffix. */
export function isBusy(e: unknown): boolean {
  const code = driverCode(e);
  return code !== undefined && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/**
 * Turns a driver error into an AppError with a stable code and a message that names the store.
 * Codes: SQLite result codes (https://www.sqlite.org/rescode.html) and PostgreSQL SQLSTATE
 * classes (https://www.postgresql.org/docs/current/errcodes-appendix.html). AppErrors pass
 * through unchanged; unknown errors become STORE_FAILED with the driver's message.
 */
export function storeError(e: unknown, store: string): AppError {
  if (e instanceof AppError) return e;
  const code = driverCode(e) ?? '';
  const detail = e instanceof Error ? e.message : String(e);
  const opts = { cause: e, details: { store, ...(code && { driverCode: code }) } };
  if (/^SQLITE_READONLY/.test(code) || code === '25006') {
    return new AppError(
      ErrorCode.StoreReadOnly,
      `store ${store} is read-only: this command writes; run it where the store is writable (${detail})`,
      opts,
    );
  }
  if (code === 'SQLITE_FULL' || code === '53100') {
    return new AppError(
      ErrorCode.StoreFull,
      `store ${store}: the disk is full (${detail}); nothing of the failed transaction was written — free space and run the command again`,
      opts,
    );
  }
  if (isBusy(e) || code === '55P03' || code === '40001' || code === '40P01') {
    return new AppError(
      ErrorCode.StoreBusy,
      `store ${store} is busy: another process held its write lock too long (${detail}); run the command again`,
      { ...opts, retryable: true },
    );
  }
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
    return new AppError(
      ErrorCode.StoreFailed,
      `store ${store} is not a Patchline database or is damaged (${detail})`,
      opts,
    );
  }
  if (/^SQLITE_(IOERR|CANTOPEN)/.test(code) || code === '58030') {
    return new AppError(ErrorCode.StoreFailed, `store ${store}: I/O error (${detail})`, opts);
  }
  if (code === '08006' || code === '08001' || code === 'ECONNREFUSED' || code === '57P01') {
    return new AppError(
      ErrorCode.StoreFailed,
      `store ${store}: cannot reach the database (${detail})`,
      { ...opts, retryable: true },
    );
  }
  return new AppError(ErrorCode.StoreFailed, `store ${store}: ${detail}`, opts);
}
