/** Public surface of the policy module (issue 4 §1, §2): load, assign, windows, freezes. */
export { checkPolicy, loadPolicy, pathText, policyInvalidError } from './load.js';
export type { CheckOptions, PolicyCheck, PolicyInput, PolicySource } from './load.js';
export { assignImageTier, assignTier, findTier } from './assign.js';
export { activeFreeze, freezeSpan, nextWindows } from './windows.js';
export type { NextWindowsOptions, WindowOccurrence } from './windows.js';
export { approvalFor, deadlineFor, waiversFor } from './rules.js';
export type { ApprovalDecision, WaiverSubject } from './rules.js';
export { durationMs, formatDuration } from './duration.js';
export { matchesSelector, parseLabels, type Selector } from './selector.js';
export { policyJsonSchema, policyJsonSchemaText } from './json-schema.js';
export { canonicalJson, contentHash } from './hash.js';
export { currentPolicyVersion, WaiverScopeSchema } from './schema.js';
export { waiverBound } from './checks/waivers.js';
export type {
  ApprovalRule,
  AssignmentRule,
  ClockStart,
  Freeze,
  ImageRules,
  MaintenanceWindow,
  Policy,
  PolicyDocument,
  Rollout,
  Tier,
  Waiver,
  WaiverScope,
} from './schema.js';
