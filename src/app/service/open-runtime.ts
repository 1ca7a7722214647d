import { performance } from 'node:perf_hooks';
import type { Clock } from '../../domain/clock.js';
import type { Policy } from '../../policy/index.js';
import type { AppConfig } from '../config.js';
import { EvaluationService } from '../evaluation/index.js';
import type { JobQueue, JobWorker } from '../jobs/contract.js';
import { openAppStore, type Store } from '../open-store.js';
import { noPolicyError } from '../policy-source.js';
import type { Authenticator } from './authenticator.js';
import { answerCacheMs, policyCacheMs, type ReadyCheck, type ServiceRuntime } from './runtime.js';

/** The parts a runtime is built from; the composition root picks the real ones. */
export interface RuntimeParts {
  readonly auth: (store: Store) => Authenticator;
  readonly jobs: (
    store: Store,
    rt: () => ServiceRuntime,
  ) => { readonly queue: JobQueue; readonly worker: JobWorker };
  /** The policy in force, or undefined when none is configured or stored. */
  readonly policy: (store: Store) => Promise<Policy | undefined>;
  /** The secret key for this store (`loadKeyForStore`). */
  readonly secretKey: (store: Store) => Promise<Buffer>;
  /** Opens the store. @default `openAppStore` with busy retries */
  readonly store?: (config: AppConfig, clock: Clock) => Promise<Store>;
}

/**
 * Opens the store, evaluates the fleet once (the cold start a server pays at boot) and wires
 * the job runtime. Changes are applied one at a time: a reader always holds a whole generation.
 */
export async function openRuntime(
  config: AppConfig,
  clock: Clock,
  parts: RuntimeParts,
): Promise<ServiceRuntime> {
  const store = await (parts.store ?? ((c, k) => openAppStore(c, k, { busyRetries: 5 })))(
    config,
    clock,
  );
  const stats = { evaluations: 0, lastEvaluationMs: 0 };
  const evaluate = async () => {
    const t0 = performance.now();
    const s = await EvaluationService.open(store, { now: clock.now() });
    stats.lastEvaluationMs = performance.now() - t0;
    stats.evaluations += 1;
    return s;
  };
  let service: EvaluationService;
  try {
    service = await evaluate();
  } catch (e) {
    await store.close();
    throw e;
  }
  // Changes are serialised: each waits for the one before it.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  };
  let closed = false;
  // Reading and checking the policy costs as much as a report: it is kept for a few seconds.
  const answers = new Map<string, { at: number; generation: number; value: Promise<unknown> }>();
  let policyRead: { readonly at: number; readonly value: Promise<Policy | undefined> } | undefined;
  const rt: ServiceRuntime = {
    config,
    clock,
    store,
    auth: parts.auth(store),
    get jobs() {
      return jobs.queue;
    },
    get worker() {
      return jobs.worker;
    },
    evaluation: () => service,
    refreshAssets: (ids) =>
      serial(async () => {
        await service.refreshAssets(ids);
      }),
    reload: () =>
      serial(async () => {
        service = await evaluate();
      }),
    stats,
    secretKey: () => parts.secretKey(store),
    policyChanged: () => {
      policyRead = undefined;
      answers.clear();
    },
    cached: <T>(key: string, compute: () => Promise<T>): Promise<T> => {
      const now = clock.now().getTime();
      const generation = service.generation;
      const hit = answers.get(key);
      if (hit && hit.generation === generation && now >= hit.at && now - hit.at < answerCacheMs) {
        return hit.value as Promise<T>;
      }
      const value = compute();
      answers.delete(key);
      answers.set(key, { at: now, generation, value });
      if (answers.size > 64) answers.delete(answers.keys().next().value!);
      value.catch(() => {
        if (answers.get(key)?.value === value) answers.delete(key);
      });
      return value;
    },
    policy: async () => {
      const now = clock.now().getTime();
      if (policyRead === undefined || now - policyRead.at >= policyCacheMs || now < policyRead.at) {
        const value = parts.policy(store);
        policyRead = { at: now, value };
        value.catch(() => {
          if (policyRead?.value === value) policyRead = undefined;
        });
      }
      const p = await policyRead.value;
      if (p === undefined) throw noPolicyError();
      return p;
    },
    ready: async () => {
      const checks: ReadyCheck[] = [];
      try {
        await store.assets.findByName('');
        checks.push({ name: 'store', ok: true, detail: store.dialect });
      } catch (e) {
        checks.push({ name: 'store', ok: false, detail: (e as Error).message });
      }
      // Opening the store applied every migration this build has, or failed.
      checks.push({ name: 'migrations', ok: true });
      checks.push({
        name: 'worker',
        ok: jobs.worker.running,
        ...(!jobs.worker.running && { detail: 'not running' }),
      });
      checks.push({ name: 'evaluation', ok: true, detail: `generation ${service.generation}` });
      return checks;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await jobs.worker.stop(5000);
      await tail;
      await store.close();
    },
  };
  const jobs = parts.jobs(store, () => rt);
  return rt;
}
