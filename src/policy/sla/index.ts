/** SLA state per finding and compliance figures (issue 4 §2, §3); pure, time from the caller. */
export {
  assetWaivers,
  createSlaEvaluator,
  mayCover,
  openStates,
  SlaState,
  type SlaEvaluator,
  type SlaOptions,
  type SlaResult,
  type SlaSubject,
} from './state.js';
export {
  createComplianceAccumulator,
  groupOf,
  mergeTallies,
  subtractTally,
  tallyFindings,
  type AssetTally,
  type ComplianceAccumulator,
  type CountedFinding,
  type GroupBy,
  type GroupedAsset,
  type GroupFigures,
  type MttrFigure,
  type OldestOverdue,
} from './aggregate.js';
export {
  waiverLastInstant,
  waiverStatus,
  waiverUsage,
  type WaiverStatus,
  type WaiverUsage,
} from './waivers.js';
export {
  clockKey,
  clockOwner,
  planClocks,
  type ClockPlan,
  type ClockRow,
  type SeenFinding,
} from './clocks.js';
export {
  clockStartRule,
  findingClockStart,
  publishedIndex,
  type FindingClockStart,
} from './clock-start.js';
