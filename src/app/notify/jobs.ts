import type { Policy } from '../../policy/index.js';
import type { Store } from '../../store/index.js';
import type { FleetEvaluation } from '../evaluation/index.js';
import type { JobHandler } from '../jobs/contract.js';
import { deliverDue, type DeliverDeps } from './deliver.js';
import { detectAndEmit, type DetectOptions } from './detect-and-emit.js';

/**
 * A `webhooks.deliver` job: one `deliverDue` pass on the job's clock and signal (payload
 * `{ limit?: number }`). Idempotent as the job contract asks: claims and leases keep a retry
 * from sending what was sent.
 */
export function deliverJob(store: Store, deps: Omit<DeliverDeps, 'clock' | 'signal'>): JobHandler {
  return (payload, ctx) =>
    deliverDue(
      store,
      { ...deps, clock: ctx.clock, signal: ctx.signal },
      typeof payload.limit === 'number' ? payload.limit : 50,
    );
}

/**
 * A `notify.detect` job: `detectAndEmit` over what `current` returns (the long-lived
 * evaluation and the loaded policy); idempotent through the `notified` table.
 */
export function detectJob(
  store: Store,
  current: () => Promise<{ readonly evaluation: FleetEvaluation; readonly policy: Policy }>,
  opts: DetectOptions = {},
): JobHandler {
  return async (_payload, ctx) => {
    const { evaluation, policy } = await current();
    return detectAndEmit(store, evaluation, policy, ctx.clock, opts);
  };
}
