import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Clock } from '../domain/clock.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { DialectId } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';
import { uuidv7 } from '../util/uuid7.js';
import { withStatementCache } from './sqlite-statements.js';
import { createStore } from './store.js';
import type { Store } from './types.js';

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
  const onQuery = opts.onQuery;
  const db = new Kysely<Database>({
    dialect: makeDialect(target, opts),
    ...(onQuery && {
      log: (e: LogEvent) => {
        if (e.level === 'query') onQuery(e.query.sql, e.query.parameters);
      },
    }),
  });
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (e) {
    await db.destroy();
    if (e instanceof AppError) throw e;
    throw new AppError(ErrorCode.StoreFailed, `cannot open store: ${String(e)}`, { cause: e });
  }
  return createStore(db, target.dialect, {
    clock,
    newId: opts.newId ?? (() => uuidv7(clock.now())),
  });
}

function makeDialect(target: StoreTarget, opts: OpenStoreOptions): SqliteDialect | PostgresDialect {
  if (target.dialect === 'postgres') {
    return new PostgresDialect({
      pool: new pg.Pool({
        connectionString: target.url,
        max: opts.poolSize ?? 10,
        ...(opts.schema !== undefined && { options: `-c search_path=${opts.schema}` }),
      }),
    });
  }
  return new SqliteDialect({
    database: () => Promise.resolve(withStatementCache(openSqlite(target.path))),
  });
}

function openSqlite(path: string): BetterSqlite3.Database {
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(path);
  } catch (e) {
    throw new AppError(ErrorCode.StoreFailed, `cannot open SQLite database ${path}`, {
      cause: e,
      location: { file: path },
    });
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Up to 256 MiB of pages (the default is 2 MiB): imports insert at random points of the
  // name and hash indexes, which at fleet size no longer fit the default cache.
  sqlite.pragma('cache_size = -262144');
  return sqlite;
}

export type { DialectId };
