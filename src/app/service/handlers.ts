import type { Env } from '../config.js';
import { evaluate } from '../evaluate-fleet.js';
import type { JobHandler } from '../jobs/contract.js';
import { jobHandlers, jobKinds } from '../jobs/handlers.js';
import { deliverJob, detectAndEmit, webhookSecrets } from '../notify/index.js';
import type { Schedule } from '../schedule/schedule.js';
import { defaultSchedules } from '../schedule/schedule.js';
import type { ServiceRuntime } from './runtime.js';

/** Job kinds only a long-running process has: webhook delivery. */
export const serviceJobKinds = { webhooksDeliver: 'webhooks.deliver' } as const;

/** The default schedules plus webhook delivery every minute. */
export const serviceSchedules: readonly Schedule[] = [
  ...defaultSchedules,
  {
    name: serviceJobKinds.webhooksDeliver,
    every: { cron: '* * * * *' },
    job: { kind: serviceJobKinds.webhooksDeliver, key: 'schedule:webhooks.deliver' },
  },
];

/**
 * The handlers a server or worker runs. Evaluation runs on the process's long-lived service
 * (reloaded first, as the job follows a sync or an import) and then emits notifications; the
 * rest are the plain job handlers.
 */
export function serviceHandlers(
  rt: () => ServiceRuntime,
  env: Env,
  fetchFn: typeof fetch,
): Record<string, JobHandler> {
  const r = () => rt();
  const base = jobHandlers({
    get store() {
      return r().store;
    },
    get config() {
      return r().config;
    },
    env,
    queue: () => r().jobs,
    secretKey: () => r().secretKey(),
  });
  const evaluateOnService: JobHandler = async (_payload, ctx) => {
    const runtime = r();
    await runtime.reload();
    const policy = await runtime.policy().catch(() => undefined);
    const result = await evaluate(runtime.store, {
      clock: ctx.clock,
      service: runtime.evaluation(),
      ...(policy !== undefined && { policy }),
    });
    const notified =
      policy === undefined
        ? null
        : await detectAndEmit(runtime.store, runtime.evaluation().current(), policy, ctx.clock);
    return {
      totals: result.totals,
      clocks: result.clocks,
      snapshot: result.snapshot !== null,
      notified,
    };
  };
  return {
    ...base,
    [jobKinds.evaluate]: evaluateOnService,
    [jobKinds.complianceSnapshot]: evaluateOnService,
    [serviceJobKinds.webhooksDeliver]: async (payload, ctx) => {
      const runtime = r();
      return deliverJob(runtime.store, {
        secrets: webhookSecrets(await runtime.secretKey()),
        fetch: (url, init) => fetchFn(url, init),
      })(payload, ctx);
    },
  };
}
