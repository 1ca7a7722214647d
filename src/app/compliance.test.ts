import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Advisory } from '../domain/advisory.js';
import { fixedClock, type FixedClock } from '../domain/clock.js';
import { loadPolicy, type Policy } from '../policy/index.js';
import { minimalPolicy, policyText } from '../policy/testing.js';
import type { Store } from '../store/index.js';
import { recordClocks } from './compliance.js';
import { runDemo } from './demo.js';
import { sampleEstateDir } from './estate.js';
import { evaluateStored } from './findings.js';
import { importInventoryFile } from './import-inventory.js';
import { openStore } from './open-store.js';
import { complianceFromStore, samplePolicyPath } from './report.js';

const policy = loadPolicy(join(sampleEstateDir, '..', 'policy', 'patchline-policy.yaml'));

function dsa(
  id: string,
  cve: string,
  fixed: string,
  severity: Advisory['severity'],
  published?: string,
): Advisory {
  return {
    id,
    source: 'debian-tracker',
    ...(published !== undefined && { published }),
    severity,
    cves: [cve],
    classification: 'security',
    affected: [
      {
        kind: 'package',
        platform: 'debian:12',
        package: 'openssl',
        packageKind: 'source',
        status: 'fixed',
        fixed,
      },
    ],
  };
}

let dir: string;
let store: Store;
let clock: FixedClock;

async function evaluateAt(iso: string) {
  clock.set(new Date(iso));
  return recordClocks(store, await evaluateStored(store), clock);
}

