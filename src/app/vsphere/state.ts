import type {
  TrackedObject,
  VsphereConnection,
  VsphereStateRepo,
  VsphereSyncState,
} from '../../store/repos/vsphere-connections.js';

export type { TrackedObject, VsphereConnection, VsphereStateRepo, VsphereSyncState };

/** In-memory twin of the store's vSphere state, for unit tests of the use cases. */
export function memoryVsphereState(): VsphereStateRepo {
  const connections = new Map<string, VsphereConnection>();
  const states = new Map<string, VsphereSyncState>();
  const objects = new Map<string, Map<string, TrackedObject>>();
  return {
    saveConnection: (c) => {
      connections.set(c.name, c);
      return Promise.resolve();
    },
    getConnection: (name) => Promise.resolve(connections.get(name)),
    listConnections: () =>
      Promise.resolve([...connections.values()].sort((a, b) => a.name.localeCompare(b.name))),
    getSyncState: (c) => Promise.resolve(states.get(c)),
    saveSyncState: (c, s) => {
      states.set(c, s);
      return Promise.resolve();
    },
    listObjects: (c) => Promise.resolve([...(objects.get(c)?.values() ?? [])]),
    saveObjects: (c, objs) => {
      const m = objects.get(c) ?? new Map<string, TrackedObject>();
      for (const o of objs) m.set(o.moref, o);
      objects.set(c, m);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
