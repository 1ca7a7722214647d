import { actorOf, type Principal } from '../../domain/access.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import {
  WaiverScopeSchema,
  type Policy,
  type PolicyDocument,
  type Waiver,
} from '../../policy/index.js';
import type {
  Store,
  StoreRepos,
  WaiverRequestRecord,
  WaiverRequestState,
} from '../../store/index.js';
import { checkExpiry, parseScope } from './waiver-checks.js';

export type { WaiverRequestRecord, WaiverRequestState };

/** A stored state, or `expired`: requested or approved, and past its `expires` day. */
export type WaiverRequestStatus = WaiverRequestState | 'expired';
export const waiverRequestStatuses: readonly WaiverRequestStatus[] = [
  'requested',
  'approved',
  'rejected',
  'revoked',
  'expired',
];

/** A request as readers see it: the record with its status as of their clock. */
export interface WaiverRequestView extends WaiverRequestRecord {
  readonly status: WaiverRequestStatus;
}

export interface RequestWaiverInput {
  /** The policy's waiver scope (CVE, advisory or package; assets, selector, image, tiers). */
  readonly scope: unknown;
  readonly reason: string;
  readonly compensatingControl?: string;
  /** YYYY-MM-DD, the first day no longer covered. */
  readonly expires: string;
  /** Needs `operate`; the route checks it. */
  readonly requestedBy: Principal;
  /** The policy in force: its tiers bound the expiry, `waiverApprovals` sets how many approve. */
  readonly policy: PolicyDocument;
  readonly now: Date;
}

/** What a transition did; `changed` false means nothing was written or audited. */
export interface WaiverTransition {
  readonly request: WaiverRequestView;
  readonly before: WaiverRequestState;
  readonly changed: boolean;
}

/**
 * Asks for a waiver: state `requested`, audited as `waiver.request`. The scope must be a valid
 * policy waiver scope naming known tiers, and the waiver may run from today at most the
 * `maxWaiver` of the strictest tier it can reach (the bound the policy's own waivers obey).
 */
export async function requestWaiver(
  store: Store,
  input: RequestWaiverInput,
): Promise<WaiverRequestView> {
  const scope = parseScope(input.scope, input.policy);
  const reason = required(input.reason, 'reason');
  const today = dayOf(input.now);
  checkExpiry(input.policy, scope, today, input.expires);
  const actor = actorOf(input.requestedBy);
  return store.transaction(async (tx) => {
    const record = await tx.waiverRequests.create({
      scope,
      reason,
      compensatingControl: input.compensatingControl?.trim() || null,
      expires: input.expires,
      requiredApprovals: input.policy.waiverApprovals ?? 1,
      requestedBy: actor,
    });
    await audit(tx, input.requestedBy, 'waiver.request', record, null, reason);
    return view(record, today);
  });
}

/**
 * Records `approver`'s approval (needs `approve`; the route checks it). The request turns
 * `approved`, in force, once `requiredApprovals` distinct people approved; a second approval by
 * the same person counts once (`changed: false`). The requester may never approve
 * (SEPARATION_OF_DUTIES); only a `requested`, unexpired request can be approved (CONFLICT).
 */
export function approveWaiver(
  store: Store,
  id: string,
  approver: Principal,
  now: Date,
): Promise<WaiverTransition> {
  return store.transaction(async (tx) => {
    const record = await pending(tx, id, approver, 'approve', now);
    const who = actorOf(approver);
    if (record.approvals.some((a) => sameActor(a.approver, who))) {
      return { request: view(record, dayOf(now)), before: record.state, changed: false };
    }
    let after = await tx.waiverRequests.addApproval(record.seq, who);
    if (after.approvals.length >= after.requiredApprovals) {
      after = await tx.waiverRequests.setState(record.seq, 'approved');
    }
    await audit(tx, approver, 'waiver.approve', after, record.state, null);
    return { request: view(after, dayOf(now)), before: record.state, changed: true };
  });
}

/**
 * Rejects a `requested` request with a reason (needs `approve`); audited as `waiver.reject`. The
 * requester may not reject their own (SEPARATION_OF_DUTIES; they revoke it instead).
 */
export async function rejectWaiver(
  store: Store,
  id: string,
  by: Principal,
  reason: string,
  now: Date,
): Promise<WaiverTransition> {
  const why = required(reason, 'reason');
  return store.transaction(async (tx) => {
    const record = await pending(tx, id, by, 'reject', now);
    const after = await tx.waiverRequests.setState(record.seq, 'rejected', {
      by: actorOf(by),
      reason: why,
    });
    await audit(tx, by, 'waiver.reject', after, record.state, why);
    return { request: view(after, dayOf(now)), before: record.state, changed: true };
  });
}

/**
 * Withdraws a `requested` or `approved` request (an approved one stops covering findings at
 * once); audited as `waiver.revoke`. Needs `approve`, or being its requester: ending an
 * exception never needs a second person. CONFLICT once rejected or revoked.
 */
