/** Policies and waiver requests held in the store (docs/decisions/0022). */
export { bundleFiles, bundleHash, singleFileName, type PolicyBundle } from './bundle.js';
export { readPolicyBundle } from './read-bundle.js';
export { diffPolicyVersions, type PolicyVersionDiff } from './diff.js';
export { diffLines, splitLines, unifiedDiff, type DiffLine } from './line-diff.js';
export {
  requirePolicy,
  resolvePolicy,
  type PolicyOrigin,
  type ResolvePolicyInput,
  type ResolvedPolicy,
} from './resolve.js';
export {
  structureDiff,
  structureSummaryLines,
  type PolicyStructureDiff,
  type SectionChanges,
} from './structure-diff.js';
export {
  activatePolicy,
  activePolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  policyOfVersion,
  uploadPolicy,
  type ActivateResult,
  type PolicyVersionListing,
  type UploadPolicyInput,
  type UploadPolicyResult,
} from './versions.js';
export {
  approveWaiver,
  getWaiverRequest,
  listWaiverRequests,
  rejectWaiver,
  requestWaiver,
  revokeWaiver,
  storeWaiversInForce,
  waiverRequestStatuses,
  withStoreWaivers,
  type RequestWaiverInput,
  type WaiverRequestRecord,
  type WaiverRequestState,
  type WaiverRequestStatus,
  type WaiverRequestView,
  type WaiverTransition,
} from './waivers.js';
