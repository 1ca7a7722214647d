import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, type FixedClock } from '../domain/clock.js';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { describeAssetLifecycleConformance } from './repos/asset-lifecycle-conformance.js';
import { describeModularityConformance } from './repos/modularity-conformance.js';
import { describeVsphereConformance } from './repos/vsphere-conformance.js';
import type { Store } from './types.js';

/** A store under test plus the raw access the suite needs to attack it. */
export interface StoreHarness {
  readonly store: Store;
  /** Runs one SQL statement outside the store, as an intruder with table access would. */
  exec(statement: string): Promise<void>;
  /** Rewrites the reason of audit event `seq` behind the triggers' back (test of `verify`). */
  tamperAuditReason(seq: number, reason: string): Promise<void>;
  close(): Promise<void>;
}

export interface StoreConformanceOptions {
  /** Opens a fresh, empty, migrated store; ids from `newId` are `id-1`, `id-2`, … */
  readonly open: (clock: FixedClock) => Promise<StoreHarness>;
}

export function pkg(
  name: string,
  version: string,
  arch = 'amd64',
  source = name,
): InstalledPackage {
  return { name, version, arch, sourceName: source, sourceVersion: version };
}

export function debianInventory(packages: readonly InstalledPackage[]): Inventory {
  return { format: 'dpkg', platform: { family: 'debian', release: '12' }, packages };
}

/** A small Debian 12 image: real package names and bookworm versions. */
export const imagePackages: readonly InstalledPackage[] = [
  pkg('base-files', '12.4+deb12u8'),
  pkg('bash', '5.2.15-2+b7'),
  pkg('coreutils', '9.1-1'),
  pkg('libc6', '2.36-9+deb12u9', 'amd64', 'glibc'),
  pkg('libssl3', '3.0.15-1~deb12u1', 'amd64', 'openssl'),
  pkg('openssh-server', '1:9.2p1-2+deb12u4', 'amd64', 'openssh'),
  pkg('openssl', '3.0.15-1~deb12u1'),
  pkg('tzdata', '2024b-0+deb12u1', 'all'),
];

/**
 * The store contract, run against every dialect (Kysely's DIALECTS loop): SQLite in the unit
 * project, PostgreSQL in the integration project.
 */
