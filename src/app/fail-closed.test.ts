import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceAdvisory } from '../../test/advisories.js';
import { fixedClock } from '../domain/clock.js';
import { loadPolicy } from '../policy/index.js';
import type { Store } from '../store/index.js';
import { runDemo } from './demo.js';
import { evaluate } from './evaluate-fleet.js';
import { listFindings } from './findings.js';
import { openStore } from './open-store.js';
import { complianceFromStore, samplePolicyPath } from './report.js';

const clock = fixedClock('2026-11-27T09:00:00Z');
const prov = { rawPayloadId: null, parserVersion: '1' };
// The sample estate's Alpine host: the demo loads no Alpine feed.
const edge = {
  asset: 'edge-proxy-01',
  platform: 'alpine:3.18',
  reason: 'no loaded feed covers alpine:3.18',
};
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-fail-closed-'));
  store = await openStore(join(dir, 'p.db'), clock);
  await runDemo(store);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('app/fail-closed', () => {
  it('evaluate lists the host no loaded feed covers, apart, with the reason', async () => {
    const r = await evaluate(store, { clock });

    expect(r.notAssessed).toEqual([edge]);
    expect(r.totals.notAssessed).toBe(1);
    // No advisory judges it; its release's end of life is known without a feed.
    expect(r.assets.find((a) => a.asset === edge.asset)?.total).toBe(1);
    const listed = await listFindings(store, { asset: edge.asset, now: clock.now() });
    expect(listed.findings.map((f) => f.advisory)).toEqual(['EOL-alpine-3.18']);
  });

  it('a feed for the stream makes the host assessed', async () => {
    await store.advisories.upsertMany(
      [sourceAdvisory('ALPINE-1', '1.2.4-r0', { platform: 'alpine:3.18', package: 'musl' })],
      prov,
    );

    const r = await evaluate(store, { clock });

    expect(r.notAssessed).toEqual([]);
  });

  it('findings --status not-assessed lists the hosts, not findings; filters keep the list', async () => {
    const only = await listFindings(store, { status: 'not-assessed' });
    const all = await listFindings(store, {});
    const scopedAway = await listFindings(store, { asset: 'web-01' });
    const byAdvisory = await listFindings(store, { advisory: 'DEMO-2026-0002' });

    expect(only.findings).toEqual([]);
    expect(only.notAssessed).toEqual([edge]);
    expect(all.notAssessed).toEqual([edge]);
    expect(all.total).toBeGreaterThan(0);
    expect(scopedAway.notAssessed).toEqual([]);
    // Coverage is the store's, not the one advisory's: the Windows and Alma hosts stay assessed.
    expect(byAdvisory.notAssessed).toEqual([edge]);
  });

  it('a version that cannot be compared is an unverifiable finding, counted open', async () => {
    const policy = loadPolicy(samplePolicyPath);
    const before = await complianceFromStore(store, { policy, now: clock.now() });
    await store.advisories.upsertMany(
      [sourceAdvisory('DSA-BAD-1', 'not a version', { severity: 'critical' })],
      prov,
    );

    const r = await listFindings(store, { status: 'unverifiable' });
    const after = await complianceFromStore(store, { policy, now: clock.now() });

    expect(r.findings.length).toBeGreaterThan(0);
    expect(new Set(r.findings.map((f) => f.advisory))).toEqual(new Set(['DSA-BAD-1']));
    for (const f of r.findings) {
      expect(f.reason).toMatch(/^cannot compare: invalid dpkg version 'not a version'/);
    }
    const keys = new Set(r.findings.map((f) => `${f.asset} ${f.package}`));
    expect(after.total.open.critical - before.total.open.critical).toBe(keys.size);
  });

  it('compliance counts the host not assessed, never compliant, and names it', async () => {
    const policy = loadPolicy(samplePolicyPath);

    const r = await complianceFromStore(store, { policy, now: clock.now() });

    expect(r.notAssessed).toEqual([edge]);
    expect(r.total.notAssessed).toBe(1);
    expect(r.total.compliant + r.total.notAssessed + r.total.atRisk + r.total.overdueAssets).toBe(
      r.total.assets,
    );
    const byPlatform = await complianceFromStore(store, {
      policy,
      now: clock.now(),
      by: { kind: 'platform' },
    });
    expect(byPlatform.groups.find((g) => g.group === 'alpine:3.18')).toMatchObject({
      assets: 1,
      compliant: 0,
      notAssessed: 1,
    });
  });
});
