import { sql, type Kysely } from 'kysely';
import type { Clock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { DialectId } from './dialect.js';
import { isBusy, storeError } from './errors.js';
import { advisoryRepository } from './repos/advisories.js';
import { assetRepository } from './repos/assets.js';
import { auditLog } from './repos/audit.js';
import { commitPackages, commitSets, type RepoContext, type SetCache } from './repos/context.js';
import { enrichmentRepository } from './repos/enrichment.js';
import { feedRepository } from './repos/feeds.js';
import { fleetReader } from './repos/fleet.js';
import { findingClockRepository } from './repos/finding-clocks.js';
import { inventoryRepository } from './repos/inventories.js';
import { jobRepository } from './repos/jobs.js';
import { policyVersionRepository } from './repos/policy-versions.js';
import { secretRepository } from './repos/secrets.js';
import { sessionRepository } from './repos/sessions.js';
import { tokenRepository } from './repos/api-tokens.js';
import { userRepository } from './repos/users.js';
import { vsphereRepository } from './repos/vsphere.js';
import { webhookRepository } from './repos/webhooks.js';
import { waiverRequestRepository } from './repos/waiver-requests.js';
import type { Database } from './schema.js';
import type { AuditHead, Store, StoreRepos, StoreStats } from './types.js';

export interface StoreDeps {
  readonly clock: Clock;
  readonly newId: () => string;
  /** Names the store in error messages. @default the dialect */
  readonly name?: string;
  /** Refuse write transactions up front (the store was opened read-only). */
  readonly readOnly?: boolean;
  /** Attempts after the first when a write transaction cannot take the lock. @default 0 */
  readonly busyRetries?: number;
  /** Waits between attempts. @default a `setTimeout` promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called after a write transaction that appended audit events commits, with the new head. */
  readonly onAuditAppended?: (head: AuditHead) => Promise<void> | void;
}

type Mode = 'read' | 'write';

/** Pause before retry `attempt` (1-based): doubling from 100 ms, capped at 2 s, with jitter. */
export function busyBackoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(2000, 100 * 2 ** (attempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

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
  'users',
  'api_tokens',
  'sessions',
  'webhook_subscriptions',
  'webhook_deliveries',
  'policy_versions',
  'waiver_requests',
] as const satisfies readonly (keyof Database)[];

/** Wraps a migrated Kysely instance as a {@link Store}. */
export function createStore(db: Kysely<Database>, dialect: DialectId, deps: StoreDeps): Store {
  const committedSets: SetCache = new Map();
  const committedPackages = new Map<string, number>();

  const label = deps.name ?? dialect;
  const repoDeps = { clock: deps.clock, newId: deps.newId };
  const sleep = deps.sleep ?? realSleep;

  /**
   * One transaction; a write begins by taking the write lock (BEGIN IMMEDIATE on SQLite, see
   * `sqlite-driver.ts`). When the lock stays taken past `busy_timeout`, the attempt failed at
   * `begin`, before `fn` ran, so it is retried after a pause, at most `busyRetries` times.
   */
  async function transaction<T>(fn: (tx: StoreRepos) => Promise<T>, mode: Mode): Promise<T> {
    if (mode === 'write' && deps.readOnly) {
      throw new AppError(
        ErrorCode.StoreReadOnly,
        `store ${label} is opened read-only (the file or its folder is not writable): this command writes`,
        { details: { store: label } },
      );
    }
    for (let attempt = 0; ; attempt++) {
      const pendingSets: SetCache = new Map();
      const pendingPackages = new Map<string, number>();
      const caches = { committedSets, pendingSets, committedPackages, pendingPackages };
      let began = false;
      let appended = false;
      try {
        const builder = db.transaction();
        const result = await (
          mode === 'read' ? builder.setAccessMode('read only') : builder
        ).execute((trx) => {
          began = true;
          const repos = bind({ db: trx, dialect, ...repoDeps, ...caches });
          return fn(noticeAppends(repos, () => (appended = true)));
        });
        commitSets(committedSets, pendingSets);
        commitPackages(committedPackages, pendingPackages);
        if (appended && deps.onAuditAppended) {
          const head = await transaction((tx) => tx.audit.head(), 'read');
          if (head) await deps.onAuditAppended(head);
        }
        return result;
      } catch (e) {
        if (!began && isBusy(e) && attempt < (deps.busyRetries ?? 0)) {
          await sleep(busyBackoffMs(attempt + 1));
          continue;
        }
        throw storeError(e, label);
      }
    }
  }
  const read = <T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T> => transaction(fn, 'read');
  const write = <T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T> => transaction(fn, 'write');

  return {
    dialect,
    transaction: write,
    assets: {
      get: (id) => read((tx) => tx.assets.get(id)),
      getMany: (ids) => read((tx) => tx.assets.getMany(ids)),
      findByName: (name) => read((tx) => tx.assets.findByName(name)),
      findManyByName: (names) => read((tx) => tx.assets.findManyByName(names)),
      upsert: (input) => write((tx) => tx.assets.upsert(input)),
      upsertMany: (inputs) => write((tx) => tx.assets.upsertMany(inputs)),
      list: (filter) => read((tx) => tx.assets.list(filter)),
      retire: (id, opts) => write((tx) => tx.assets.retire(id, opts)),
      countClones: (id) => read((tx) => tx.assets.countClones(id)),
      delete: (id, opts) => write((tx) => tx.assets.delete(id, opts)),
    },
    inventories: {
      replace: (assetId, inv, opts) => write((tx) => tx.inventories.replace(assetId, inv, opts)),
      replaceMany: (items) => write((tx) => tx.inventories.replaceMany(items)),
      get: (assetId) => read((tx) => tx.inventories.get(assetId)),
      describe: (assetId) => read((tx) => tx.inventories.describe(assetId)),
    },
    audit: {
      append: (event) => write((tx) => tx.audit.append(event)),
      appendMany: (events) => write((tx) => tx.audit.appendMany(events)),
      list: (opts) => read((tx) => tx.audit.list(opts)),
      verify: () => read((tx) => tx.audit.verify()),
      check: (anchor) => read((tx) => tx.audit.check(anchor)),
      head: () => read((tx) => tx.audit.head()),
    },
    advisories: {
      all: (filter) => read((tx) => tx.advisories.all(filter)),
      get: (source, id) => read((tx) => tx.advisories.get(source, id)),
      byId: (id) => read((tx) => tx.advisories.byId(id)),
      byCve: (cve) => read((tx) => tx.advisories.byCve(cve)),
      upsertMany: (list, prov) => write((tx) => tx.advisories.upsertMany(list, prov)),
      countBySource: () => read((tx) => tx.advisories.countBySource()),
      newestDates: () => read((tx) => tx.advisories.newestDates()),
      publishedDates: () => read((tx) => tx.advisories.publishedDates()),
      platforms: () => read((tx) => tx.advisories.platforms()),
    },
    feeds: {
      putPayload: (input) => write((tx) => tx.feeds.putPayload(input)),
      getPayload: (id) => read((tx) => tx.feeds.getPayload(id)),
      latestPayloads: (filter) => read((tx) => tx.feeds.latestPayloads(filter)),
      recordAttempt: (source, a) => write((tx) => tx.feeds.recordAttempt(source, a)),
      get: (source) => read((tx) => tx.feeds.get(source)),
      list: () => read((tx) => tx.feeds.list()),
    },
    fleet: {
      inventories: (filter) => read((tx) => tx.fleet.inventories(filter)),
      sets: (ids) => read((tx) => tx.fleet.sets(ids)),
    },
    clocks: {
      all: () => read((tx) => tx.clocks.all()),
      put: (rows) => write((tx) => tx.clocks.put(rows)),
      putSnapshots: (rows) => write((tx) => tx.clocks.putSnapshots(rows)),
      snapshots: (kind, since) => read((tx) => tx.clocks.snapshots(kind, since)),
      hasSnapshot: (day) => read((tx) => tx.clocks.hasSnapshot(day)),
    },
    vsphere: {
      saveConnection: (c) => write((tx) => tx.vsphere.saveConnection(c)),
      getConnection: (name) => read((tx) => tx.vsphere.getConnection(name)),
      listConnections: () => read((tx) => tx.vsphere.listConnections()),
      getSyncState: (c) => read((tx) => tx.vsphere.getSyncState(c)),
      saveSyncState: (c, s) => write((tx) => tx.vsphere.saveSyncState(c, s)),
      listObjects: (c) => read((tx) => tx.vsphere.listObjects(c)),
      saveObjects: (c, objects) => write((tx) => tx.vsphere.saveObjects(c, objects)),
    },
    enrichment: {
      replaceKev: (doc, rows) => write((tx) => tx.enrichment.replaceKev(doc, rows)),
      replaceEpss: (doc, rows) => write((tx) => tx.enrichment.replaceEpss(doc, rows)),
      documents: () => read((tx) => tx.enrichment.documents()),
      kev: (cves) => read((tx) => tx.enrichment.kev(cves)),
      epss: (cves) => read((tx) => tx.enrichment.epss(cves)),
    },
    jobs: {
      insert: (job) => write((tx) => tx.jobs.insert(job)),
      get: (id) => read((tx) => tx.jobs.get(id)),
      list: (filter) => read((tx) => tx.jobs.list(filter)),
      counts: () => read((tx) => tx.jobs.counts()),
      claim: (opts) => write((tx) => tx.jobs.claim(opts)),
      start: (ref) => write((tx) => tx.jobs.start(ref)),
      renew: (ref) => write((tx) => tx.jobs.renew(ref)),
      finish: (ref) => write((tx) => tx.jobs.finish(ref)),
      retry: (ref) => write((tx) => tx.jobs.retry(ref)),
      cancel: (id, now) => write((tx) => tx.jobs.cancel(id, now)),
      expire: (now) => write((tx) => tx.jobs.expire(now)),
      claimTick: (claim) => write((tx) => tx.jobs.claimTick(claim)),
      setTickJob: (s, t, id) => write((tx) => tx.jobs.setTickJob(s, t, id)),
      lastTick: (s) => read((tx) => tx.jobs.lastTick(s)),
      ticks: (s) => read((tx) => tx.jobs.ticks(s)),
    },
    webhooks: {
      addSubscription: (s) => write((tx) => tx.webhooks.addSubscription(s)),
      subscriptions: () => read((tx) => tx.webhooks.subscriptions()),
      subscription: (id) => read((tx) => tx.webhooks.subscription(id)),
      subscriptionSecret: (id) => read((tx) => tx.webhooks.subscriptionSecret(id)),
      removeSubscription: (id) => write((tx) => tx.webhooks.removeSubscription(id)),
      enqueue: (items) => write((tx) => tx.webhooks.enqueue(items)),
      due: (at, limit) => read((tx) => tx.webhooks.due(at, limit)),
      claim: (id, expected, until) => write((tx) => tx.webhooks.claim(id, expected, until)),
      recordAttempt: (id, o) => write((tx) => tx.webhooks.recordAttempt(id, o)),
      delivery: (id) => read((tx) => tx.webhooks.delivery(id)),
      deliveries: (filter) => read((tx) => tx.webhooks.deliveries(filter)),
      attempts: (id) => read((tx) => tx.webhooks.attempts(id)),
      requeue: (id, at) => write((tx) => tx.webhooks.requeue(id, at)),
      notifiedAmong: (type, subjects) => read((tx) => tx.webhooks.notifiedAmong(type, subjects)),
      markNotified: (type, subjects) => write((tx) => tx.webhooks.markNotified(type, subjects)),
    },
    policies: {
      add: (input) => write((tx) => tx.policies.add(input)),
      get: (version) => read((tx) => tx.policies.get(version)),
      list: () => read((tx) => tx.policies.list()),
      active: () => read((tx) => tx.policies.active()),
      activate: (version, by) => write((tx) => tx.policies.activate(version, by)),
    },
    waiverRequests: {
      create: (input) => write((tx) => tx.waiverRequests.create(input)),
      get: (seq) => read((tx) => tx.waiverRequests.get(seq)),
      list: (filter) => read((tx) => tx.waiverRequests.list(filter)),
      addApproval: (seq, by) => write((tx) => tx.waiverRequests.addApproval(seq, by)),
      setState: (seq, state, d) => write((tx) => tx.waiverRequests.setState(seq, state, d)),
    },
    secrets: {
      list: () => read((tx) => tx.secrets.list()),
      count: () => read((tx) => tx.secrets.count()),
      replace: (items) => write((tx) => tx.secrets.replace(items)),
    },
    users: {
      create: (input) => write((tx) => tx.users.create(input)),
      get: (id) => read((tx) => tx.users.get(id)),
      findByName: (name) => read((tx) => tx.users.findByName(name)),
      list: () => read((tx) => tx.users.list()),
      count: () => read((tx) => tx.users.count()),
      update: (id, patch) => write((tx) => tx.users.update(id, patch)),
    },
    tokens: {
      create: (input) => write((tx) => tx.tokens.create(input)),
      get: (id) => read((tx) => tx.tokens.get(id)),
      list: (filter) => read((tx) => tx.tokens.list(filter)),
      touch: (id, at, notBefore) => write((tx) => tx.tokens.touch(id, at, notBefore)),
      revoke: (ids, at) => write((tx) => tx.tokens.revoke(ids, at)),
    },
    sessions: {
      create: (input) => write((tx) => tx.sessions.create(input)),
      findBySecretHash: (hash) => read((tx) => tx.sessions.findBySecretHash(hash)),
      touch: (id, at, notBefore) => write((tx) => tx.sessions.touch(id, at, notBefore)),
      end: (id, at) => write((tx) => tx.sessions.end(id, at)),
      endForUser: (userId, at) => write((tx) => tx.sessions.endForUser(userId, at)),
      purge: (before) => write((tx) => tx.sessions.purge(before)),
    },
    stats: () => stats(db, dialect, deps.readOnly === true),
    close: () => db.destroy(),
  };
}

/** The repositories with `onAppend` called when the transaction appends audit events. */
function noticeAppends(repos: StoreRepos, onAppend: () => void): StoreRepos {
  const { audit } = repos;
  return {
    ...repos,
    audit: {
      ...audit,
      append: (event) => {
        onAppend();
        return audit.append(event);
      },
      appendMany: (events) => {
        if (events.length > 0) onAppend();
        return audit.appendMany(events);
      },
    },
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
    secrets: secretRepository(ctx),
    enrichment: enrichmentRepository(ctx),
    users: userRepository(ctx),
    tokens: tokenRepository(ctx),
    sessions: sessionRepository(ctx),
    jobs: jobRepository(ctx),
    webhooks: webhookRepository(ctx),
    policies: policyVersionRepository(ctx),
    waiverRequests: waiverRequestRepository(ctx),
  };
}

async function stats(
  db: Kysely<Database>,
  dialect: DialectId,
  readOnly: boolean,
): Promise<StoreStats> {
  const rows: Record<string, number> = {};
  for (const t of tables) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    rows[t] = Number(r.n);
  }
  return { rows, bytes: await bytesUsed(db, dialect, readOnly) };
}

/** SQLite: pages in the main file after a WAL checkpoint. PostgreSQL: our schema's relations. */
async function bytesUsed(
  db: Kysely<Database>,
  dialect: DialectId,
  readOnly: boolean,
): Promise<number> {
  if (dialect === 'sqlite') {
    if (!readOnly) await sql`pragma wal_checkpoint(truncate)`.execute(db);
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
