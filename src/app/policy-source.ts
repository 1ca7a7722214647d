import { AppError, ErrorCode } from '../domain/errors.js';
import type { AppConfig } from './config.js';

/**
 * Which policy a command uses, in one order everywhere: the `--policy` flag, then
 * `PATCHLINE_POLICY`. (A policy stored in the store and activated there will come third.)
 * Throws NOT_FOUND naming every place it looked.
 */
export function resolvePolicyPath(flag: string | undefined, config: AppConfig): string {
  const path = flag ?? config.policy;
  if (path !== undefined) return path;
  throw new AppError(
    ErrorCode.NotFound,
    'no policy: give --policy FILE|DIR, set PATCHLINE_POLICY, or activate one in the store (none is active)',
    { location: { record: 'policy' } },
  );
}