async function reimport(name: string, file: string) {
  await importInventoryFile(store, { name, file: join(sampleEstateDir, file), actor: 'test' });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-compliance-'));
  clock = fixedClock('2026-11-01T09:00:00Z');
  store = await openStore(join(dir, 'p.db'), clock);
  await runDemo(store);
  await store.advisories.upsertMany(
    [
      dsa('DSA-9001-1', 'CVE-2099-0001', '3.0.13-1~deb12u1', 'high'),
      dsa('DSA-9002-1', 'CVE-2099-0002', '3.0.20-1~deb12u1', 'critical'),
    ],
    { rawPayloadId: null, parserVersion: '1' },
  );
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (iso: string) => ({ policy, now: new Date(iso) });

describe('app/compliance', () => {
  it('matches the golden report for the sample estate at a fixed clock', async () => {
    await evaluateAt('2026-11-01T09:00:00Z');

    const report = await complianceFromStore(store, at('2026-11-27T09:00:00Z'));

    await expect(JSON.stringify(report, null, 2)).toMatchFileSnapshot(
      '__golden__/compliance-by-tier.json',
    );
  });

  it('gives a clone the image’s clock: cloning never resets it', async () => {
    await evaluateAt('2026-11-01T09:00:00Z');
    clock.set(new Date('2026-11-20T09:00:00Z'));
    await importInventoryFile(store, {
      name: 'web-03',
      file: join(sampleEstateDir, 'debian12-base.status'),
      imageVersion: 'debian12-base@2026.11.1',
      labels: { env: 'prod', app: 'web' },
      actor: 'test',
    });
    await evaluateAt('2026-11-20T09:00:00Z');

    const report = await complianceFromStore(store, at('2026-11-21T09:00:00Z'));

    const rows = report.atRisk.filter((r) => r.asset === 'web-03' && r.advisory === 'DSA-9002-1');
    expect(rows.map((r) => [r.package, r.origin, r.state, r.firstSeen])).toEqual([
      ['libssl-dev', 'inherited', 'overdue', '2026-11-01T09:00:00.000Z'],
      ['libssl3', 'inherited', 'overdue', '2026-11-01T09:00:00.000Z'],
      ['openssl', 'inherited', 'overdue', '2026-11-01T09:00:00.000Z'],
    ]);
  });

  it('stops the clock when a finding goes (MTTR) and resumes it when it comes back', async () => {
    await evaluateAt('2026-11-01T09:00:00Z');
    await reimport('web-01', 'debian12-base.status');

    const fixed = await evaluateAt('2026-11-05T09:00:00Z');
    const report = await complianceFromStore(store, at('2026-11-06T09:00:00Z'));
    await reimport('web-01', 'web-01.status');
    const back = await evaluateAt('2026-11-10T09:00:00Z');

    expect(fixed).toMatchObject({ opened: 0, fixed: 4, resumed: 0 });
    expect(report.mttr).toContainEqual({
      tier: 'critical-prod',
      severity: 'high',
      fixed: 2,
      meanHours: 96,
    });
    expect(report.groups.find((g) => g.group === 'critical-prod')?.fixed).toBe(4);
    expect(back).toMatchObject({ opened: 0, fixed: 0, resumed: 4 });
    const clocks = (await store.clocks.all()).filter((c) => c.advisory === 'DSA-9001-1');
    expect(clocks.map((c) => [c.firstSeen, c.fixedAt])).toEqual([
      ['2026-11-01T09:00:00.000Z', null],
      ['2026-11-01T09:00:00.000Z', null],
    ]);
  });

  it.each`
    now                       | waived | state        | reopened
    ${'2026-11-10T09:00:00Z'} | ${3}   | ${'waived'}  | ${0}
    ${'2026-11-25T09:00:00Z'} | ${0}   | ${'overdue'} | ${3}
  `('waives until expiry, then reopens on the original clock ($now)', async (row) => {
    const doc = minimalPolicy() as { waivers: unknown[] };
    doc.waivers = [
      {
        id: 'W-web-02',
        scope: { assets: ['web-02'], advisory: 'DSA-9002-1' },
        reason: 'r',
        compensatingControl: 'c',
        owner: 'o',
        approver: 'a',
        created: '2026-11-01',
        expires: '2026-11-20',
      },
    ];
    const p: Policy = loadPolicy({ text: policyText(doc) });
    await evaluateAt('2026-11-01T09:00:00Z');

    const report = await complianceFromStore(store, { policy: p, now: new Date(row.now) });

    expect(report.total.waived).toBe(row.waived);
    expect(report.waivers[0]).toMatchObject({
      id: 'W-web-02',
      findings: row.waived,
      reopened: row.reopened,
    });
    const web02 = report.atRisk.filter((r) => r.asset === 'web-02' && r.advisory === 'DSA-9002-1');
    expect(web02.length).toBe(row.state === 'overdue' ? 3 : 0);
  });

  it('lists only the soonest-due overdue findings past the limit, counting them all', async () => {
    await evaluateAt('2026-11-01T09:00:00Z');

    const all = await complianceFromStore(store, at('2026-11-27T09:00:00Z'));
    const few = await complianceFromStore(store, { ...at('2026-11-27T09:00:00Z'), atRiskLimit: 3 });

    expect(few.atRiskTotal).toBe(all.atRisk.length);
    expect(few.atRisk).toEqual(all.atRisk.slice(0, 3));
  });

  it('reports unused waivers', async () => {
    await evaluateAt('2026-11-01T09:00:00Z');

    const report = await complianceFromStore(store, at('2026-11-27T09:00:00Z'));

    expect(report.waivers.map((w) => [w.id, w.status, w.unused])).toEqual([
      ['WVR-2026-014', 'active', true],
      ['WVR-2026-015', 'active', true],
    ]);
  });

  it.each`
    by                               | groups
    ${{ kind: 'platform' }}          | ${['almalinux:9', 'alpine:3.18', 'debian:12', 'ubuntu:24.04', 'windows:10.0.19045:client:x64', 'windows:10.0.20348:server:x64']}
    ${{ kind: 'image' }}             | ${['(none)', 'debian12-base@2026.11.1', 'ubuntu2404-base@2026.11.1']}
    ${{ kind: 'label', key: 'env' }} | ${['(none)', 'corp', 'dev', 'prod']}
  `('groups by $by.kind', async ({ by, groups }) => {
    await evaluateAt('2026-11-01T09:00:00Z');

    const report = await complianceFromStore(store, { ...at('2026-11-27T09:00:00Z'), by });

    expect(report.groups.map((g) => g.group)).toEqual(groups);
    expect(report.groups.reduce((n, g) => n + g.assets, 0)).toBe(report.total.assets);
  });

  it.each`
    clockStart       | published                 | state         | start                         | from
    ${undefined}     | ${'2024-11-20T00:00:00Z'} | ${'overdue'}  | ${'2024-11-20T00:00:00.000Z'} | ${'fixReleased'}
    ${'fixReleased'} | ${undefined}              | ${'due-soon'} | ${'2026-11-20T09:00:00.000Z'} | ${'detected (no published date)'}
    ${'detected'}    | ${'2024-11-20T00:00:00Z'} | ${'due-soon'} | ${'2026-11-20T09:00:00.000Z'} | ${'detected'}
  `(
    'starts the clock by rule $clockStart with published $published: $state from $from',
    async (row) => {
      const text = readFileSync(samplePolicyPath, 'utf8');
      const sla = row.clockStart ? `\nsla:\n  clockStart: ${String(row.clockStart)}\n` : '';
      const p = loadPolicy({ text: text + sla });
      await store.advisories.upsertMany(
        [dsa('DSA-9002-1', 'CVE-2099-0002', '3.0.20-1~deb12u1', 'critical', row.published)],
        { rawPayloadId: null, parserVersion: '1' },
      );
      // Seen first on 2026-11-20; the critical-prod tier gives a critical finding 3 days.
      await evaluateAt('2026-11-20T09:00:00Z');

      const report = await complianceFromStore(store, {
        policy: p,
        now: new Date('2026-11-22T09:00:00Z'),
      });

      expect(report.clockRule).toBe(row.clockStart ?? 'fixReleased');
      const rows = report.atRisk.filter((r) => r.asset === 'web-02' && r.advisory === 'DSA-9002-1');
      expect(rows.map((r) => [r.package, r.state, r.firstSeen, r.clockStart, r.clockFrom])).toEqual(
        ['libssl-dev', 'libssl3', 'openssl'].map((pkg): unknown[] => [
          pkg,
          row.state as string,
          '2026-11-20T09:00:00.000Z',
          row.start as string,
          row.from as string,
        ]),
      );
      expect(report.undatedAdvisories > 0).toBe(row.clockStart !== 'detected');
    },
  );
});
