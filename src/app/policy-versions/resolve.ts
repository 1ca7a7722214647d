import { loadPolicy, type Policy } from '../../policy/index.js';
import type { Store } from '../../store/index.js';
import { noPolicyError } from '../policy-source.js';
import { policyOfVersion } from './versions.js';
import { storeWaiversInForce, withStoreWaivers } from './waivers.js';

export interface ResolvePolicyInput {
  /** An explicit file or directory (`--policy`, `PATCHLINE_POLICY`); it wins over the store. */
  readonly path?: string;
  /**
   * Today, from the caller's clock: which store waivers are in force. Without it none are added
   * (for callers that only place assets in tiers).
   */
  readonly now?: Date;
  readonly maxInputBytes?: number;
}

/** Where the policy came from. */
export type PolicyOrigin =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'store'; readonly version: number };

export interface ResolvedPolicy {
  /** With the store's waivers in force added to its own. */
  readonly policy: Policy;
  readonly origin: PolicyOrigin;
  /** How many of `policy.waivers` came from approved store requests. */
  readonly storeWaivers: number;
}

/**
 * The policy a use case runs under: the explicit path when given, else the store's active
 * version; undefined when there is neither. Either way the store's approved, unexpired,
 * unrevoked waiver requests join the policy's waivers, so every reader of waivers sees them.
 */
export async function resolvePolicy(
  store: Store,
  input: ResolvePolicyInput,
): Promise<ResolvedPolicy | undefined> {
  const bytes = input.maxInputBytes === undefined ? {} : { maxInputBytes: input.maxInputBytes };
  let base: Policy;
  let origin: PolicyOrigin;
  if (input.path !== undefined) {
    base = loadPolicy(input.path, bytes);
    origin = { kind: 'file', path: input.path };
  } else {
    const active = await store.policies.active();
    const record = active && (await store.policies.get(active.version));
    if (!record) return undefined;
    base = policyOfVersion(record, input.maxInputBytes);
    origin = { kind: 'store', version: record.version };
  }
  const waivers = input.now === undefined ? [] : await storeWaiversInForce(store, input.now);
  return { policy: withStoreWaivers(base, waivers), origin, storeWaivers: waivers.length };
}

/** `resolvePolicy`, throwing NOT_FOUND (naming every place looked) when there is no policy. */
export async function requirePolicy(
  store: Store,
  input: ResolvePolicyInput,
): Promise<ResolvedPolicy> {
  const resolved = await resolvePolicy(store, input);
  if (!resolved) throw noPolicyError();
  return resolved;
}
