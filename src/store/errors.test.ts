import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../domain/errors.js';
import { isBusy, storeError } from './errors.js';

/** An error shaped as better-sqlite3 (`SQLITE_*`) or pg (SQLSTATE) raise them. */
function driverError(code: string, message = 'driver says no'): Error {
  return Object.assign(new Error(message), { code });
}

describe('store/errors', () => {
  it.each`
    driver                         | code
    ${'SQLITE_FULL'}               | ${ErrorCode.StoreFull}
    ${'53100'}                     | ${ErrorCode.StoreFull}
    ${'SQLITE_READONLY'}           | ${ErrorCode.StoreReadOnly}
    ${'SQLITE_READONLY_DIRECTORY'} | ${ErrorCode.StoreReadOnly}
    ${'25006'}                     | ${ErrorCode.StoreReadOnly}
    ${'SQLITE_BUSY'}               | ${ErrorCode.StoreBusy}
    ${'SQLITE_BUSY_SNAPSHOT'}      | ${ErrorCode.StoreBusy}
    ${'40P01'}                     | ${ErrorCode.StoreBusy}
    ${'SQLITE_CORRUPT'}            | ${ErrorCode.StoreFailed}
    ${'SQLITE_IOERR_WRITE'}        | ${ErrorCode.StoreFailed}
    ${'ECONNREFUSED'}              | ${ErrorCode.StoreFailed}
    ${'SQLITE_CONSTRAINT'}         | ${ErrorCode.StoreFailed}
  `('maps $driver to $code, naming the store and keeping the cause', ({ driver, code }) => {
    const cause = driverError(driver as string);

    const e = storeError(cause, '/srv/pl/patchline.db');

    expect(e).toMatchObject({
      code,
      cause,
      details: { store: '/srv/pl/patchline.db', driverCode: driver },
    });
    expect(e.message).toContain('/srv/pl/patchline.db');
    expect(e.message).toContain('driver says no');
  });

  it('passes an AppError through unchanged', () => {
    const e = new AppError(ErrorCode.Conflict, 'taken');

    expect(storeError(e, 'x')).toBe(e);
  });

  it.each([
    ['SQLITE_BUSY', true],
    ['SQLITE_LOCKED_SHAREDCACHE', true],
    ['SQLITE_BUSYNESS', false],
    ['SQLITE_FULL', false],
  ])('isBusy(%s) is %s', (code, busy) => {
    expect(isBusy(driverError(code))).toBe(busy);
  });
});
