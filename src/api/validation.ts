import type { z } from 'zod';
import { AppError, ErrorCode } from '../domain/errors.js';

/** A zod failure as INPUT_INVALID, located by JSON pointer into the part of the request. */
export function zodProblem(error: z.ZodError, where: string): AppError {
  const first = error.issues[0];
  const pointer = first === undefined ? '' : first.path.map((p) => `/${String(p)}`).join('');
  const all = error.issues
    .slice(0, 5)
    .map(
      (i) => `${where}${i.path.length > 0 ? ` ${i.path.map(String).join('.')}` : ''}: ${i.message}`,
    )
    .join('; ');
  return new AppError(ErrorCode.InputInvalid, all, {
    location: { pointer: where === 'body' ? pointer : `/${where}${pointer}` },
  });
}
