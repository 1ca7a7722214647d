import { AppError, ErrorCode } from '../domain/errors.js';
import type { AppConfig } from './config.js';

/**
 * Which policy a command uses, in one order everywhere: the `--policy` flag, then
 * `PATCHLINE_POLICY`, then the version activated in the store (`resolvePolicy` in
 * `policy-versions/resolve.ts` adds that step). The file or directory given, if any.
 */
export function configuredPolicyPath(
  flag: string | undefined,
  config: AppConfig,
): string | undefined {
  return flag ?? config.policy;
}

/** Message of the NOT_FOUND raised when no step of the order gives a policy. */
export const noPolicyMessage =
  'no policy: give --policy FILE|DIR, set PATCHLINE_POLICY, or activate one in the store (none is active)';

/** The configured policy path; throws NOT_FOUND naming every place it looked. */
export function resolvePolicyPath(flag: string | undefined, config: AppConfig): string {
  const path = configuredPolicyPath(flag, config);
  if (path !== undefined) return path;
  throw noPolicyError();
}

export function noPolicyError(): AppError {
  return new AppError(ErrorCode.NotFound, noPolicyMessage, { location: { record: 'policy' } });
}
