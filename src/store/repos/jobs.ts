import { sql, type Selectable } from 'kysely';
import type { RepoContext } from './context.js';

export type StoredJobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A job as the `jobs` table keeps it (migration `0010-jobs`). */
export interface StoredJob {
  readonly id: string;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly key: string | null;
  readonly state: StoredJobState;
  /** Attempts started; the running attempt's number while running. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly runAt: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly lastError: string | null;
  readonly result: unknown;
  readonly requestedBy: string;
  /** The worker holding the running attempt, until `leaseUntil` unless it renews. */
  readonly leaseOwner: string | null;
  readonly leaseUntil: string | null;
}

export interface NewJob {
  readonly id: string;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly key: string | null;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly runAt: string;
  readonly createdAt: string;
  readonly requestedBy: string;
}

export interface StoredJobFilter {
  readonly state?: StoredJobState;
  readonly kind?: string;
  /** @default 100 */
  readonly limit?: number;
  /** Only jobs created before this job (newest first paging). */
  readonly before?: string;
}

/** Identifies one attempt: writes about it apply only while it is still the running attempt. */
export interface AttemptRef {
  readonly id: string;
  readonly attempt: number;
  readonly now: string;
}

export interface TickClaim {
  readonly schedule: string;
  readonly tick: string;
  readonly firedAt: string;
  readonly firedBy: string;
}

export interface StoredTick extends TickClaim {
  readonly jobId: string | null;
}

/**
 * The job history both engines share, and the schedule ticks that fired. Every write that is
 * about an attempt is fenced on (id, attempt, running): a worker that lost its lease cannot
 * overwrite the outcome of the attempt that replaced it.
 */
export interface JobRepository {
  /** Inserts the job; while a job with the same key is queued or running, returns that one instead. */
  insert(job: NewJob): Promise<{ readonly job: StoredJob; readonly created: boolean }>;
  get(id: string): Promise<StoredJob | undefined>;
  /** Newest first. */
  list(filter?: StoredJobFilter): Promise<StoredJob[]>;
  counts(): Promise<Record<StoredJobState, number>>;
  /** Takes the oldest due queued job (one UPDATE): it becomes running, its attempt counted. */
  claim(opts: {
    readonly now: string;
    readonly owner: string;
    readonly leaseUntil: string;
  }): Promise<StoredJob | undefined>;
  /** Queued → running as attempt `attempt` (an engine that counts attempts itself). */
  start(
    ref: AttemptRef & { readonly owner: string; readonly leaseUntil: string },
  ): Promise<StoredJob | undefined>;
  /** Extends the lease; false when the attempt is no longer the running one (cancelled, expired). */
  renew(ref: AttemptRef & { readonly leaseUntil: string }): Promise<boolean>;
  /** Running → a final state; false when the attempt was no longer the running one. */
  finish(
    ref: AttemptRef & {
      readonly state: 'succeeded' | 'failed' | 'cancelled';
      readonly result?: unknown;
      readonly error?: string | null;
    },
  ): Promise<boolean>;
  /** Running → queued again at `runAt`, keeping the error; false as `finish`. */
  retry(ref: AttemptRef & { readonly runAt: string; readonly error: string }): Promise<boolean>;
  /** Queued or running → cancelled; `was` is the state before, undefined for an unknown id. */
  cancel(
    id: string,
    now: string,
  ): Promise<{ readonly job: StoredJob; readonly was: StoredJobState } | undefined>;
  /**
   * Running jobs whose lease ended before `now`: queued again when attempts remain, else failed.
   * Returns them as they were (with the owner that lost them).
   */
  expire(now: string): Promise<StoredJob[]>;
  /** Records that `schedule` fired for `tick`; false when some process already did. */
  claimTick(claim: TickClaim): Promise<boolean>;
  setTickJob(schedule: string, tick: string, jobId: string): Promise<void>;
  /** The latest tick that fired for `schedule`. */
  lastTick(schedule: string): Promise<string | undefined>;
  ticks(schedule?: string): Promise<StoredTick[]>;
}

interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  key: string | null;
  state: string;
  attempts: number;
  max_attempts: number;
  timeout_ms: number;
  run_at: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  last_error: string | null;
  result: string | null;
  requested_by: string;
  lease_owner: string | null;
  lease_until: string | null;
  heartbeat_at: string | null;
}

interface TicksTable {
  schedule: string;
  tick: string;
  job_id: string | null;
  fired_at: string;
  fired_by: string;
}

type Tables = { jobs: JobsTable; schedule_ticks: TicksTable };
type JobRow = Selectable<JobsTable>;

const live = sql<boolean>`state in ('queued', 'running')`;

function toJob(r: JobRow): StoredJob {
  return {
    id: r.id,
    kind: r.kind,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    key: r.key,
    state: r.state as StoredJobState,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    timeoutMs: Number(r.timeout_ms),
    runAt: r.run_at,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    lastError: r.last_error,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    requestedBy: r.requested_by,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
  };
}

const noLease = { lease_owner: null, lease_until: null } as const;

export function jobRepository(ctx: RepoContext): JobRepository {
  const db = ctx.db.withTables<Tables>();
  const byId = (id: string) => db.selectFrom('jobs').selectAll().where('id', '=', id);

  const running = (ref: AttemptRef) =>
    db
      .updateTable('jobs')
      .where('id', '=', ref.id)
      .where('attempts', '=', ref.attempt)
      .where('state', '=', 'running');

  return {
    async insert(job) {
      for (let tries = 0; ; tries++) {
        const inserted = await db
          .insertInto('jobs')
          .values({
            id: job.id,
            kind: job.kind,
            payload: JSON.stringify(job.payload),
            key: job.key,
            state: 'queued',
            attempts: 0,
            max_attempts: job.maxAttempts,
            timeout_ms: job.timeoutMs,
            run_at: job.runAt,
            created_at: job.createdAt,
            started_at: null,
            finished_at: null,
            last_error: null,
            result: null,
            requested_by: job.requestedBy,
            ...noLease,
            heartbeat_at: null,
          })
          .onConflict((oc) => oc.column('key').where(live).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (inserted) return { job: toJob(inserted), created: true };
        const existing = await db
          .selectFrom('jobs')
          .selectAll()
          .where('key', '=', job.key)
          .where(live)
          .executeTakeFirst();
        // The live one may have finished in between; then the key is free again.
        if (existing) return { job: toJob(existing), created: false };
        if (tries >= 3) throw new Error(`job key ${String(job.key)} keeps changing hands`);
      }
    },

    async get(id) {
      const r = await byId(id).executeTakeFirst();
      return r && toJob(r);
    },

    async list(filter = {}) {
      let q = db.selectFrom('jobs').selectAll();
      if (filter.state) q = q.where('state', '=', filter.state);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.before !== undefined) {
        const cut = await byId(filter.before).select('created_at').executeTakeFirst();
        if (!cut) return [];
        q = q.where((eb) =>
          eb.or([
            eb('created_at', '<', cut.created_at),
            eb.and([eb('created_at', '=', cut.created_at), eb('id', '<', filter.before ?? '')]),
          ]),
        );
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 100)
        .execute();
      return rows.map(toJob);
    },

    async counts() {
      const rows = await db
        .selectFrom('jobs')
        .select((eb) => ['state', eb.fn.countAll<number | string>().as('n')])
        .groupBy('state')
        .execute();
      const out: Record<StoredJobState, number> = {
        queued: 0,
        running: 0,
        succeeded: 0,
        failed: 0,
        cancelled: 0,
      };
      for (const r of rows) out[r.state as StoredJobState] = Number(r.n);
      return out;
    },

    async claim({ now, owner, leaseUntil }) {
      const r = await db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          attempts: eb('attempts', '+', 1),
          started_at: now,
          lease_owner: owner,
          lease_until: leaseUntil,
          heartbeat_at: now,
        }))
        .where('state', '=', 'queued')
        .where('id', '=', (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where('state', '=', 'queued')
            .where('run_at', '<=', now)
            .orderBy('run_at')
            .orderBy('id')
            .limit(1),
        )
        .returningAll()
        .executeTakeFirst();
      return r && toJob(r);
    },

    async start(ref) {
      const r = await db
        .updateTable('jobs')
        .set({
          state: 'running',
          attempts: ref.attempt,
          started_at: ref.now,
          lease_owner: ref.owner,
          lease_until: ref.leaseUntil,
          heartbeat_at: ref.now,
        })
        .where('id', '=', ref.id)
        .where('state', '=', 'queued')
        .returningAll()
        .executeTakeFirst();
      return r && toJob(r);
    },

    async renew(ref) {
      const r = await running(ref)
        .set({ lease_until: ref.leaseUntil, heartbeat_at: ref.now })
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async finish(ref) {
      const r = await running(ref)
        .set({
          state: ref.state,
          finished_at: ref.now,
          result: ref.result === undefined ? null : JSON.stringify(ref.result),
          ...(ref.error !== undefined && { last_error: ref.error }),
          ...noLease,
        })
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async retry(ref) {
      const r = await running(ref)
        .set({ state: 'queued', run_at: ref.runAt, last_error: ref.error, ...noLease })
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async cancel(id, now) {
      const before = await byId(id).executeTakeFirst();
      if (!before) return undefined;
      const was = before.state as StoredJobState;
      if (was !== 'queued' && was !== 'running') return { job: toJob(before), was };
      const r = await db
        .updateTable('jobs')
        .set({ state: 'cancelled', finished_at: now, ...noLease })
        .where('id', '=', id)
        .where('state', '=', was)
        .returningAll()
        .executeTakeFirst();
      if (r) return { job: toJob(r), was };
      const after = await byId(id).executeTakeFirstOrThrow();
      return { job: toJob(after), was: after.state as StoredJobState };
    },

    async expire(now) {
      const rows = await db
        .selectFrom('jobs')
        .selectAll()
        .where('state', '=', 'running')
        .where('lease_until', '<', now)
        .execute();
      const out: StoredJob[] = [];
      for (const r of rows) {
        const job = toJob(r);
        const error = `lease of ${String(r.lease_owner)} expired at ${String(r.lease_until)} (worker lost)`;
        const again = job.attempts < job.maxAttempts;
        const u = await running({ id: job.id, attempt: job.attempts, now })
          .set(
            again
              ? { state: 'queued', run_at: now, last_error: error, ...noLease }
              : { state: 'failed', finished_at: now, last_error: error, ...noLease },
          )
          .executeTakeFirst();
        if (Number(u.numUpdatedRows) === 1) out.push(job);
      }
      return out;
    },

    async claimTick(claim) {
      const r = await db
        .insertInto('schedule_ticks')
        .values({
          schedule: claim.schedule,
          tick: claim.tick,
          job_id: null,
          fired_at: claim.firedAt,
          fired_by: claim.firedBy,
        })
        .onConflict((oc) => oc.columns(['schedule', 'tick']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async setTickJob(schedule, tick, jobId) {
      await db
        .updateTable('schedule_ticks')
        .set({ job_id: jobId })
        .where('schedule', '=', schedule)
        .where('tick', '=', tick)
        .execute();
    },

    async lastTick(schedule) {
      const r = await db
        .selectFrom('schedule_ticks')
        .select((eb) => eb.fn.max('tick').as('tick'))
        .where('schedule', '=', schedule)
        .executeTakeFirst();
      return r?.tick ?? undefined;
    },

    async ticks(schedule) {
      let q = db.selectFrom('schedule_ticks').selectAll();
      if (schedule !== undefined) q = q.where('schedule', '=', schedule);
      const rows = await q.orderBy('schedule').orderBy('tick').orderBy('fired_by').execute();
      return rows.map((r) => ({
        schedule: r.schedule,
        tick: r.tick,
        jobId: r.job_id,
        firedAt: r.fired_at,
        firedBy: r.fired_by,
      }));
    },
  };
}
