import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../domain/access.js';
import type { FixedClock } from '../../domain/clock.js';
import { loadPolicy, waiversFor, type Policy } from '../../policy/index.js';
import { minimalPolicy, policyText } from '../../policy/testing.js';
import type { Store } from '../../store/index.js';
import { person, tempStore } from './testing.js';
import {
  approveWaiver,
  listWaiverRequests,
  rejectWaiver,
  requestWaiver,
  revokeWaiver,
  storeWaiversInForce,
  withStoreWaivers,
  type RequestWaiverInput,
} from './waivers.js';

const alice = person('alice', Role.Operator);
const bob = person('bob');
const carol = person('carol');

function policyWith(over: Record<string, unknown> = {}): Policy {
  return loadPolicy({ text: policyText({ ...minimalPolicy(), waivers: [], ...over }) });
}

let h: Awaited<ReturnType<typeof tempStore>>;
let store: Store;
let clock: FixedClock;
beforeEach(async () => {
  h = await tempStore('2026-12-07T10:00:00.000Z');
  ({ store, clock } = h);
});
afterEach(async () => {
  await h.close();
});

function ask(over: Partial<RequestWaiverInput> = {}) {
  return requestWaiver(store, {
    scope: { cve: 'CVE-2024-3094', tiers: ['dev'] },
    reason: 'the fixed xz breaks the build',
    expires: '2027-01-31',
    requestedBy: alice,
    policy: policyWith(),
    now: clock.now(),
    ...over,
  });
}