export function revokeWaiver(
  store: Store,
  id: string,
  by: Principal,
  now: Date,
  reason?: string,
): Promise<WaiverTransition> {
  return store.transaction(async (tx) => {
    const record = await find(tx, id);
    if (record.state !== 'requested' && record.state !== 'approved') {
      throw new AppError(
        ErrorCode.Conflict,
        `waiver request ${record.id} is ${record.state}: only a requested or approved one can be revoked`,
        { location: { record: record.id }, details: { state: record.state } },
      );
    }
    const why = reason?.trim() || null;
    const after = await tx.waiverRequests.setState(record.seq, 'revoked', {
      by: actorOf(by),
      reason: why,
    });
    await audit(tx, by, 'waiver.revoke', after, record.state, why);
    return { request: view(after, dayOf(now)), before: record.state, changed: true };
  });
}

/** Requests, oldest first, with their status as of `now`; only those of `status` when given. */
export async function listWaiverRequests(
  store: Store,
  opts: { readonly status?: WaiverRequestStatus; readonly now: Date },
): Promise<WaiverRequestView[]> {
  const today = dayOf(opts.now);
  const stored = opts.status === undefined || opts.status === 'expired' ? undefined : opts.status;
  const list = await store.waiverRequests.list(stored === undefined ? {} : { state: stored });
  const views = list.map((r) => view(r, today));
  return opts.status === undefined ? views : views.filter((v) => v.status === opts.status);
}

/** One request by id (`wr-3` or `3`); NOT_FOUND when there is none. */
export async function getWaiverRequest(
  store: Store,
  id: string,
  now: Date,
): Promise<WaiverRequestView> {
  return view(await find(store, id), dayOf(now));
}

/**
 * The store's waivers in force on `now`'s day (approved, not revoked, not expired) as policy
 * waivers: owner is the requester, approver the approvers joined by `, `, created the day asked.
 */
export async function storeWaiversInForce(store: Store, now: Date): Promise<Waiver[]> {
  const today = dayOf(now);
  const approved = await store.waiverRequests.list({ state: 'approved' });
  return approved.filter((r) => r.expires > today).map(asPolicyWaiver);
}

/**
 * The policy with `waivers` added after its own. Its hash stays the policy's: it names the
 * policy version; the store's waivers are audited one by one instead.
 */
export function withStoreWaivers(policy: Policy, waivers: readonly Waiver[]): Policy {
  if (waivers.length === 0) return policy;
  return { ...policy, waivers: [...policy.waivers, ...waivers] };
}

function asPolicyWaiver(r: WaiverRequestRecord): Waiver {
  return {
    id: r.id,
    scope: WaiverScopeSchema.parse(r.scope),
    reason: r.reason,
    compensatingControl: r.compensatingControl ?? 'none stated',
    owner: r.requestedBy,
    approver: r.approvals.map((a) => a.approver).join(', '),
    created: r.requestedAt.slice(0, 10),
    expires: r.expires,
  };
}

function view(r: WaiverRequestRecord, today: string): WaiverRequestView {
  const live = r.state === 'requested' || r.state === 'approved';
  return { ...r, status: live && r.expires <= today ? 'expired' : r.state };
}

/** A request an approver may decide: not their own, still requested, not expired. */
async function pending(
  tx: StoreRepos,
  id: string,
  by: Principal,
  verb: 'approve' | 'reject',
  now: Date,
): Promise<WaiverRequestRecord> {
  const record = await find(tx, id);
  if (sameActor(record.requestedBy, actorOf(by))) {
    throw new AppError(
      ErrorCode.SeparationOfDuties,
      `${actorOf(by)} requested waiver ${record.id} and cannot ${verb} it: another approver must`,
      { location: { record: record.id }, details: { requestedBy: record.requestedBy } },
    );
  }
  if (record.state !== 'requested') {
    throw new AppError(
      ErrorCode.Conflict,
      `waiver request ${record.id} is ${record.state}: only a requested one can be ${verb === 'approve' ? 'approved' : 'rejected'}`,
      { location: { record: record.id }, details: { state: record.state } },
    );
  }
  if (record.expires <= dayOf(now)) {
    throw new AppError(
      ErrorCode.Conflict,
      `waiver request ${record.id} expired on ${record.expires}: request a new one`,
      { location: { record: record.id }, details: { state: 'expired' } },
    );
  }
  return record;
}

async function find(
  repos: Pick<StoreRepos, 'waiverRequests'>,
  id: string,
): Promise<WaiverRequestRecord> {
  const m = /^(?:wr-)?(\d{1,12})$/i.exec(id.trim());
  const record = m ? await repos.waiverRequests.get(Number(m[1])) : undefined;
  if (!record) {
    throw new AppError(ErrorCode.NotFound, `no waiver request ${id}`, {
      location: { record: id },
    });
  }
  return record;
}

async function audit(
  tx: StoreRepos,
  by: Principal,
  action: string,
  after: WaiverRequestRecord,
  before: WaiverRequestState | null,
  reason: string | null,
): Promise<void> {
  await tx.audit.append({
    actor: actorOf(by),
    action,
    object: `waiver-request:${after.id}`,
    reason,
    details: {
      before,
      after: after.state,
      approvals: after.approvals.map((a) => a.approver),
      requiredApprovals: after.requiredApprovals,
      scope: after.scope,
      expires: after.expires,
      principal: by.id,
    },
  });
}

function required(text: string, what: string): string {
  const t = text.trim();
  if (t === '') throw new AppError(ErrorCode.InputInvalid, `a waiver request needs a ${what}`);
  return t;
}

function sameActor(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}
