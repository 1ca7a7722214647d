import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../domain/access.js';
import { minimalPolicy, policyText } from '../../policy/testing.js';
import type { Store } from '../../store/index.js';
import { evaluate } from '../evaluate-fleet.js';
import { listFindings } from '../findings.js';
import { person, tempStore } from './testing.js';
import { requirePolicy, resolvePolicy } from './resolve.js';
import { activatePolicy, uploadPolicy } from './versions.js';
import { approveWaiver, requestWaiver } from './waivers.js';

const root = person('root', Role.Admin);

let h: Awaited<ReturnType<typeof tempStore>>;
let store: Store;
beforeEach(async () => {
  h = await tempStore('2026-12-07T10:00:00.000Z');
  store = h.store;
});
afterEach(async () => {
  await h.close();
});

async function storeActive(over: Record<string, unknown> = {}): Promise<string> {
  const r = await uploadPolicy(store, {
    bundle: policyText({ ...minimalPolicy(), ...over }),
    principal: root,
    now: h.clock.now(),
  });
  await activatePolicy(store, r.version.version, root);
  return r.version.policyHash;
}

function policyFile(over: Record<string, unknown>): string {
  const path = join(h.dir, 'file-policy.yaml');
  writeFileSync(path, policyText({ ...minimalPolicy(), ...over }));
  return path;
}

async function snapshotHashes(): Promise<string[]> {
  return (await store.clocks.snapshots('all')).map((s) => s.policyHash);
}

describe('app/policy-versions/resolve', () => {
  it('finds no policy in a store where none is active', async () => {
    await uploadPolicy(store, {
      bundle: policyText(minimalPolicy()),
      principal: root,
      now: h.clock.now(),
    });

    expect(await resolvePolicy(store, { now: h.clock.now() })).toBeUndefined();
    await expect(requirePolicy(store, { now: h.clock.now() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('activate one in the store') as unknown,
    });
  });

  it('uses the active stored version when no file is named, and a named file over it', async () => {
    const stored = await storeActive();
    const path = policyFile({ waiverApprovals: 3 });

    const fallback = await resolvePolicy(store, { now: h.clock.now() });
    const explicit = await resolvePolicy(store, { path, now: h.clock.now() });

    expect(fallback?.origin).toEqual({ kind: 'store', version: 1 });
    expect(fallback?.policy.hash).toBe(stored);
    expect(explicit?.origin).toEqual({ kind: 'file', path });
    expect(explicit?.policy.waiverApprovals).toBe(3);
  });

  it('adds approved store waivers to the policy, from a file or the store', async () => {
    await storeActive();
    const policy = (await requirePolicy(store, { now: h.clock.now() })).policy;
    const r = await requestWaiver(store, {
      scope: { cve: 'CVE-2024-3094', tiers: ['dev'] },
      reason: 'build breaks',
      expires: '2027-01-31',
      requestedBy: person('alice', Role.Operator),
      policy,
      now: h.clock.now(),
    });
    const before = await resolvePolicy(store, { now: h.clock.now() });
    await approveWaiver(store, r.id, person('bob'), h.clock.now());

    const fromStore = await resolvePolicy(store, { now: h.clock.now() });
    const fromFile = await resolvePolicy(store, { path: policyFile({}), now: h.clock.now() });
    const untimed = await resolvePolicy(store, {});

    expect(before?.policy.waivers.map((w) => w.id)).toEqual(['W-1']);
    expect(fromStore?.policy.waivers.map((w) => w.id)).toEqual(['W-1', 'wr-1']);
    expect(fromFile?.policy.waivers.map((w) => w.id)).toEqual(['W-1', 'wr-1']);
    expect(fromStore?.storeWaivers).toBe(1);
    expect(untimed?.policy.waivers.map((w) => w.id)).toEqual(['W-1']);
  });

  it('evaluate takes its snapshot under the active stored policy when no file is named', async () => {
    const none = await evaluate(store, { clock: h.clock });
    const stored = await storeActive();

    const withStored = await evaluate(store, { clock: h.clock });

    expect(none.snapshot).toBeNull();
    expect(withStored.snapshot).toMatchObject({ day: '2026-12-07', taken: true });
    expect(new Set(await snapshotHashes())).toEqual(new Set([stored]));
  });

  it('evaluate prefers a named policy file to the stored one', async () => {
    const stored = await storeActive();
    const path = policyFile({ waiverApprovals: 2 });

    const r = await evaluate(store, { clock: h.clock, policyPath: path });

    expect(r.snapshot).toMatchObject({ taken: true });
    const hashes = await snapshotHashes();
    expect(hashes.length).toBeGreaterThan(0);
    expect(hashes).not.toContain(stored);
  });

  it('findings --tier reads the tiers of the stored policy', async () => {
    await expect(listFindings(store, { tier: 'dev' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await storeActive();

    const r = await listFindings(store, { tier: 'dev' });

    expect(r.findings).toEqual([]);
  });
});
