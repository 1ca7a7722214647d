import { PostgresAdapter, type Kysely } from 'kysely';

/** The two databases the store runs on. */
export type DialectId = 'sqlite' | 'postgres';

/** Which database a Kysely instance (or transaction) talks to; migrations branch on it. */
export function dialectOf(db: Kysely<unknown>): DialectId {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
