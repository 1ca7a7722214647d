import { actorOf, type Principal } from '../../domain/access.js';
import type { Diagnostic } from '../../domain/diagnostics.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { checkPolicy, loadPolicy, policyInvalidError, type Policy } from '../../policy/index.js';
import type {
  PolicyActivation,
  PolicyVersionRecord,
  PolicyVersionSummary,
  Store,
} from '../../store/index.js';
import { bundleFiles, bundleHash, storedFileName, type PolicyBundle } from './bundle.js';

export interface UploadPolicyInput {
  readonly bundle: PolicyBundle;
  readonly comment?: string;
  /** Needs `operate`; the route checks it. */
  readonly principal: Principal;
  /** Today, from the caller's clock: dates the expired-waiver warnings. */
  readonly now: Date;
  readonly maxInputBytes?: number;
}

export interface UploadPolicyResult {
  readonly version: PolicyVersionSummary;
  /** False when the same texts were stored already (that version is returned, unchanged). */
  readonly created: boolean;
  /** Warnings of the check (errors refuse the upload). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Validates the texts with the policy loader and stores them as a new immutable version; audited
 * as `policy.upload`. An invalid policy stores nothing: POLICY_INVALID with every problem located
 * (`details.diagnostics`, files named `policy.yaml` or the bundle's names).
 */
export async function uploadPolicy(
  store: Store,
  input: UploadPolicyInput,
): Promise<UploadPolicyResult> {
  const files = bundleFiles(input.bundle);
  const check = checkPolicy(files, {
    now: input.now,
    ...(input.maxInputBytes !== undefined && { maxInputBytes: input.maxInputBytes }),
  });
  if (!check.policy) throw policyInvalidError(check);
  const policy = check.policy;
  const actor = actorOf(input.principal);
  return store.transaction(async (tx) => {
    const { record, created } = await tx.policies.add({
      contentHash: bundleHash(files),
      policyHash: policy.hash,
      files,
      uploadedBy: actor,
      comment: input.comment ?? null,
    });
    if (created) {
      await tx.audit.append({
        actor,
        action: 'policy.upload',
        object: `policy-version:${record.version}`,
        reason: input.comment ?? null,
        details: {
          version: record.version,
          contentHash: record.contentHash,
          policyHash: record.policyHash,
          files: files.map((f) => f.file),
          principal: input.principal.id,
        },
      });
    }
    return { version: summaryOf(record), created, diagnostics: check.diagnostics };
  });
}

export interface ActivateResult {
  readonly before: number | null;
  readonly after: number;
  /** False when the version was active already; nothing was changed or audited then. */
  readonly changed: boolean;
}

/**
 * Makes `version` the active policy (needs `admin`; the route checks it); audited as
 * `policy.activate` with the version before and after. NOT_FOUND for an unknown version.
 */
export function activatePolicy(
  store: Store,
  version: number,
  principal: Principal,
): Promise<ActivateResult> {
  const actor = actorOf(principal);
  return store.transaction(async (tx) => {
    const before = (await tx.policies.active())?.version ?? null;
    const record = await tx.policies.get(version);
    if (!record) throw unknownVersion(version);
    if (before === version) return { before, after: version, changed: false };
    await tx.policies.activate(version, actor);
    await tx.audit.append({
      actor,
      action: 'policy.activate',
      object: `policy-version:${version}`,
      details: { before, after: version, policyHash: record.policyHash, principal: principal.id },
    });
    return { before, after: version, changed: true };
  });
}

export interface PolicyVersionListing extends PolicyVersionSummary {
  readonly active: boolean;
}

/** Every stored version, oldest first, the active one marked. */
export async function listPolicyVersions(store: Store): Promise<PolicyVersionListing[]> {
  const [list, active] = await Promise.all([store.policies.list(), store.policies.active()]);
  return list.map((v) => ({ ...v, active: v.version === active?.version }));
}

/** A stored version with its texts; NOT_FOUND when there is none. */
export async function getPolicyVersion(
  store: Store,
  version: number,
): Promise<PolicyVersionRecord> {
  const record = await store.policies.get(version);
  if (!record) throw unknownVersion(version);
  return record;
}

/** The active version, or undefined when none was activated. */
export function activePolicyVersion(store: Store): Promise<PolicyActivation | undefined> {
  return store.policies.active();
}

/**
 * A stored version loaded as the loader loads a file (`sources` read `policy-vN/<file>`). It
 * was valid when uploaded; a later Patchline that tightened a check reports it POLICY_INVALID.
 */
export function policyOfVersion(record: PolicyVersionRecord, maxInputBytes?: number): Policy {
  return loadPolicy(
    record.files.map((f) => ({ file: storedFileName(record.version, f.file), text: f.text })),
    maxInputBytes === undefined ? {} : { maxInputBytes },
  );
}

function summaryOf(r: PolicyVersionRecord): PolicyVersionSummary {
  const { version, contentHash, policyHash, uploadedBy, uploadedAt, comment } = r;
  return { version, contentHash, policyHash, uploadedBy, uploadedAt, comment };
}

function unknownVersion(version: number): AppError {
  return new AppError(ErrorCode.NotFound, `no policy version ${version}`, {
    location: { record: `policy-version:${version}` },
  });
}
