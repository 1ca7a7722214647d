import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../domain/clock.js';
import type { AppConfig, Env } from '../app/config.js';
import { openJobs } from '../app/jobs/open.js';
import { optionalPolicy } from '../app/policy.js';
import { startScheduler, type RunningScheduler } from '../app/schedule/scheduler.js';
import { loadKeyForStore } from '../app/secrets.js';
import { firstStart, type FirstStart } from '../app/service/bootstrap.js';
import { serviceHandlers, serviceSchedules } from '../app/service/handlers.js';
import { identityAuthenticator } from '../app/service/identity-auth.js';
import { openRuntime } from '../app/service/open-runtime.js';
import type { ServiceRuntime } from '../app/service/runtime.js';
import { openAppStore } from '../app/open-store.js';
import { secretKeyFile } from '../app/vsphere/secrets.js';
import { buildApi } from './server.js';

export interface StartOptions {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly env: Env;
  readonly version: string;
  /** Load the sample estate, feeds and policy into an empty store. @default true */
  readonly sample?: boolean;
  /** Run the scheduler in this process. @default true */
  readonly scheduler?: boolean;
  /** JSON log lines (pino); false for none. */
  readonly logger?: boolean;
  /** Where fetches (webhooks) go. @default global fetch */
  readonly fetch?: typeof fetch;
}

export interface RunningServer {
  /** `http://host:port`, the port the system chose when 0 was asked. */
  readonly url: string;
  readonly first: FirstStart;
  readonly app: FastifyInstance;
  readonly rt: ServiceRuntime;
  /** Stops taking requests, drains those in flight and the running jobs, closes the store. */
  close(): Promise<void>;
}

/**
 * `patchline serve`: the service's composition. Opens the store (loading the sample and the
 * first admin on a first start), evaluates once, then serves the API with the in-process
 * worker and the scheduler. On PostgreSQL more `serve` and `worker` processes may share the
 * store; every tick still fires once.
 */
export async function startServer(o: StartOptions): Promise<RunningServer> {
  const { config, clock } = o;
  const seed = await openAppStore(config, clock, { busyRetries: 5 });
  let first: FirstStart;
  try {
    first = await firstStart(seed, clock, {
      sample: o.sample ?? true,
      maxInputBytes: config.maxInputBytes,
    });
  } finally {
    await seed.close();
  }
  const key = (store: ServiceRuntime['store']) =>
    loadKeyForStore(o.env, secretKeyFile(config), store);
  const rt = await openRuntime(config, clock, {
    auth: (store) => identityAuthenticator(store, clock),
    jobs: (store, runtime) =>
      openJobs(store, config, clock, serviceHandlers(runtime, o.env, o.fetch ?? fetch)),
    policy: async (store) => (await optionalPolicy(store, undefined, config, clock.now()))?.policy,
    secretKey: key,
  });
  let scheduler: RunningScheduler | undefined;
  let app: FastifyInstance | undefined;
  try {
    app = await buildApi(rt, { version: o.version, logger: o.logger ?? true });
    await app.listen({ host: config.listen.host, port: config.listen.port });
    await rt.worker.start();
    if (o.scheduler ?? true) {
      scheduler = startScheduler({
        store: rt.store,
        queue: rt.jobs,
        clock,
        schedules: serviceSchedules,
        processId: `serve:${randomUUID().slice(0, 8)}`,
        onError: (schedule, error) => app?.log.error({ schedule, error }, 'schedule failed'),
      });
    }
  } catch (e) {
    await app?.close();
    await rt.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.listen.port;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  let closing: Promise<void> | undefined;
  const server = app;
  return {
    url: `http://${host}:${port}`,
    first,
    app: server,
    rt,
    close: () =>
      (closing ??= (async () => {
        await scheduler?.stop();
        await server.close();
        await rt.close();
      })()),
  };
}
