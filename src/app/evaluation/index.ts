import type { Store } from '../../store/index.js';
import type { FleetEvaluation } from './contract.js';
import { EvaluationService, type OpenOptions } from './service.js';

export type * from './contract.js';
export {
  EvaluationService,
  type AdvisoryChanges,
  type ChangeSummary,
  type OpenOptions,
} from './service.js';
export { feedFreshness, type FeedFreshness } from './freshness.js';
export { coveredStreams } from './coverage.js';

/**
 * One-shot evaluation of the stored fleet (or of `opts.assets` and their image versions), for
 * a command that reads it once. Findings are derived, never stored per host
 * (docs/decisions/0004-findings-are-derived.md).
 */
export async function evaluateStore(
  store: Store,
  opts: OpenOptions = {},
): Promise<FleetEvaluation> {
  return (await EvaluationService.open(store, opts)).current();
}
