import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import type { Store } from '../types.js';
import type { FindingClock } from './finding-clocks.js';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-clocks-'));
  store = await openStore(join(dir, 'p.db'), fixedClock('2026-11-27T09:00:00Z'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const clock = (over: Partial<FindingClock> = {}): FindingClock => ({
  assetId: 'img-1',
  advisory: 'DSA-1-1',
  package: 'openssl',
  severity: 'high',
  firstSeen: '2026-11-01T00:00:00.000Z',
  fixedAt: null,
  ...over,
});

describe('store/repos/finding-clocks', () => {
  it('upserts clocks by asset, advisory and package', async () => {
    await store.clocks.put([clock(), clock({ package: 'libssl3' })]);

    await store.clocks.put([clock({ fixedAt: '2026-11-20T00:00:00.000Z' })]);

    expect(await store.clocks.all()).toEqual([
      clock({ package: 'libssl3' }),
      clock({ fixedAt: '2026-11-20T00:00:00.000Z' }),
    ]);
  });

  it('writes more rows than one insert holds', async () => {
    const rows = Array.from({ length: 1203 }, (_, i) => clock({ advisory: `DSA-${i}-1` }));

    await store.clocks.put(rows);

    expect((await store.clocks.all()).length).toBe(1203);
  });

  it('keeps one snapshot per day and group, newest write wins', async () => {
    const snap = {
      day: '2026-11-26',
      groupKind: 'tier',
      group: 'prod',
      figures: { assets: 1 },
      policyHash: 'h1',
      takenAt: '2026-11-26T10:00:00.000Z',
    };
    await store.clocks.putSnapshots([snap, { ...snap, day: '2026-11-27' }]);

    await store.clocks.putSnapshots([{ ...snap, figures: { assets: 2 }, policyHash: 'h2' }]);

    const rows = await store.clocks.snapshots('tier');
    expect(rows.map((r) => [r.day, r.figures, r.policyHash])).toEqual([
      ['2026-11-26', { assets: 2 }, 'h2'],
      ['2026-11-27', { assets: 1 }, 'h1'],
    ]);
    expect((await store.clocks.snapshots('tier', '2026-11-27')).length).toBe(1);
    expect(await store.clocks.hasSnapshot('2026-11-27')).toBe(true);
    expect(await store.clocks.hasSnapshot('2026-11-25')).toBe(false);
  });
});
