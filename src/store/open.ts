import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Clock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { DialectId } from './dialect.js';
import { storeError } from './errors.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';
import { uuidv7 } from '../util/uuid7.js';
import { ImmediateSqliteDialect } from './sqlite-driver.js';
import { withStatementCache } from './sqlite-statements.js';
import { createStore } from './store.js';
import type { AuditHead, Store } from './types.js';

/** Where a store lives: a SQLite file (or `:memory:`) or a PostgreSQL URL. */
export type StoreTarget =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string };

export interface OpenStoreOptions {
  /** PostgreSQL only: put every table in this schema (sets `search_path`); it must exist. */
  readonly schema?: string;
  /** Asset id generator. @default a UUID v7 of the clock's time (ids sort by creation) */
  readonly newId?: () => string;
  /** @default 10 */
  readonly poolSize?: number;
  /** Called with every statement executed, for diagnostics and query-plan tests. */
  readonly onQuery?: (sql: string, parameters: readonly unknown[]) => void;
  /**
   * SQLite only: open read-only. @default true when the file, its folder or its mount is not
   * writable by this process, else false
   */
  readonly readOnly?: boolean;
  /** SQLite only: how long one attempt waits for the write lock (`busy_timeout`). @default 5000 */
  readonly busyTimeoutMs?: number;
  /**
   * SQLite only: attempts after the first when the write lock stays taken past `busyTimeoutMs`,
   * with a doubling pause (100 ms to 2 s) between them. @default 8
   */
  readonly busyRetries?: number;
  /**
   * Called after each write transaction that appended audit events, once it committed, with the
   * log's new head: where `PATCHLINE_AUDIT_ANCHOR` records anchors.
   */
  readonly onAuditAppended?: (head: AuditHead) => Promise<void> | void;
}

/**
 * Reads a database URL: `postgres://` or `postgresql://` selects PostgreSQL; `sqlite:PATH`,
 * `file:PATH`, `:memory:` or a bare path select SQLite. Other schemes throw CONFIG_INVALID.
 */
export function parseStoreUrl(url: string): StoreTarget {
  if (/^postgres(?:ql)?:\/\//i.test(url)) return { dialect: 'postgres', url };
  const prefixed = /^(?:sqlite|file):(?:\/\/)?(.*)$/i.exec(url);
  if (prefixed) return { dialect: 'sqlite', path: prefixed[1] || ':memory:' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || url.trim() === '') {
    throw new AppError(ErrorCode.ConfigInvalid, `unsupported database URL: ${url || '(empty)'}`, {
      location: { record: 'PATCHLINE_DATABASE_URL' },
    });
  }
  return { dialect: 'sqlite', path: url };
}

/**
 * Opens the store at `url` and runs pending migrations. SQLite runs in WAL mode with foreign
 * keys on; the parent directory of the file must exist. Close the store when done.
 */
export async function openStore(
  url: string,
  clock: Clock,
  opts: OpenStoreOptions = {},
): Promise<Store> {
  const target = parseStoreUrl(url);
  const name = storeName(target);
  const onQuery = opts.onQuery;
  const sqlite = target.dialect === 'sqlite' ? sqliteMode(target.path, opts) : undefined;
  const db = new Kysely<Database>({
    dialect: makeDialect(target, opts, sqlite),
    ...(onQuery && {
      log: (e: LogEvent) => {
        if (e.level === 'query') onQuery(e.query.sql, e.query.parameters);
      },
    }),
  });
  try {
    await migrateToLatest(db as Kysely<unknown>, {
      store: name,
      readOnly: sqlite?.readOnly === true,
    });
  } catch (e) {
    await db.destroy().catch(() => undefined);
    throw storeError(e, name);
  }
  return createStore(db, target.dialect, {
    clock,
    newId: opts.newId ?? (() => uuidv7(clock.now())),
    name,
    readOnly: sqlite?.readOnly === true,
    busyRetries: target.dialect === 'sqlite' ? (opts.busyRetries ?? 8) : 0,
    ...(opts.onAuditAppended && { onAuditAppended: opts.onAuditAppended }),
  });
}

/** The store as messages name it: the SQLite path, or the URL without its password. */
export function storeName(target: StoreTarget): string {
  if (target.dialect === 'sqlite') return target.path;
  return target.url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

/** How to open a SQLite file: normally, read-only, or (read-only folder, no WAL files) as a snapshot. */
interface SqliteMode {
  readonly readOnly: boolean;
  /** Read the file into memory: SQLite cannot open a WAL database read-only without its `-shm`. */
  readonly snapshot: boolean;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function sqliteMode(path: string, opts: OpenStoreOptions): SqliteMode {
  if (path === ':memory:' || !existsSync(path)) return { readOnly: false, snapshot: false };
  const readOnly = opts.readOnly ?? !(writable(path) && writable(dirname(path)));
  const walFiles = existsSync(`${path}-wal`) || existsSync(`${path}-shm`);
  return { readOnly, snapshot: readOnly && !walFiles && !writable(dirname(path)) };
}

function makeDialect(
  target: StoreTarget,
  opts: OpenStoreOptions,
  mode: SqliteMode | undefined,
): ImmediateSqliteDialect | PostgresDialect {
  if (target.dialect === 'postgres') {
    return new PostgresDialect({
      pool: new pg.Pool({
        connectionString: target.url,
        max: opts.poolSize ?? 10,
        ...(opts.schema !== undefined && { options: `-c search_path=${opts.schema}` }),
      }),
    });
  }
  let raw: BetterSqlite3.Database | undefined;
  return new ImmediateSqliteDialect(
    {
      database: () => {
        raw = openSqlite(target.path, mode ?? { readOnly: false, snapshot: false }, opts);
        return Promise.resolve(withStatementCache(raw));
      },
    },
    () => raw?.inTransaction ?? false,
  );
}

function openSqlite(
  path: string,
  mode: SqliteMode,
  opts: OpenStoreOptions,
): BetterSqlite3.Database {
  let sqlite: BetterSqlite3.Database;
  try {
    if (mode.snapshot) {
      const image = readFileSync(path);
      // Bytes 18-19 say WAL (2); an in-memory image must use the rollback journal (1).
      if (image.length >= 20) image.fill(1, 18, 20);
      sqlite = new BetterSqlite3(image, { readonly: true });
    } else {
      sqlite = new BetterSqlite3(path, { readonly: mode.readOnly });
    }
    if (!mode.readOnly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    // Up to 256 MiB of pages (the default is 2 MiB): imports insert at random points of the
    // name and hash indexes, which at fleet size no longer fit the default cache.
    sqlite.pragma('cache_size = -262144');
  } catch (e) {
    const err = storeError(e, path);
    throw new AppError(err.code, `cannot open SQLite database: ${err.message}`, {
      cause: e,
      location: { file: path },
      ...(err.details && { details: err.details }),
    });
  }
  return sqlite;
}

export type { DialectId };
