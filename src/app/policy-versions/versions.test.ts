import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../domain/access.js';
import type { AppError } from '../../domain/errors.js';
import { minimalPolicy, policyText } from '../../policy/testing.js';
import type { Store } from '../../store/index.js';
import { diffPolicyVersions } from './diff.js';
import { person, tempStore } from './testing.js';
import {
  activatePolicy,
  getPolicyVersion,
  listPolicyVersions,
  policyOfVersion,
  uploadPolicy,
} from './versions.js';

const root = person('root', Role.Admin);
const valid = policyText(minimalPolicy());

let h: Awaited<ReturnType<typeof tempStore>>;
let store: Store;
beforeEach(async () => {
  h = await tempStore('2026-12-07T10:00:00.000Z');
  store = h.store;
});
afterEach(async () => {
  await h.close();
});

const upload = (bundle: string | Record<string, string>, comment?: string) =>
  uploadPolicy(store, {
    bundle,
    principal: root,
    now: h.clock.now(),
    ...(comment !== undefined && { comment }),
  });

describe('app/policy-versions/versions', () => {
  it('stores a valid policy as version 1, 2 … and the same texts once', async () => {
    const first = await upload(valid, 'first');
    const second = await upload(valid.replace('maxWaiver: 180d', 'maxWaiver: 90d'));
    const again = await upload(valid, 'same again');

    expect([first.version.version, second.version.version, again.version.version]).toEqual([
      1, 2, 1,
    ]);
    expect(again.created).toBe(false);
    expect(first.diagnostics.map((d) => d.message)).toEqual(['waiver W-1 expired on 2026-12-05']);
    expect(await listPolicyVersions(store)).toMatchObject([
      { version: 1, comment: 'first', uploadedBy: 'user:root', active: false },
      { version: 2, comment: null, active: false },
    ]);
    expect((await store.audit.list()).map((e) => [e.action, e.object])).toEqual([
      ['policy.upload', 'policy-version:2'],
      ['policy.upload', 'policy-version:1'],
    ]);
  });

  it('refuses an invalid policy, stores nothing and says where each problem is', async () => {
    const text = valid.replace('maxWaiver: 180d', 'maxWaiver: forever');

    const e = (await upload({ 'tiers.yaml': text }).catch((x: unknown) => x)) as AppError;

    expect(e.code).toBe('POLICY_INVALID');
    expect(e.location).toMatchObject({ file: 'tiers.yaml', line: 23, column: 16 });
    expect(e.message).toContain('tiers[1].maxWaiver');
    expect(await listPolicyVersions(store)).toEqual([]);
    expect(await store.audit.list()).toEqual([]);
  });

  it.each`
    bundle                      | message
    ${{}}                       | ${'at least one file'}
    ${{ '../x.yaml': valid }}   | ${'a plain file name'}
    ${{ 'policy.json': valid }} | ${'a plain file name'}
  `('refuses the bundle $bundle', async ({ bundle, message }) => {
    await expect(upload(bundle as Record<string, string>)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining(message as string) as unknown,
    });
  });

  it('merges a bundle in file-name order and loads it back under its stored names', async () => {
    const doc = minimalPolicy();
    const { windows, freezes, waivers, ...rest } = doc;
    const bundle = {
      'b-calendar.yaml': policyText({ version: 1, windows, freezes }),
      'a-main.yaml': policyText({ ...rest, waivers }),
    };

    const r = await upload(bundle);
    const policy = policyOfVersion(await getPolicyVersion(store, r.version.version));

    expect(policy.sources).toEqual(['policy-v1/a-main.yaml', 'policy-v1/b-calendar.yaml']);
    expect(policy.windows.map((w) => w.name)).toEqual(['sunday']);
    expect(r.version.policyHash).toBe(policy.hash);
  });

  it('activates a version, audited with the version before and after', async () => {
    await upload(valid);
    await upload(valid.replace('maxWaiver: 180d', 'maxWaiver: 90d'));

    const a = await activatePolicy(store, 1, root);
    const b = await activatePolicy(store, 2, root);
    const same = await activatePolicy(store, 2, root);

    expect([a, b, same]).toEqual([
      { before: null, after: 1, changed: true },
      { before: 1, after: 2, changed: true },
      { before: 2, after: 2, changed: false },
    ]);
    const events = (await store.audit.list()).filter((e) => e.action === 'policy.activate');
    expect(events.map((e) => [e.actor, e.details?.before, e.details?.after])).toEqual([
      ['user:root', 1, 2],
      ['user:root', null, 1],
    ]);
    expect((await listPolicyVersions(store)).map((v) => v.active)).toEqual([false, true]);
    await expect(activatePolicy(store, 7, root)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('diffs two versions as a unified diff and by section', async () => {
    const doc = minimalPolicy();
    await upload(policyText(doc));
    const next = structuredClone(doc) as {
      tiers: { name: string; maxWaiver: string }[];
      windows: unknown[];
      waivers: { id: string }[];
    };
    next.tiers[1]!.maxWaiver = '90d';
    next.windows = [];
    next.waivers[0]!.id = 'W-2';
    await upload(policyText({ ...next, waiverApprovals: 2 }));

    const d = await diffPolicyVersions(store, 1, 2);

    expect(d.structure).toEqual({
      tiers: { added: [], removed: [], changed: ['dev'] },
      assignmentRules: { added: [], removed: [], changed: [] },
      approvalRules: { added: [], removed: [], changed: [] },
      windows: { added: [], removed: ['sunday'], changed: [] },
      freezes: { added: [], removed: [], changed: [] },
      waivers: { added: ['W-2'], removed: ['W-1'], changed: [] },
      settings: ['waiverApprovals'],
    });
    expect(d.unified).toMatch(/^--- a\/v1\/policy\.yaml\n\+\+\+ b\/v2\/policy\.yaml\n@@ /);
    expect(d.unified).toContain('\n-    maxWaiver: 180d\n+    maxWaiver: 90d\n');
    expect(d.unified).toContain('\n-  - id: W-1\n+  - id: W-2\n');
    expect((await diffPolicyVersions(store, 2, 2)).unified).toBe('');
  });
});
