import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { parseStoreUrl } from '../open.js';

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

/** Connections, sync state and tracked objects (migration `0002-vsphere`). */
export interface VsphereStateRepo {
  saveConnection(c: VsphereConnection): Promise<void>;
  getConnection(name: string): Promise<VsphereConnection | undefined>;
  listConnections(): Promise<readonly VsphereConnection[]>;
  getSyncState(connection: string): Promise<VsphereSyncState | undefined>;
  saveSyncState(connection: string, s: VsphereSyncState): Promise<void>;
  listObjects(connection: string): Promise<readonly TrackedObject[]>;
  /** Upserts by (connection, moref). */
  saveObjects(connection: string, objects: readonly TrackedObject[]): Promise<void>;
  close(): Promise<void>;
}

interface Tables {
  vsphere_connections: {
    name: string;
    url: string;
    username: string;
    password_ciphertext: string;
    tls: string;
    created_at: string;
  };
  vsphere_sync_state: {
    connection: string;
    last_event_key: number | null;
    last_event_time: string | null;
    last_sync_at: string;
    last_full_sync_at: string | null;
  };
  vsphere_objects: {
    connection: string;
    moref: string;
    asset_name: string;
    kind: string;
    removed_at: string | null;
  };
}

/**
 * Opens the vSphere tables of the store at `url` on a connection of their own. The store must
 * have been opened (and so migrated) first; SQLite's WAL mode lets both connections work.
 */
export function openVsphereStateRepo(
  url: string,
  opts: { readonly schema?: string } = {},
): VsphereStateRepo {
  const target = parseStoreUrl(url);
  const dialect =
    target.dialect === 'postgres'
      ? new PostgresDialect({
          pool: new pg.Pool({
            connectionString: target.url,
            max: 2,
            ...(opts.schema !== undefined && { options: `-c search_path=${opts.schema}` }),
          }),
        })
      : new SqliteDialect({
          database: () => {
            const db = new BetterSqlite3(target.path);
            db.pragma('busy_timeout = 5000');
            db.pragma('foreign_keys = ON');
            return Promise.resolve(db);
          },
        });
  return vsphereStateRepo(new Kysely<Tables>({ dialect }));
}

const chunkSize = 200;

export function vsphereStateRepo(db: Kysely<Tables>): VsphereStateRepo {
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
      return (await db.selectFrom('vsphere_connections').selectAll().orderBy('name').execute()).map(
        toConnection,
      );
    },
    async getSyncState(connection) {
      const r = await db
        .selectFrom('vsphere_sync_state')
        .selectAll()
        .where('connection', '=', connection)
        .executeTakeFirst();
      return (
        r && {
          lastEventKey: r.last_event_key,
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
      return rows.map((r) => ({
        moref: r.moref,
        assetName: r.asset_name,
        kind: r.kind === 'image' ? 'image' : 'host',
        removedAt: r.removed_at,
      }));
    },
    async saveObjects(connection, objects) {
      await db.transaction().execute(async (tx) => {
        for (let i = 0; i < objects.length; i += chunkSize) {
          const rows = objects.slice(i, i + chunkSize).map((o) => ({
            connection,
            moref: o.moref,
            asset_name: o.assetName,
            kind: o.kind,
            removed_at: o.removedAt,
          }));
          await tx
            .insertInto('vsphere_objects')
            .values(rows)
            .onConflict((oc) =>
              oc.columns(['connection', 'moref']).doUpdateSet((eb) => ({
                asset_name: eb.ref('excluded.asset_name'),
                kind: eb.ref('excluded.kind'),
                removed_at: eb.ref('excluded.removed_at'),
              })),
            )
            .execute();
        }
      });
    },
    close: () => db.destroy(),
  };
}

function toConnection(r: Tables['vsphere_connections']): VsphereConnection {
  return {
    name: r.name,
    url: r.url,
    username: r.username,
    passwordCiphertext: r.password_ciphertext,
    tls: JSON.parse(r.tls) as VsphereConnection['tls'],
    createdAt: r.created_at,
  };
}
