import { z } from 'zod';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Store } from '../../store/index.js';
import type { AppConfig, Env } from '../config.js';
import { evaluate } from '../evaluate-fleet.js';
import { liveSyncDeps } from '../feed-catalog.js';
import type { SyncDeps } from '../feeds.js';
import { resolvePolicyPath } from '../policy-source.js';
import { syncAll } from '../sync-all.js';
import { syncConnections } from '../vsphere/connections.js';
import type { JobContext, JobHandler, JobQueue } from './contract.js';

/** Every job kind Patchline runs, by name. */
export const jobKinds = {
  feedsSync: 'feeds.sync',
  evaluate: 'evaluate',
  vsphereSync: 'vsphere.sync',
  complianceSnapshot: 'compliance.snapshot',
} as const;
export type JobKind = (typeof jobKinds)[keyof typeof jobKinds];

export interface HandlerDeps {
  readonly store: Store;
  readonly config: AppConfig;
  readonly env: Env;
  /** Where follow-ups go (evaluation after a sync); a getter, as the queue needs the handlers. */
  readonly queue: () => JobQueue;
  /** The key of stored vCenter passwords; without it `vsphere.sync` fails saying so. */
  readonly secretKey?: () => Promise<Buffer>;
  /** HTTP and retry services of `feeds.sync`. @default live ones (`liveSyncDeps`) */
  readonly syncDeps?: (ctx: JobContext) => SyncDeps;
}

const feedsPayload = z.object({ sources: z.array(z.string()).optional() }).strict();
const vspherePayload = z.object({ connection: z.string().optional() }).strict();
const noPayload = z.object({}).strict();

function parse<T>(schema: z.ZodType<T>, payload: unknown, kind: string): T {
  const r = schema.safeParse(payload);
  if (!r.success) {
    throw new AppError(ErrorCode.InputInvalid, `${kind} payload: ${r.error.message}`);
  }
  return r.data;
}

/** Evaluation after a change, once however many syncs ask for it while it waits. */
async function followUp(deps: HandlerDeps, after: string): Promise<string> {
  const job = await deps
    .queue()
    .enqueue({ kind: jobKinds.evaluate, key: jobKinds.evaluate, requestedBy: `system:${after}` });
  return job.id;
}

/**
 * The handlers of every {@link JobKind}, over the existing use cases. Each is idempotent: a
 * sync stores what it fetched by content and an evaluation is derived, so a retry repeats
 * nothing but work.
 */
export function jobHandlers(deps: HandlerDeps): Record<JobKind, JobHandler> {
  return {
    [jobKinds.feedsSync]: async (payload, ctx) => {
      const { sources } = parse(feedsPayload, payload, jobKinds.feedsSync);
      const sync = deps.syncDeps?.(ctx) ?? liveSyncDeps(ctx.clock, deps.env, undefined);
      const results = await syncAll(deps.store, sources ? { sources } : {}, {
        ...sync,
        signal: ctx.signal,
      });
      const evaluation = await followUp(deps, jobKinds.feedsSync);
      return {
        sources: results.map((r) => ({ source: r.source, status: r.status })),
        evaluation,
      };
    },
    [jobKinds.evaluate]: async (payload, ctx) => {
      parse(noPayload, payload, jobKinds.evaluate);
      const policyPath = deps.config.policy;
      const r = await evaluate(deps.store, {
        clock: ctx.clock,
        ...(policyPath !== undefined && { policyPath }),
      });
      return { totals: r.totals, clocks: r.clocks, snapshot: r.snapshot !== null };
    },
    [jobKinds.complianceSnapshot]: async (payload, ctx) => {
      parse(noPayload, payload, jobKinds.complianceSnapshot);
      const r = await evaluate(deps.store, {
        clock: ctx.clock,
        policyPath: resolvePolicyPath(undefined, deps.config),
      });
      return { totals: r.totals, snapshot: r.snapshot };
    },
    [jobKinds.vsphereSync]: async (payload, ctx) => {
      const { connection } = parse(vspherePayload, payload, jobKinds.vsphereSync);
      // The schedule runs on every install; without a connection there is nothing to sync.
      if (connection === undefined && (await deps.store.vsphere.listConnections()).length === 0) {
        return { connections: [], evaluation: null };
      }
      if (!deps.secretKey) {
        throw new AppError(
          ErrorCode.SecretKeyUnavailable,
          'vsphere.sync needs the secret key of the stored vCenter passwords; this worker has none',
        );
      }
      const key = await deps.secretKey();
      const context = { store: deps.store, clock: ctx.clock, key, close: () => Promise.resolve() };
      const reports = await syncConnections(context, connection, { signal: ctx.signal });
      const evaluation = await followUp(deps, jobKinds.vsphereSync);
      return {
        connections: reports.map((r) => ({ connection: r.connection, mode: r.mode, vms: r.vms })),
        evaluation,
      };
    },
  };
}