export function runStoreConformance(opts: StoreConformanceOptions): void {
  let h: StoreHarness;
  let store: Store;
  let clock: FixedClock;

  beforeEach(async () => {
    clock = fixedClock('2026-11-27T10:00:00.000Z');
    h = await opts.open(clock);
    store = h.store;
  });
  afterEach(async () => {
    await h.close();
  });

  describeAssetLifecycleConformance(() => ({ store, clock }));
  describeVsphereConformance(() => ({ store, clock }));
  describeModularityConformance(() => ({ store, clock }));

  describe('assets', () => {
    it('creates by name, then updates the same asset', async () => {
      const a = await store.assets.upsert({ kind: 'host', name: 'web-1', labels: { env: 'prod' } });
      clock.advance(1000);

      const b = await store.assets.upsert({ kind: 'host', name: 'web-1', platform: 'debian:12' });

      expect(b.id).toBe(a.id);
      expect(b).toMatchObject({ platform: 'debian:12', labels: { env: 'prod' } });
      expect(b.updatedAt).toBe('2026-11-27T10:00:01.000Z');
      expect(b.createdAt).toBe('2026-11-27T10:00:00.000Z');
    });

    it('replaces labels when given', async () => {
      await store.assets.upsert({ kind: 'host', name: 'web-1', labels: { env: 'prod', app: 'x' } });

      const b = await store.assets.upsert({ kind: 'host', name: 'web-1', labels: { env: 'dev' } });

      expect(b.labels).toEqual({ env: 'dev' });
    });

    it('refuses to turn a host into an image', async () => {
      await store.assets.upsert({ kind: 'host', name: 'web-1' });

      await expect(store.assets.upsert({ kind: 'image', name: 'web-1' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('lists names in code-unit order on every database', async () => {
      for (const name of ['beta_1', 'alpha', 'Zeta', 'beta-2']) {
        await store.assets.upsert({ kind: 'host', name });
      }

      const names = (await store.assets.list()).map((a) => a.name);

      expect(names).toEqual(['Zeta', 'alpha', 'beta-2', 'beta_1']);
    });

    it('lists with lineage and inventory size, by name', async () => {
      const img = await store.assets.upsert({
        kind: 'image',
        name: 'deb12-base@3',
        image: { name: 'deb12-base', version: '3' },
      });
      await store.inventories.replace(img.id, debianInventory(imagePackages));
      const host = await store.assets.upsert({
        kind: 'host',
        name: 'app-1',
        clonedFrom: img.id,
        provenanceVia: 'declared',
      });

      const list = await store.assets.list();

      expect(list.map((a) => [a.name, a.packageCount, a.imageVersion])).toEqual([
        ['app-1', null, 'deb12-base@3'],
        ['deb12-base@3', imagePackages.length, null],
      ]);
      expect(list[0]).toMatchObject({ id: host.id, clonedFrom: img.id, lastInventoryAt: null });
      expect(list[1]).toMatchObject({
        image: { name: 'deb12-base', version: '3' },
        lastInventoryAt: '2026-11-27T10:00:00.000Z',
      });
      expect((await store.assets.list({ kind: 'image' })).map((a) => a.name)).toEqual([
        'deb12-base@3',
      ]);
      expect((await store.assets.list({ name: 'deb12-base@3' })).map((a) => a.id)).toEqual([
        img.id,
      ]);
      expect(await store.assets.list({ name: 'no-such-asset' })).toEqual([]);
    });
  });

  describe('inventories', () => {
    it('round-trips an inventory in domain order', async () => {
      const a = await store.assets.upsert({ kind: 'host', name: 'web-1' });
      const inv: Inventory = {
        ...debianInventory([...imagePackages].reverse()),
        runningKernel: '6.1.0-28-amd64',
        hostname: 'web-1',
      };

      await store.inventories.replace(a.id, inv);

      expect(await store.inventories.get(a.id)).toEqual({ ...inv, packages: imagePackages });
    });

    it('stores identical package lists once', async () => {
      const a = await store.assets.upsert({ kind: 'host', name: 'a' });
      const b = await store.assets.upsert({ kind: 'host', name: 'b' });

      const sa = await store.inventories.replace(a.id, debianInventory(imagePackages));
      const sb = await store.inventories.replace(
        b.id,
        debianInventory([...imagePackages].reverse()),
      );

      expect(sb.contentHash).toBe(sa.contentHash);
      const { rows } = await store.stats();
      expect(rows).toMatchObject({ package_sets: 1, package_set_entries: 8, packages: 8 });
    });

    it('stores a clone as base + delta and rebuilds it exactly', async () => {
      const img = await store.assets.upsert({ kind: 'image', name: 'deb12@1' });
      await store.inventories.replace(img.id, debianInventory(imagePackages));
      const host = await store.assets.upsert({ kind: 'host', name: 'h1', clonedFrom: img.id });
      const hostPackages = [
        ...imagePackages.filter((p) => p.name !== 'tzdata' && p.name !== 'openssl'),
        pkg('openssl', '3.0.16-1~deb12u1'),
        pkg('nginx', '1.22.1-9+deb12u1'),
      ];

      const stored = await store.inventories.replace(host.id, debianInventory(hostPackages), {
        baseAssetId: img.id,
      });

      expect(stored).toMatchObject({ form: 'delta', added: 1, removed: 1, changed: 1 });
      expect(stored.packageCount).toBe(hostPackages.length);
      expect((await store.inventories.get(host.id))?.packages).toEqual(
        [...hostPackages].sort((x, y) => (x.name < y.name ? -1 : 1)),
      );
      const { rows } = await store.stats();
      expect(rows).toMatchObject({ package_sets: 1, inventory_deltas: 4, packages: 10 });
    });

    it('stores the full list when the base image has no inventory', async () => {
      const img = await store.assets.upsert({ kind: 'image', name: 'deb12@1' });
      const host = await store.assets.upsert({ kind: 'host', name: 'h1' });

      const stored = await store.inventories.replace(host.id, debianInventory(imagePackages), {
        baseAssetId: img.id,
      });

      expect(stored.form).toBe('full');
    });

    it('replaces the previous inventory on re-import', async () => {
      const a = await store.assets.upsert({ kind: 'host', name: 'a' });
      await store.inventories.replace(a.id, debianInventory(imagePackages));
      clock.advance(60_000);

      const again = await store.inventories.replace(a.id, debianInventory(imagePackages.slice(2)));

      expect((await store.inventories.get(a.id))?.packages).toEqual(imagePackages.slice(2));
      expect(await store.inventories.describe(a.id)).toMatchObject({ id: again.id });
      expect((await store.stats()).rows.inventories).toBe(1);
      expect((await store.assets.get(a.id))?.lastInventoryAt).toBe('2026-11-27T10:01:00.000Z');
    });

    it('keeps Windows state', async () => {
      const a = await store.assets.upsert({ kind: 'host', name: 'win-1' });
      const inv: Inventory = {
        format: 'windows',
        platform: { family: 'windows', release: '10.0.19045' },
        packages: [],
        windows: {
          productName: 'Windows 10 Pro',
          build: '10.0.19045',
          ubr: 3803,
          kbs: ['KB5032189'],
        },
      };

      await store.inventories.replace(a.id, inv);

      expect(await store.inventories.get(a.id)).toEqual(inv);
    });
  });

  describe('batches', () => {
    it('replaceMany stores what replace one by one stores', async () => {
      const img = await store.assets.upsert({ kind: 'image', name: 'deb12@1' });
      await store.inventories.replace(img.id, debianInventory(imagePackages));
      const lists = [
        imagePackages,
        [...imagePackages.slice(1), pkg('nginx', '1.22.1-9+deb12u1')],
        [pkg('zsh', '5.9-4+b2')],
        [...imagePackages].reverse(),
      ];
      const hosts = await store.assets.upsertMany(
        lists.map((_, i) => ({ kind: 'host', name: `h${i}`, clonedFrom: img.id })),
      );

      const stored = await store.inventories.replaceMany(
        hosts.map((h, i) => ({
          assetId: h.id,
          inventory: debianInventory(lists[i]!),
          baseAssetId: img.id,
        })),
      );

      expect(stored.map((s) => [s.assetId, s.form, s.added, s.removed])).toEqual([
        [hosts[0]!.id, 'delta', 0, 0],
        [hosts[1]!.id, 'delta', 1, 1],
        [hosts[2]!.id, 'full', 0, 0],
        [hosts[3]!.id, 'delta', 0, 0],
      ]);
      const one = await store.assets.upsert({ kind: 'host', name: 'single' });
      for (const [i, list] of lists.entries()) {
        const alone = await store.inventories.replace(one.id, debianInventory(list), {
          baseAssetId: img.id,
        });
        expect(alone.contentHash).toBe(stored[i]!.contentHash);
        expect((await store.inventories.get(hosts[i]!.id))?.packages).toEqual(
          (await store.inventories.get(one.id))?.packages,
        );
      }
    });

    it('upsertMany keeps the fields an input leaves out', async () => {
      await store.assets.upsert({
        kind: 'host',
        name: 'a',
        platform: 'debian:12',
        labels: { x: '1' },
      });

      const [a, b] = await store.assets.upsertMany([
        { kind: 'host', name: 'a', labels: { y: '2' } },
        { kind: 'host', name: 'b', platform: 'alpine:3.20' },
      ]);

      expect(a).toMatchObject({ name: 'a', platform: 'debian:12', labels: { y: '2' } });
      expect(b).toMatchObject({ name: 'b', platform: 'alpine:3.20', labels: {} });
      expect(a!.createdAt).toBe('2026-11-27T10:00:00.000Z');
    });

    it('upsertMany refuses a name held by another kind and writes nothing', async () => {
      await store.assets.upsert({ kind: 'image', name: 'img@1' });

      const attempt = store.assets.upsertMany([
        { kind: 'host', name: 'fresh' },
        { kind: 'host', name: 'img@1' },
      ]);

      await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await store.assets.findByName('fresh')).toBeUndefined();
    });

    it('appendMany chains the batch after the tail', async () => {
      const first = await store.audit.append({ actor: 'a', action: 'x', object: 'o' });

      const batch = await store.audit.appendMany(
        ['b', 'c', 'd'].map((actor) => ({ actor, action: 'x', object: 'o' })),
      );

      expect(batch.map((e) => e.actor)).toEqual(['b', 'c', 'd']);
      expect(batch[0]!.prevHash).toBe(first.hash);
      expect(batch[2]!.prevHash).toBe(batch[1]!.hash);
      expect(await store.audit.verify()).toEqual({ ok: true, count: 4 });
    });

    it('forgets package ids of a transaction that rolled back', async () => {
      const img = await store.assets.upsert({ kind: 'image', name: 'deb12@1' });
      await store.inventories.replace(img.id, debianInventory(imagePackages));
      const host = await store.assets.upsert({ kind: 'host', name: 'h', clonedFrom: img.id });
      const list = [...imagePackages, pkg('nginx', '1.22.1-9+deb12u1')];
      const attempt = store.transaction(async (tx) => {
        await tx.inventories.replace(host.id, debianInventory(list), { baseAssetId: img.id });
        throw new Error('injected failure');
      });
      await expect(attempt).rejects.toThrow('injected failure');

      await store.inventories.replace(host.id, debianInventory(list), { baseAssetId: img.id });

      expect((await store.inventories.get(host.id))?.packages).toEqual(
        [...list].sort((x, y) => (x.name < y.name ? -1 : 1)),
      );
    });
  });

  describe('transactions', () => {
    it('leaves nothing behind when the unit of work fails', async () => {
      const before = await store.stats();

      const attempt = store.transaction(async (tx) => {
        const a = await tx.assets.upsert({ kind: 'host', name: 'doomed' });
        await tx.inventories.replace(a.id, debianInventory(imagePackages));
        await tx.audit.append({ actor: 't', action: 'inventory.import', object: `asset:${a.id}` });
        throw new Error('injected failure');
      });

      await expect(attempt).rejects.toThrow('injected failure');
      expect((await store.stats()).rows).toEqual(before.rows);
      expect(await store.assets.findByName('doomed')).toBeUndefined();
    });
  });

  describe('audit log', () => {
    it('chains events and verifies them', async () => {
      const e1 = await store.audit.append({ actor: 'alice', action: 'a', object: 'asset:1' });
      const e2 = await store.audit.append({
        actor: 'bob',
        action: 'b',
        object: 'asset:2',
        reason: 'why',
        details: { z: 1, a: [true] },
      });

      expect(e2.prevHash).toBe(e1.hash);
      expect(e1.prevHash).toBe('0'.repeat(64));
      expect(await store.audit.verify()).toEqual({ ok: true, count: 2 });
      expect((await store.audit.list({ object: 'asset:2' }))[0]).toEqual(e2);
    });

    it.each([
      ['update', 'update audit_events set reason = 1'],
      ['delete', 'delete from audit_events'],
    ])('refuses %s', async (_op, statement) => {
      await store.audit.append({ actor: 'alice', action: 'a', object: 'asset:1' });

      await expect(h.exec(statement)).rejects.toThrow(/append-only/);
      expect(await store.audit.verify()).toEqual({ ok: true, count: 1 });
    });

    it('finds a tampered event', async () => {
      for (const actor of ['a', 'b', 'c']) {
        await store.audit.append({ actor, action: 'x', object: 'o', reason: 'r' });
      }
      const [, second] = [...(await store.audit.list())].reverse();

      await h.tamperAuditReason(second!.seq, 'rewritten');

      expect(await store.audit.verify()).toMatchObject({
        ok: false,
        count: 1,
        brokenAt: second!.seq,
      });
    });
  });
}
