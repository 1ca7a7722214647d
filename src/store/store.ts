import { sql, type Kysely } from 'kysely';
import type { Clock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { DialectId } from './dialect.js';
import { advisoryRepository } from './repos/advisories.js';
import { assetRepository } from './repos/assets.js';
import { auditLog } from './repos/audit.js';
import { commitPackages, commitSets, type RepoContext, type SetCache } from './repos/context.js';
import { feedRepository } from './repos/feeds.js';
import { fleetReader } from './repos/fleet.js';
import { findingClockRepository } from './repos/finding-clocks.js';
import { inventoryRepository } from './repos/inventories.js';
import { vsphereRepository } from './repos/vsphere.js';
import type { Database } from './schema.js';
import type { Store, StoreRepos, StoreStats } from './types.js';

export interface StoreDeps {
  readonly clock: Clock;
  readonly newId: () => string;
}

const tables = [
  'assets',
  'packages',
  'package_sets',
  'package_set_entries',
  'inventories',
  'inventory_deltas',
  'audit_events',
  'raw_payloads',
  'advisories',
  'advisory_affected',
  'feed_state',
  'vsphere_connections',
  'vsphere_sync_state',
  'vsphere_objects',
] as const satisfies readonly (keyof Database)[];

/** Wraps a migrated Kysely instance as a {@link Store}. */
export function createStore(db: Kysely<Database>, dialect: DialectId, deps: StoreDeps): Store {
  const committedSets: SetCache = new Map();
  const committedPackages = new Map<string, number>();

  async function transaction<T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T> {
    const pendingSets: SetCache = new Map();
    const pendingPackages = new Map<string, number>();
    const caches = { committedSets, pendingSets, committedPackages, pendingPackages };
    try {
      const result = await db
        .transaction()
        .execute((trx) => fn(bind({ db: trx, dialect, ...deps, ...caches })));
      commitSets(committedSets, pendingSets);
      commitPackages(committedPackages, pendingPackages);
      return result;
    } catch (e) {
      if (e instanceof AppError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      throw new AppError(ErrorCode.StoreFailed, `store: ${message}`, { cause: e });
    }
  }

  return {
    dialect,
    transaction,
    assets: {
      get: (id) => transaction((tx) => tx.assets.get(id)),
      getMany: (ids) => transaction((tx) => tx.assets.getMany(ids)),
      findByName: (name) => transaction((tx) => tx.assets.findByName(name)),
      findManyByName: (names) => transaction((tx) => tx.assets.findManyByName(names)),
      upsert: (input) => transaction((tx) => tx.assets.upsert(input)),
      upsertMany: (inputs) => transaction((tx) => tx.assets.upsertMany(inputs)),
      list: (filter) => transaction((tx) => tx.assets.list(filter)),
      retire: (id, opts) => transaction((tx) => tx.assets.retire(id, opts)),
      countClones: (id) => transaction((tx) => tx.assets.countClones(id)),
      delete: (id, opts) => transaction((tx) => tx.assets.delete(id, opts)),
    },
    inventories: {
      replace: (assetId, inv, opts) =>
        transaction((tx) => tx.inventories.replace(assetId, inv, opts)),
      replaceMany: (items) => transaction((tx) => tx.inventories.replaceMany(items)),
      get: (assetId) => transaction((tx) => tx.inventories.get(assetId)),
      describe: (assetId) => transaction((tx) => tx.inventories.describe(assetId)),
    },
    audit: {
      append: (event) => transaction((tx) => tx.audit.append(event)),
      appendMany: (events) => transaction((tx) => tx.audit.appendMany(events)),
      list: (opts) => transaction((tx) => tx.audit.list(opts)),
      verify: () => transaction((tx) => tx.audit.verify()),
    },
    advisories: {
      all: (filter) => transaction((tx) => tx.advisories.all(filter)),
      get: (source, id) => transaction((tx) => tx.advisories.get(source, id)),
      byId: (id) => transaction((tx) => tx.advisories.byId(id)),
      byCve: (cve) => transaction((tx) => tx.advisories.byCve(cve)),
      upsertMany: (list, prov) => transaction((tx) => tx.advisories.upsertMany(list, prov)),
      countBySource: () => transaction((tx) => tx.advisories.countBySource()),
    },
    feeds: {
      putPayload: (input) => transaction((tx) => tx.feeds.putPayload(input)),
      getPayload: (id) => transaction((tx) => tx.feeds.getPayload(id)),
      latestPayloads: (filter) => transaction((tx) => tx.feeds.latestPayloads(filter)),
      recordAttempt: (source, a) => transaction((tx) => tx.feeds.recordAttempt(source, a)),
      get: (source) => transaction((tx) => tx.feeds.get(source)),
      list: () => transaction((tx) => tx.feeds.list()),
    },
    fleet: {
      inventories: (filter) => transaction((tx) => tx.fleet.inventories(filter)),
      sets: (ids) => transaction((tx) => tx.fleet.sets(ids)),
    },
    clocks: {
      all: () => transaction((tx) => tx.clocks.all()),
      put: (rows) => transaction((tx) => tx.clocks.put(rows)),
      putSnapshots: (rows) => transaction((tx) => tx.clocks.putSnapshots(rows)),
      snapshots: (kind, since) => transaction((tx) => tx.clocks.snapshots(kind, since)),
      hasSnapshot: (day) => transaction((tx) => tx.clocks.hasSnapshot(day)),
    },
    vsphere: {
      saveConnection: (c) => transaction((tx) => tx.vsphere.saveConnection(c)),
      getConnection: (name) => transaction((tx) => tx.vsphere.getConnection(name)),
      listConnections: () => transaction((tx) => tx.vsphere.listConnections()),
      getSyncState: (c) => transaction((tx) => tx.vsphere.getSyncState(c)),
      saveSyncState: (c, s) => transaction((tx) => tx.vsphere.saveSyncState(c, s)),
      listObjects: (c) => transaction((tx) => tx.vsphere.listObjects(c)),
      saveObjects: (c, objects) => transaction((tx) => tx.vsphere.saveObjects(c, objects)),
    },
    stats: () => stats(db, dialect),
    close: () => db.destroy(),
  };
}

function bind(ctx: RepoContext): StoreRepos {
  return {
    assets: assetRepository(ctx),
    inventories: inventoryRepository(ctx),
    audit: auditLog(ctx),
    advisories: advisoryRepository(ctx),
    feeds: feedRepository(ctx),
    fleet: fleetReader(ctx),
    clocks: findingClockRepository(ctx),
    vsphere: vsphereRepository(ctx),
  };
}

async function stats(db: Kysely<Database>, dialect: DialectId): Promise<StoreStats> {
  const rows: Record<string, number> = {};
  for (const t of tables) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    rows[t] = Number(r.n);
  }
  return { rows, bytes: await bytesUsed(db, dialect) };
}

/** SQLite: pages in the main file after a WAL checkpoint. PostgreSQL: our schema's relations. */
async function bytesUsed(db: Kysely<Database>, dialect: DialectId): Promise<number> {
  if (dialect === 'sqlite') {
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
    const r = await sql<{ bytes: number }>`
      select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`.execute(
      db,
    );
    return Number(r.rows[0]?.bytes ?? 0);
  }
  const r = await sql<{ bytes: string | null }>`
    select sum(pg_total_relation_size(c.oid))::text as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r'`.execute(db);
  return Number(r.rows[0]?.bytes ?? 0);
}
