import { AppError } from '../src/domain/errors.js';

/** The AppError `run` throws; anything else it throws is rethrown, and not throwing fails. */
export function thrownAppError(run: () => unknown): AppError {
  try {
    run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}