describe('app/policy-versions/waivers', () => {
  it.each`
    approvals | approvers                  | state          | counted
    ${1}      | ${['bob']}                 | ${'approved'}  | ${1}
    ${2}      | ${['bob']}                 | ${'requested'} | ${1}
    ${2}      | ${['bob', 'bob']}          | ${'requested'} | ${1}
    ${2}      | ${['bob', 'BOB']}          | ${'requested'} | ${1}
    ${2}      | ${['bob', 'carol']}        | ${'approved'}  | ${2}
    ${3}      | ${['bob', 'carol', 'bob']} | ${'requested'} | ${2}
  `(
    'with waiverApprovals $approvals, approvals by $approvers leave it $state',
    async ({ approvals, approvers, state, counted }) => {
      const r = await ask({ policy: policyWith({ waiverApprovals: approvals }) });

      for (const name of approvers as string[]) {
        await approveWaiver(store, r.id, person(name), clock.now());
      }

      const [got] = await listWaiverRequests(store, { now: clock.now() });
      expect(got?.state).toBe(state);
      expect(got?.approvals).toHaveLength(counted as number);
    },
  );

  it.each`
    step                                                                | code
    ${() => approveWaiver(store, 'wr-1', alice, clock.now())}           | ${'SEPARATION_OF_DUTIES'}
    ${() => approveWaiver(store, 'wr-1', person('Alice'), clock.now())} | ${'SEPARATION_OF_DUTIES'}
    ${() => rejectWaiver(store, 'wr-1', alice, 'mine', clock.now())}    | ${'SEPARATION_OF_DUTIES'}
    ${() => approveWaiver(store, 'wr-9', bob, clock.now())}             | ${'NOT_FOUND'}
    ${() => approveWaiver(store, 'nine', bob, clock.now())}             | ${'NOT_FOUND'}
    ${() => rejectWaiver(store, 'wr-1', bob, '  ', clock.now())}        | ${'INPUT_INVALID'}
  `('refuses $step with $code and changes nothing', async ({ step, code }) => {
    await ask();

    await expect((step as () => Promise<unknown>)()).rejects.toMatchObject({ code });

    const [r] = await listWaiverRequests(store, { now: clock.now() });
    expect(r).toMatchObject({ state: 'requested', approvals: [] });
    expect((await store.audit.list()).map((e) => e.action)).toEqual(['waiver.request']);
  });

  it.each`
    first                                                              | then                                                                   | code
    ${(id: string) => rejectWaiver(store, id, bob, 'no', clock.now())} | ${(id: string) => approveWaiver(store, id, carol, clock.now())}        | ${'CONFLICT'}
    ${(id: string) => rejectWaiver(store, id, bob, 'no', clock.now())} | ${(id: string) => revokeWaiver(store, id, bob, clock.now())}           | ${'CONFLICT'}
    ${(id: string) => approveWaiver(store, id, bob, clock.now())}      | ${(id: string) => rejectWaiver(store, id, carol, 'late', clock.now())} | ${'CONFLICT'}
    ${(id: string) => approveWaiver(store, id, bob, clock.now())}      | ${(id: string) => approveWaiver(store, id, carol, clock.now())}        | ${'CONFLICT'}
    ${(id: string) => revokeWaiver(store, id, alice, clock.now())}     | ${(id: string) => approveWaiver(store, id, bob, clock.now())}          | ${'CONFLICT'}
    ${(id: string) => revokeWaiver(store, id, bob, clock.now())}       | ${(id: string) => revokeWaiver(store, id, bob, clock.now())}           | ${'CONFLICT'}
  `('refuses a step the state does not allow ($code)', async ({ first, then, code }) => {
    const r = await ask();
    await (first as (id: string) => Promise<unknown>)(r.id);

    await expect((then as (id: string) => Promise<unknown>)(r.id)).rejects.toMatchObject({ code });
  });

  it('audits every transition with the state before and after', async () => {
    const r = await ask({ policy: policyWith({ waiverApprovals: 2 }) });
    await approveWaiver(store, r.id, bob, clock.now());
    await approveWaiver(store, r.id, bob, clock.now());
    await approveWaiver(store, r.id, carol, clock.now());
    await revokeWaiver(store, r.id, alice, clock.now(), 'fixed after all');

    const events = [...(await store.audit.list())].reverse();

    expect(
      events.map((e) => [e.actor, e.action, e.object, e.details?.before, e.details?.after]),
    ).toEqual([
      ['user:alice', 'waiver.request', 'waiver-request:wr-1', null, 'requested'],
      ['user:bob', 'waiver.approve', 'waiver-request:wr-1', 'requested', 'requested'],
      ['user:carol', 'waiver.approve', 'waiver-request:wr-1', 'requested', 'approved'],
      ['user:alice', 'waiver.revoke', 'waiver-request:wr-1', 'approved', 'revoked'],
    ]);
    expect(events[2]?.details?.approvals).toEqual(['user:bob', 'user:carol']);
  });

  it('puts approved waivers in force until their expiry day and not after revocation', async () => {
    const policy = policyWith();
    const kept = await ask({ expires: '2027-01-31' });
    const revoked = await ask({ expires: '2027-01-31', scope: { package: 'xz', tiers: ['dev'] } });
    const pending = await ask({
      expires: '2027-01-31',
      scope: { package: 'zlib', tiers: ['dev'] },
    });
    for (const id of [kept.id, revoked.id]) await approveWaiver(store, id, bob, clock.now());
    await revokeWaiver(store, revoked.id, bob, clock.now());
    void pending;

    const now = await storeWaiversInForce(store, new Date('2027-01-30T23:59:59Z'));
    const after = await storeWaiversInForce(store, new Date('2027-01-31T00:00:00Z'));

    expect(now).toEqual([
      {
        id: 'wr-1',
        scope: { cve: 'CVE-2024-3094', tiers: ['dev'] },
        reason: 'the fixed xz breaks the build',
        compensatingControl: 'none stated',
        owner: 'user:alice',
        approver: 'user:bob',
        created: '2026-12-07',
        expires: '2027-01-31',
      },
    ]);
    expect(after).toEqual([]);
    const merged = withStoreWaivers(policy, now);
    expect(merged.hash).toBe(policy.hash);
    const subject = {
      asset: { name: 'web-1', labels: {} },
      tier: 'dev',
      cves: ['CVE-2024-3094'],
    };
    expect(waiversFor(merged, subject, new Date('2027-01-15T00:00:00Z')).map((w) => w.id)).toEqual([
      'wr-1',
    ]);
  });

  it('lists a request past its expiry as expired, and refuses to approve it', async () => {
    const r = await ask({ expires: '2026-12-20' });
    clock.set(new Date('2026-12-20T00:00:00Z'));

    const expired = await listWaiverRequests(store, { now: clock.now(), status: 'expired' });

    expect(expired.map((x) => [x.id, x.state, x.status])).toEqual([
      ['wr-1', 'requested', 'expired'],
    ]);
    await expect(approveWaiver(store, r.id, bob, clock.now())).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('expired on 2026-12-20') as unknown,
    });
  });

  it.each`
    scope                                                             | expires         | message
    ${{ cve: 'CVE-2024-3094', tiers: ['prod'] }}                      | ${'2027-01-07'} | ${'longer than maxWaiver 30d of tier prod (expires by 2027-01-06'}
    ${{ cve: 'CVE-2024-3094', assets: ['web-1'] }}                    | ${'2027-01-07'} | ${'of tier prod'}
    ${{ cve: 'CVE-2024-3094', selector: { match: { env: 'prod' } } }} | ${'2027-02-01'} | ${'of tier prod'}
    ${{ cve: 'CVE-2024-3094', tiers: ['dev'] }}                       | ${'2027-06-06'} | ${'maxWaiver 180d of tier dev'}
    ${{ cve: 'CVE-2024-3094', tiers: ['dev'] }}                       | ${'2026-12-07'} | ${'is not after today'}
    ${{ cve: 'CVE-2024-3094', tiers: ['dev'] }}                       | ${'2027-02-30'} | ${'a date like'}
    ${{ cve: 'CVE-2024-3094', tiers: ['qa'] }}                        | ${'2027-01-01'} | ${'unknown tier qa'}
    ${{ tiers: ['dev'] }}                                             | ${'2027-01-01'} | ${'names an advisory, CVE or package'}
    ${{ cve: 'xz', tiers: ['dev'] }}                                  | ${'2027-01-01'} | ${'a CVE id like'}
  `(
    'refuses a request for $scope until $expires: $message',
    async ({ scope, expires, message }) => {
      await expect(
        ask({ scope: scope as Record<string, unknown>, expires: expires as string }),
      ).rejects.toMatchObject({
        code: 'INPUT_INVALID',
        message: expect.stringContaining(message as string) as unknown,
      });
      expect(await listWaiverRequests(store, { now: clock.now() })).toEqual([]);
    },
  );

  it('accepts the longest expiry the tier allows', async () => {
    const r = await ask({
      scope: { cve: 'CVE-2024-3094', tiers: ['prod'] },
      expires: '2027-01-06',
    });

    expect(r).toMatchObject({ id: 'wr-1', status: 'requested', requiredApprovals: 1 });
  });
});
