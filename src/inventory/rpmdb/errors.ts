import { AppError, ErrorCode } from '../../domain/errors.js';

/**
 * The error for a corrupt or hostile rpm database: INVENTORY_INVALID naming the file and the
 * byte offset where reading stopped (`details.offset`), so a bad image can be inspected.
 */
export function corrupt(file: string, offset: number, why: string): AppError {
  return new AppError(ErrorCode.InventoryInvalid, `${file}: ${why} (at byte ${offset})`, {
    location: { file },
    details: { offset },
  });
}
