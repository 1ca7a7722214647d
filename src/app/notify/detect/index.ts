/** Pure detectors: what in an evaluation, a policy or the feeds' state deserves a notification. */
export { detectNewExposures, defaultNewWithinMs, type OpenFinding } from './exposure.js';
export { detectSlaChanges } from './sla.js';
export { detectExpiringWaivers, defaultWaiverWarnMs } from './waivers.js';
export { detectFeedProblems } from './feeds.js';
export type { Detection } from './types.js';
