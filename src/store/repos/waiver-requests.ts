import { AppError, ErrorCode } from '../../domain/errors.js';
import type { WaiverRequestsTable } from '../schema.js';
import type { RepoContext } from './context.js';

export const waiverRequestStates = ['requested', 'approved', 'rejected', 'revoked'] as const;
/** As stored; `expired` is derived by readers from `expires` and their clock. */
export type WaiverRequestState = (typeof waiverRequestStates)[number];

export interface WaiverApproval {
  readonly approver: string;
  readonly at: string;
}

export interface WaiverRequestRecord {
  /** `wr-<seq>`. */
  readonly id: string;
  readonly seq: number;
  /** The policy's waiver scope, as the app validated it. */
  readonly scope: Readonly<Record<string, unknown>>;
  readonly reason: string;
  readonly compensatingControl: string | null;
  /** YYYY-MM-DD, the first day no longer covered. */
  readonly expires: string;
  readonly requiredApprovals: number;
  readonly state: WaiverRequestState;
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** Distinct approvers, in the order they approved. */
  readonly approvals: readonly WaiverApproval[];
  /** Who rejected or revoked it, when and why; null otherwise. */
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionReason: string | null;
}

export type WaiverRequestInput = Pick<
  WaiverRequestRecord,
  'scope' | 'reason' | 'compensatingControl' | 'expires' | 'requiredApprovals' | 'requestedBy'
>;

/**
 * Waiver requests and their approvals (migration `0012-policy-versions`). The repository
 * stores transitions; which ones are allowed is the app's (`app/policy-versions/waivers.ts`).
 */
export interface WaiverRequestRepository {
  /** A new request in state `requested`, numbered one past the newest. */
  create(input: WaiverRequestInput): Promise<WaiverRequestRecord>;
  get(seq: number): Promise<WaiverRequestRecord | undefined>;
  /** Oldest first; only those in `state` when given. */
  list(filter?: { readonly state?: WaiverRequestState }): Promise<WaiverRequestRecord[]>;
  /** Records `approver`'s approval, once per approver (a repeat changes nothing). */
  addApproval(seq: number, approver: string): Promise<WaiverRequestRecord>;
  /** Sets the state; `by` and `reason` are recorded for rejections and revocations. */
  setState(
    seq: number,
    state: WaiverRequestState,
    decision?: { readonly by: string; readonly reason: string | null },
  ): Promise<WaiverRequestRecord>;
}

export function waiverRequestRepository(ctx: RepoContext): WaiverRequestRepository {
  const { db } = ctx;
  const now = (): string => ctx.clock.now().toISOString();

  async function read(rows: WaiverRequestsTable[]): Promise<WaiverRequestRecord[]> {
    if (rows.length === 0) return [];
    const approvals = await db
      .selectFrom('waiver_approvals')
      .selectAll()
      .where(
        'seq',
        'in',
        rows.map((r) => r.seq),
      )
      .orderBy('approved_at')
      .orderBy('approver')
      .execute();
    const by = new Map<number, WaiverApproval[]>();
    for (const a of approvals) {
      const list = by.get(Number(a.seq)) ?? [];
      list.push({ approver: a.approver, at: a.approved_at });
      by.set(Number(a.seq), list);
    }
    return rows.map((r) => toRecord(r, by.get(Number(r.seq)) ?? []));
  }

  async function getOrThrow(seq: number): Promise<WaiverRequestRecord> {
    const row = await db
      .selectFrom('waiver_requests')
      .selectAll()
      .where('seq', '=', seq)
      .executeTakeFirst();
    const [record] = await read(row ? [row] : []);
    if (!record) {
      throw new AppError(ErrorCode.NotFound, `no waiver request wr-${seq}`, {
        location: { record: `wr-${seq}` },
      });
    }
    return record;
  }

  return {
    async create(input) {
      const last = await db
        .selectFrom('waiver_requests')
        .select((eb) => eb.fn.max('seq').as('n'))
        .executeTakeFirst();
      const row: WaiverRequestsTable = {
        seq: Number(last?.n ?? 0) + 1,
        scope: JSON.stringify(input.scope),
        reason: input.reason,
        compensating_control: input.compensatingControl,
        expires: input.expires,
        required_approvals: input.requiredApprovals,
        state: 'requested',
        requested_by: input.requestedBy,
        requested_at: now(),
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      };
      await db.insertInto('waiver_requests').values(row).execute();
      return toRecord(row, []);
    },
    async get(seq) {
      const row = await db
        .selectFrom('waiver_requests')
        .selectAll()
        .where('seq', '=', seq)
        .executeTakeFirst();
      return (await read(row ? [row] : []))[0];
    },
    async list(filter = {}) {
      let q = db.selectFrom('waiver_requests').selectAll().orderBy('seq');
      if (filter.state !== undefined) q = q.where('state', '=', filter.state);
      return read(await q.execute());
    },
    async addApproval(seq, approver) {
      const current = await getOrThrow(seq);
      if (current.approvals.some((a) => a.approver === approver)) return current;
      await db
        .insertInto('waiver_approvals')
        .values({ seq, approver, approved_at: now() })
        .execute();
      return getOrThrow(seq);
    },
    async setState(seq, state, decision) {
      await getOrThrow(seq);
      await db
        .updateTable('waiver_requests')
        .set({
          state,
          ...(decision && {
            decided_by: decision.by,
            decided_at: now(),
            decision_reason: decision.reason,
          }),
        })
        .where('seq', '=', seq)
        .execute();
      return getOrThrow(seq);
    },
  };
}

function toRecord(r: WaiverRequestsTable, approvals: WaiverApproval[]): WaiverRequestRecord {
  const seq = Number(r.seq);
  return {
    id: `wr-${seq}`,
    seq,
    scope: JSON.parse(r.scope) as Record<string, unknown>,
    reason: r.reason,
    compensatingControl: r.compensating_control,
    expires: r.expires,
    requiredApprovals: Number(r.required_approvals),
    state: r.state as WaiverRequestState,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    approvals,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
  };
}
