import type { Selectable } from 'kysely';
import type { VsphereConnectionsTable } from '../schema.js';
import { chunks, type RepoContext } from './context.js';

/** A stored vCenter connection; the password only as ciphertext. */
export interface VsphereConnection {
  readonly name: string;
  readonly url: string;
  readonly username: string;
  readonly passwordCiphertext: string;
  readonly tls:
    | { readonly kind: 'system' }
    | { readonly kind: 'ca'; readonly ca: string }
    | { readonly kind: 'thumbprint'; readonly sha256: string };
  readonly createdAt: string;
}

/** Where incremental sync resumes: the newest event seen, by key and time. */
export interface VsphereSyncState {
  readonly lastEventKey: number | null;
  readonly lastEventTime: string | null;
  readonly lastSyncAt: string;
  readonly lastFullSyncAt: string | null;
}

/** A VM or template a connection has seen, and the asset it became. */
export interface TrackedObject {
  readonly moref: string;
  readonly assetName: string;
  readonly kind: 'host' | 'image';
  readonly removedAt: string | null;
}

/**
 * vCenter connections, their sync state and the objects each has seen (migration
 * `0002-vsphere`). Sync state and tracked objects belong to a stored connection: saving them
 * for an unknown one fails on the foreign key.
 */
export interface VsphereRepository {
  /** Inserts, or replaces url, user, password and trust of the connection with that name. */
  saveConnection(c: VsphereConnection): Promise<void>;
  getConnection(name: string): Promise<VsphereConnection | undefined>;
  /** By name. */
  listConnections(): Promise<readonly VsphereConnection[]>;
  getSyncState(connection: string): Promise<VsphereSyncState | undefined>;
  saveSyncState(connection: string, s: VsphereSyncState): Promise<void>;
  /** By moref. */
  listObjects(connection: string): Promise<readonly TrackedObject[]>;
  /** Upserts by (connection, moref); objects not given are left as they are. */
  saveObjects(connection: string, objects: readonly TrackedObject[]): Promise<void>;
}

export function vsphereRepository(ctx: RepoContext): VsphereRepository {
  const { db } = ctx;
  return {
    async saveConnection(c) {
      const row = {
        url: c.url,
        username: c.username,
        password_ciphertext: c.passwordCiphertext,
        tls: JSON.stringify(c.tls),
      };
      await db
        .insertInto('vsphere_connections')
        .values({ name: c.name, created_at: c.createdAt, ...row })
        .onConflict((oc) => oc.column('name').doUpdateSet(row))
        .execute();
    },
    async getConnection(name) {
      const r = await db
        .selectFrom('vsphere_connections')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return r && toConnection(r);
    },
    async listConnections() {
      const rows = await db.selectFrom('vsphere_connections').selectAll().execute();
      return rows.sort((a, b) => byCodeUnit(a.name, b.name)).map(toConnection);
    },
    async getSyncState(connection) {
      const r = await db
        .selectFrom('vsphere_sync_state')
        .selectAll()
        .where('connection', '=', connection)
        .executeTakeFirst();
      return (
        r && {
          lastEventKey: r.last_event_key === null ? null : Number(r.last_event_key),
          lastEventTime: r.last_event_time,
          lastSyncAt: r.last_sync_at,
          lastFullSyncAt: r.last_full_sync_at,
        }
      );
    },
    async saveSyncState(connection, s) {
      const row = {
        last_event_key: s.lastEventKey,
        last_event_time: s.lastEventTime,
        last_sync_at: s.lastSyncAt,
        last_full_sync_at: s.lastFullSyncAt,
      };
      await db
        .insertInto('vsphere_sync_state')
        .values({ connection, ...row })
        .onConflict((oc) => oc.column('connection').doUpdateSet(row))
        .execute();
    },
    async listObjects(connection) {
      const rows = await db
        .selectFrom('vsphere_objects')
        .selectAll()
        .where('connection', '=', connection)
        .execute();
      return rows
        .sort((a, b) => byCodeUnit(a.moref, b.moref))
        .map((r) => ({
          moref: r.moref,
          assetName: r.asset_name,
          kind: r.kind === 'image' ? 'image' : 'host',
          removedAt: r.removed_at,
        }));
    },
    async saveObjects(connection, objects) {
      // One statement may not upsert a key twice on PostgreSQL: the last one given wins.
      const latest = [...new Map(objects.map((o) => [o.moref, o])).values()];
      // 5 columns × 200 rows stays under both databases' bind-parameter limits.
      for (const part of chunks(latest, 200)) {
        await db
          .insertInto('vsphere_objects')
          .values(
            part.map((o) => ({
              connection,
              moref: o.moref,
              asset_name: o.assetName,
              kind: o.kind,
              removed_at: o.removedAt,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['connection', 'moref']).doUpdateSet((eb) => ({
              asset_name: eb.ref('excluded.asset_name'),
              kind: eb.ref('excluded.kind'),
              removed_at: eb.ref('excluded.removed_at'),
            })),
          )
          .execute();
      }
    },
  };
}

/** Code-unit order, the same on SQLite and PostgreSQL (whose collation would differ). */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toConnection(r: Selectable<VsphereConnectionsTable>): VsphereConnection {
  return {
    name: r.name,
    url: r.url,
    username: r.username,
    passwordCiphertext: r.password_ciphertext,
    tls: JSON.parse(r.tls) as VsphereConnection['tls'],
    createdAt: r.created_at,
  };
}
