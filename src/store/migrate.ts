import { Migrator, sql, type Kysely, type MigrationResult } from 'kysely';
import { AppError, ErrorCode } from '../domain/errors.js';
import { dialectOf } from './dialect.js';
import { storeError } from './errors.js';
import { migrations } from './migrations/index.js';

/** Schema number of a migration name: `0004-ingest-indexes` is schema 4. */
export function schemaNumber(name: string): number {
  const n = /^(\d+)/.exec(name);
  return n ? Number(n[1]) : 0;
}

/** The schema this Patchline writes: the number of its newest migration. */
export const latestSchema = Math.max(0, ...Object.keys(migrations).map(schemaNumber));

/** What the store has run, against what this Patchline knows. */
export interface SchemaState {
  readonly executed: readonly string[];
  /** Known migrations the store has not run. */
  readonly pending: readonly string[];
  /** Migrations the store has run that this Patchline does not know (a newer Patchline's). */
  readonly unknown: readonly string[];
}

/** Reads Kysely's migration table without writing anything (it may not exist yet). */
export async function readSchemaState(db: Kysely<unknown>): Promise<SchemaState> {
  const exists =
    dialectOf(db) === 'postgres'
      ? (
          await sql<{
            t: string | null;
          }>`select to_regclass('kysely_migration')::text as t`.execute(db)
        ).rows[0]?.t != null
      : (
          await sql<{ n: number }>`
            select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(
            db,
          )
        ).rows[0]?.n === 1;
  const executed = exists
    ? (
        await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
      ).rows.map((r) => r.name)
    : [];
  const done = new Set(executed);
  return {
    executed,
    pending: Object.keys(migrations).filter((m) => !done.has(m)),
    unknown: executed.filter((m) => !(m in migrations)),
  };
}

export interface MigrateOptions {
  /** Names the store in messages. */
  readonly store: string;
  /** Refuse to migrate (the store is opened read-only): a pending migration is an error. */
  readonly readOnly?: boolean;
}

/**
 * Brings the schema to the latest migration (Kysely Migrator over the explicit registry in
 * `migrations/index.ts`; no file scanning). Nothing is written when the schema is current, so a
 * read-only store opens. A store with migrations this Patchline does not know is refused with
 * STORE_SCHEMA_NEWER; a failed migration throws STORE_FAILED naming it.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  opts: MigrateOptions,
): Promise<readonly MigrationResult[]> {
  let state: SchemaState;
  try {
    state = await readSchemaState(db);
  } catch (e) {
    throw storeError(e, opts.store);
  }
  if (state.unknown.length > 0) {
    const theirs = Math.max(...state.unknown.map(schemaNumber));
    // An unknown migration numbered within ours is another build's history, not a newer one.
    const why =
      theirs > latestSchema
        ? `was written by a newer Patchline (schema ${theirs}; this one knows schema ${latestSchema}): upgrade Patchline`
        : `holds migrations this Patchline does not know (${state.unknown.join(', ')}; it knows schema ${latestSchema}): it was written by another build; use that build, or a new PATCHLINE_HOME`;
    throw new AppError(ErrorCode.StoreSchemaNewer, `store ${opts.store} ${why}`, {
      details: { store: opts.store, schema: theirs, known: latestSchema, unknown: state.unknown },
    });
  }
  if (state.pending.length === 0) return [];
  if (opts.readOnly) {
    throw new AppError(
      ErrorCode.StoreReadOnly,
      `store ${opts.store} is read-only and needs migrating to schema ${latestSchema} (${state.pending.join(', ')}): open it once where it is writable`,
      { details: { store: opts.store, pending: state.pending } },
    );
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error === undefined) return results;
  const failed = results.find((r) => r.status === 'Error')?.migrationName;
  const cause = storeError(error, opts.store);
  if (failed === undefined && cause.code !== ErrorCode.StoreFailed) throw cause;
  throw new AppError(cause.code, `migration ${failed ?? 'setup'} failed: ${cause.message}`, {
    cause: error,
    details: { store: opts.store },
  });
}
