import { describe, expect, it } from 'vitest';
import type { FixedClock } from '../../domain/clock.js';
import type { Store, TrackedObject, VsphereConnection } from '../types.js';

/** The store and clock of the current conformance test. */
export type CurrentStore = () => { readonly store: Store; readonly clock: FixedClock };

const lab: VsphereConnection = {
  name: 'lab',
  url: 'https://vc.lab.example/sdk',
  username: 'patchline@vsphere.local',
  passwordCiphertext: 'v1:bm9uY2U:Y2lwaGVy:dGFn',
  tls: { kind: 'thumbprint', sha256: 'AB:CD' },
  createdAt: '2026-11-27T10:00:00.000Z',
};

const vm = (moref: string, assetName: string, removedAt: string | null = null): TrackedObject => ({
  moref,
  assetName,
  kind: 'host',
  removedAt,
});

/** vCenter connections, sync state and tracked objects: part of `runStoreConformance`. */
export function describeVsphereConformance(current: CurrentStore): void {
  describe('vsphere', () => {
    it('saves a connection and replaces it by name, keeping when it was added', async () => {
      const { store } = current();
      await store.vsphere.saveConnection(lab);
      await store.vsphere.saveConnection({ ...lab, name: 'Zeta', tls: { kind: 'system' } });

      await store.vsphere.saveConnection({
        ...lab,
        url: 'https://vc2.lab.example/sdk',
        tls: { kind: 'ca', ca: '-----BEGIN CERTIFICATE-----\n…' },
        createdAt: '2026-12-01T00:00:00.000Z',
      });

      expect(await store.vsphere.getConnection('lab')).toEqual({
        ...lab,
        url: 'https://vc2.lab.example/sdk',
        tls: { kind: 'ca', ca: '-----BEGIN CERTIFICATE-----\n…' },
      });
      expect((await store.vsphere.listConnections()).map((c) => c.name)).toEqual(['Zeta', 'lab']);
      expect(await store.vsphere.getConnection('nope')).toBeUndefined();
    });

    it('keeps one sync state per connection', async () => {
      const { store } = current();
      await store.vsphere.saveConnection(lab);
      const first = {
        lastEventKey: 41,
        lastEventTime: '2026-11-27T09:59:00.000Z',
        lastSyncAt: '2026-11-27T10:00:00.000Z',
        lastFullSyncAt: '2026-11-27T10:00:00.000Z',
      };
      await store.vsphere.saveSyncState('lab', first);

      await store.vsphere.saveSyncState('lab', {
        ...first,
        lastEventKey: 97,
        lastSyncAt: '2026-11-27T11:00:00.000Z',
      });

      expect(await store.vsphere.getSyncState('lab')).toEqual({
        ...first,
        lastEventKey: 97,
        lastSyncAt: '2026-11-27T11:00:00.000Z',
      });
      expect(await store.vsphere.getSyncState('other')).toBeUndefined();
    });

    it('refuses sync state and objects of a connection it does not hold', async () => {
      const { store } = current();

      const state = store.vsphere.saveSyncState('ghost', {
        lastEventKey: null,
        lastEventTime: null,
        lastSyncAt: '2026-11-27T10:00:00.000Z',
        lastFullSyncAt: null,
      });
      const objects = store.vsphere.saveObjects('ghost', [vm('vm-1', 'a')]);

      await expect(state).rejects.toMatchObject({ code: 'STORE_FAILED' });
      await expect(objects).rejects.toMatchObject({ code: 'STORE_FAILED' });
    });

    it('upserts tracked objects by moref, per connection, the last of a batch winning', async () => {
      const { store } = current();
      await store.vsphere.saveConnection(lab);
      await store.vsphere.saveConnection({ ...lab, name: 'other' });
      await store.vsphere.saveObjects('lab', [vm('vm-2', 'b'), vm('vm-1', 'a')]);
      await store.vsphere.saveObjects('other', [vm('vm-1', 'elsewhere')]);
      const many = Array.from({ length: 450 }, (_, i) => vm(`vm-x${i}`, `x${i}`));

      await store.vsphere.saveObjects('lab', [
        vm('vm-1', 'a', '2026-11-27T10:00:00.000Z'),
        { ...vm('vm-3', 'tpl@1'), kind: 'image' },
        vm('vm-3', 'tpl@2'),
        ...many,
      ]);

      const objects = await store.vsphere.listObjects('lab');
      expect(objects.slice(0, 3)).toEqual([
        vm('vm-1', 'a', '2026-11-27T10:00:00.000Z'),
        vm('vm-2', 'b'),
        vm('vm-3', 'tpl@2'),
      ]);
      expect(objects).toHaveLength(453);
      expect(await store.vsphere.listObjects('other')).toEqual([vm('vm-1', 'elsewhere')]);
    });

    it('writes nothing of a failed transaction', async () => {
      const { store } = current();
      await store.vsphere.saveConnection(lab);

      const attempt = store.transaction(async (tx) => {
        await tx.vsphere.saveConnection({ ...lab, name: 'doomed' });
        await tx.vsphere.saveObjects('lab', [vm('vm-1', 'a')]);
        throw new Error('injected failure');
      });

      await expect(attempt).rejects.toThrow('injected failure');
      expect((await store.vsphere.listConnections()).map((c) => c.name)).toEqual(['lab']);
      expect(await store.vsphere.listObjects('lab')).toEqual([]);
    });
  });
}
