import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import type { Store } from '../store/index.js';
import { runDemo } from './demo.js';
import { openStore } from './open-store.js';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-demo-'));
  store = await openStore(join(dir, 'p.db'), fixedClock('2026-11-27T09:00:00Z'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('app/demo', () => {
  it('imports the sample estate with lineage, platforms and package counts', async () => {
    const result = await runDemo(store);

    const byName = new Map(result.assets.map((a) => [a.name, a]));
    expect(result.imported).toBe(9);
    expect(byName.get('web-01')).toMatchObject({
      kind: 'host',
      platform: 'debian:12',
      clonedFrom: expect.objectContaining({
        template: 'debian12-base',
        version: '2026.11.1',
        via: 'declared',
      }),
      packageCount: 768,
    });
    expect(byName.get('debian12-base@2026.11.1')?.kind).toBe('image');
    expect(byName.get('db-01')?.platform).toBe('almalinux:9');
    expect(byName.get('edge-proxy-01')?.platform).toBe('alpine:3.18');
    expect(byName.get('desk-0042')?.platform).toBe('windows:10.0.19045:client:x64');
  });

  it('is idempotent and keeps an intact audit chain', async () => {
    await runDemo(store);

    const second = await runDemo(store);

    expect(second.assets).toHaveLength(9);
    expect(second.advisories).toMatchObject({ inserted: 0, updated: 0 });
    await expect(store.audit.verify()).resolves.toMatchObject({ ok: true, count: 20 });
  });

  it('shows each clone finding as inherited from its template or introduced on the host', async () => {
    const { findings } = await runDemo(store);

    const of = (name: string) => findings.find((f) => f.asset === name);
    // The template is behind DEMO-2026-0001; web-01 also drifted below DEMO-2026-0002's fix.
    expect(of('debian12-base@2026.11.1')).toMatchObject({ total: 3, inherited: 0, introduced: 0 });
    expect(of('web-02')).toMatchObject({ total: 3, inherited: 3, introduced: 0 });
    expect(of('web-01')).toMatchObject({ total: 5, inherited: 3, introduced: 2 });
    // Hand-checked against the AlmaLinux records: the UBI 9 package set misses 47 fixes.
    expect(of('db-01')?.total).toBe(47);
    expect(of('desk-0042')?.total).toBeGreaterThan(0);
  });

  it('stores clones as deltas against their image', async () => {
    const { imports } = await runDemo(store);

    const web01 = imports.find((i) => i.name === 'web-01');
    const web02 = imports.find((i) => i.name === 'web-02');

    // web-01 drifted on openssl and libssl3; web-02 is its template unchanged.
    expect(web01).toMatchObject({ form: 'delta', added: 0, removed: 0, changed: 2 });
    expect(web02).toMatchObject({ form: 'delta', added: 0, removed: 0, changed: 0 });
  });
});
