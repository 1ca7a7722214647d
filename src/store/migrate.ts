import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { AppError, ErrorCode } from '../domain/errors.js';
import { migrations } from './migrations/index.js';

/**
 * Brings the schema to the latest migration (Kysely Migrator over the explicit registry in
 * `migrations/index.ts`; no file scanning). Throws STORE_FAILED naming the migration that failed.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<readonly MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error === undefined) return results;
  const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
  throw new AppError(
    ErrorCode.StoreFailed,
    `migration ${failed} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
    {
      cause: error,
    },
  );
}
