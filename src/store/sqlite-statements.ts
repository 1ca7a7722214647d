import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Wraps a SQLite connection so that `prepare` reuses compiled statements by SQL text (LRU of
 * `size`). Kysely prepares every query afresh, and compiling dominates short statements; the
 * store sends the same few dozen texts over and over. Safe because Kysely serialises use of its
 * single SQLite connection and consumes each result fully before the next query.
 */
export function withStatementCache(db: SqliteDatabase, size = 256): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare: (sql) => {
      const hit = cache.get(sql);
      if (hit) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}
