import { AppError, ErrorCode } from '../domain/errors.js';
import {
  checkPolicy,
  durationMs,
  loadPolicy,
  nextWindows,
  parseLabels,
  policyJsonSchemaText,
  type Policy,
  type PolicyCheck,
  type WindowOccurrence,
} from '../policy/index.js';
import type { Store } from '../store/index.js';
import type { AppConfig } from './config.js';
import { configuredPolicyPath, resolvePolicyPath } from './policy-source.js';
import { bundleFiles } from './policy-versions/bundle.js';
import { requirePolicy, resolvePolicy, type ResolvedPolicy } from './policy-versions/resolve.js';

export type { Policy, PolicyCheck, WindowOccurrence };

/** Validates a policy file or directory as of `now` (which dates the expired-waiver warnings). */
/** Checks a policy sent as text (one YAML document) without storing it. */
export function checkPolicyText(text: string, now: Date, maxInputBytes?: number): PolicyCheck {
  return checkPolicy(bundleFiles(text), {
    now,
    ...(maxInputBytes !== undefined && { maxInputBytes }),
  });
}

export function checkPolicyAt(path: string, now: Date, maxInputBytes?: number): PolicyCheck {
  return checkPolicy(path, { now, ...(maxInputBytes !== undefined && { maxInputBytes }) });
}

/** The JSON Schema of the policy file, for editors. */
export function policySchemaText(): string {
  return policyJsonSchemaText();
}

/**
 * Loads the policy file a command names: `--policy`, then `PATCHLINE_POLICY`, without the
 * store's fallback or waivers. Commands with a store use `storedOrConfiguredPolicy`.
 */
export function loadConfiguredPolicy(flag: string | undefined, config: AppConfig): Policy {
  return loadPolicy(resolvePolicyPath(flag, config), { maxInputBytes: config.maxInputBytes });
}

/**
 * The policy a command uses: `--policy`, then `PATCHLINE_POLICY`, then the store's active
 * version, with the store's waivers in force on `now` added. Undefined when there is none.
 */
export function optionalPolicy(
  store: Store,
  flag: string | undefined,
  config: AppConfig,
  now: Date,
): Promise<ResolvedPolicy | undefined> {
  const path = configuredPolicyPath(flag, config);
  return resolvePolicy(store, {
    ...(path !== undefined && { path }),
    now,
    maxInputBytes: config.maxInputBytes,
  });
}

/** `optionalPolicy`, throwing NOT_FOUND (naming every place looked) when there is none. */
export async function storedOrConfiguredPolicy(
  store: Store,
  flag: string | undefined,
  config: AppConfig,
  now: Date,
): Promise<Policy> {
  const path = configuredPolicyPath(flag, config);
  const resolved = await requirePolicy(store, {
    ...(path !== undefined && { path }),
    now,
    maxInputBytes: config.maxInputBytes,
  });
  return resolved.policy;
}

export interface UpcomingWindowsInput {
  /** A file or directory, or a policy already resolved (the store's active one). */
  readonly policy: string | Policy | undefined;
  readonly tier?: string;
  /** Asset labels `k=v,k2=v2`; the tier is derived from them when no tier is given. */
  readonly labels?: string;
  readonly from: Date;
  readonly count: number;
  readonly skipFrozen: boolean;
}

export interface UpcomingWindows {
  readonly policyHash: string;
  readonly from: string;
  readonly windows: readonly WindowOccurrence[];
}

/** The next maintenance windows for a tier or a set of labels, freeze-aware. */
export function upcomingWindows(input: UpcomingWindowsInput, config: AppConfig): UpcomingWindows {
  if (!Number.isInteger(input.count) || input.count < 1) {
    throw new AppError(ErrorCode.InputInvalid, `--count must be a positive whole number`);
  }
  const policy =
    typeof input.policy === 'object' ? input.policy : loadConfiguredPolicy(input.policy, config);
  const windows = nextWindows(policy, {
    ...(input.tier !== undefined && { tier: input.tier }),
    ...(input.labels !== undefined && { labels: parseLabels(input.labels) }),
    from: input.from,
    count: input.count,
    skipFrozen: input.skipFrozen,
  });
  return { policyHash: policy.hash, from: input.from.toISOString(), windows };
}

/** A duration such as `3d` or `36h`, named by `what` in the error. */
export function parseDuration(text: string, what: string): number {
  try {
    return durationMs(text);
  } catch (e) {
    throw new AppError(ErrorCode.InputInvalid, `${what} ${text}: a duration like 3d or 36h`, {
      cause: e,
    });
  }
}
