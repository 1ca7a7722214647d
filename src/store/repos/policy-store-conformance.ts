import { afterEach, beforeEach, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../../domain/clock.js';
import type { Store } from '../types.js';
import type { PolicyVersionInput } from './policy-versions.js';
import type { WaiverRequestInput } from './waiver-requests.js';

export interface PolicyStoreHarness {
  readonly store: Store;
  close(): Promise<void>;
}

const version = (hash: string, comment: string | null = null): PolicyVersionInput => ({
  contentHash: hash,
  policyHash: `p-${hash}`,
  files: [{ file: 'policy.yaml', text: `version: 1 # ${hash}\n` }],
  uploadedBy: 'user:alice',
  comment,
});

const request = (over: Partial<WaiverRequestInput> = {}): WaiverRequestInput => ({
  scope: { cve: 'CVE-2024-3094', assets: ['web-1'] },
  reason: 'vendor fix breaks the build',
  compensatingControl: null,
  expires: '2027-01-07',
  requiredApprovals: 2,
  requestedBy: 'user:alice',
  ...over,
});

/** The policy-version and waiver-request repositories' contract, on SQLite and PostgreSQL. */
export function runPolicyStoreConformance(
  open: (clock: FixedClock) => Promise<PolicyStoreHarness>,
): void {
  let h: PolicyStoreHarness;
  let clock: FixedClock;
  beforeEach(async () => {
    clock = fixedClock('2026-12-07T10:00:00.000Z');
    h = await open(clock);
  });
  afterEach(async () => {
    await h.close();
  });

  it('numbers versions 1, 2, 3 and returns the stored one for the same content', async () => {
    const a = await h.store.policies.add(version('a', 'first'));
    clock.advance(60_000);
    const b = await h.store.policies.add(version('b'));
    const again = await h.store.policies.add(version('a', 'other comment'));

    expect([a.record.version, b.record.version, again.record.version]).toEqual([1, 2, 1]);
    expect([a.created, b.created, again.created]).toEqual([true, true, false]);
    expect(await h.store.policies.get(1)).toEqual({
      version: 1,
      ...version('a', 'first'),
      uploadedAt: '2026-12-07T10:00:00.000Z',
    });
    expect((await h.store.policies.list()).map((v) => [v.version, v.uploadedAt])).toEqual([
      [1, '2026-12-07T10:00:00.000Z'],
      [2, '2026-12-07T10:01:00.000Z'],
    ]);
    expect(await h.store.policies.get(3)).toBeUndefined();
  });

  it('keeps one active version and refuses an unknown one', async () => {
    await h.store.policies.add(version('a'));
    await h.store.policies.add(version('b'));

    expect(await h.store.policies.active()).toBeUndefined();
    await h.store.policies.activate(1, 'user:root');
    await h.store.policies.activate(2, 'user:root');

    expect(await h.store.policies.active()).toEqual({
      version: 2,
      activatedBy: 'user:root',
      activatedAt: '2026-12-07T10:00:00.000Z',
    });
    await expect(h.store.policies.activate(9, 'user:root')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await h.store.policies.active())?.version).toBe(2);
  });

  it('creates requests, counts each approver once and records decisions', async () => {
    const first = await h.store.waiverRequests.create(request());
    const second = await h.store.waiverRequests.create(request({ scope: { package: 'xz' } }));

    await h.store.waiverRequests.addApproval(first.seq, 'user:bob');
    clock.advance(1000);
    await h.store.waiverRequests.addApproval(first.seq, 'user:bob');
    const approved = await h.store.waiverRequests.addApproval(first.seq, 'user:carol');
    await h.store.waiverRequests.setState(first.seq, 'approved');
    const rejected = await h.store.waiverRequests.setState(second.seq, 'rejected', {
      by: 'user:bob',
      reason: 'no',
    });

    expect([first.id, second.id]).toEqual(['wr-1', 'wr-2']);
    expect(approved.approvals).toEqual([
      { approver: 'user:bob', at: '2026-12-07T10:00:00.000Z' },
      { approver: 'user:carol', at: '2026-12-07T10:00:01.000Z' },
    ]);
    expect(rejected).toMatchObject({
      state: 'rejected',
      decidedBy: 'user:bob',
      decidedAt: '2026-12-07T10:00:01.000Z',
      decisionReason: 'no',
      scope: { package: 'xz' },
    });
    expect((await h.store.waiverRequests.list({ state: 'approved' })).map((r) => r.id)).toEqual([
      'wr-1',
    ]);
    expect((await h.store.waiverRequests.list()).map((r) => r.state)).toEqual([
      'approved',
      'rejected',
    ]);
    expect(await h.store.waiverRequests.get(1)).toEqual({ ...approved, state: 'approved' });
  });

  it('reports an unknown request as NOT_FOUND', async () => {
    expect(await h.store.waiverRequests.get(5)).toBeUndefined();
    await expect(h.store.waiverRequests.addApproval(5, 'user:bob')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(h.store.waiverRequests.setState(5, 'revoked')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
}
