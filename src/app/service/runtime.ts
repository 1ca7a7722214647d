import type { Clock } from '../../domain/clock.js';
import type { Policy } from '../../policy/index.js';
import type { AppConfig } from '../config.js';
import type { EvaluationService } from '../evaluation/index.js';
import type { JobQueue, JobWorker } from '../jobs/contract.js';
import type { Store } from '../open-store.js';
import type { Authenticator } from './authenticator.js';

/** How long a process keeps the policy it read before reading it again. */
export const policyCacheMs = 10_000;

/** How long a derived answer (a report) is served again before it is computed anew. */
export const answerCacheMs = 60_000;

/** One readiness check: `/readyz` is ready when every check is. */
export interface ReadyCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/**
 * Everything a long-running process (the server, a worker) holds: the one store, the one
 * long-lived evaluation kept current as inventories and advisories change, and the job runtime.
 * Built once by `openRuntime`; entry points call use cases with its parts.
 */
export interface ServiceRuntime {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly store: Store;
  readonly auth: Authenticator;
  readonly jobs: JobQueue;
  readonly worker: JobWorker;
  /** The current evaluation service; replaced, never mutated under a reader, after changes. */
  evaluation(): EvaluationService;
  /**
   * The policy in force: `PATCHLINE_POLICY` when set, else the store's active version;
   * POLICY_INVALID naming both when there is neither.
   */
  policy(): Promise<Policy>;
  /**
   * Forget the policy read last: the next `policy()` reads it again. Called after an upload,
   * an activation or a waiver decision in this process; other processes notice within
   * {@link policyCacheMs}.
   */
  policyChanged(): void;
  /**
   * `compute()` once per key for the current evaluation generation and policy, for at most
   * {@link answerCacheMs}: fleet-wide answers (compliance) cost seconds at scale and are read
   * far more often than the fleet changes. Any change to the evaluation or the policy in this
   * process drops every entry.
   */
  cached<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** The key that encrypts stored secrets (vCenter passwords, webhook secrets). */
  secretKey(): Promise<Buffer>;
  /** Re-evaluates these assets after their inventories or labels changed. */
  refreshAssets(assetIds: readonly string[]): Promise<void>;
  /** Re-reads everything (after a feed sync or an advisory import). */
  reload(): Promise<void>;
  /** How many assets the evaluation holds, and when it was last rebuilt, for metrics. */
  readonly stats: { readonly evaluations: number; readonly lastEvaluationMs: number };
  ready(): Promise<readonly ReadyCheck[]>;
  close(): Promise<void>;
}
