import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/** Real PostgreSQL (test/peers/setup.d/20-postgres.sh); unreachable means failed, not skipped. */
export const pgTestUrl =
  process.env.PATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh schema per test under a per-run prefix, for a test file's hooks: call at the top of
 * the file. Every schema left under the prefix is dropped after the file's tests.
 */
export function pgSchemas(prefix: string): {
  readonly url: string;
  next(): Promise<string>;
  drop(schema: string): Promise<void>;
} {
  const runPrefix = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  let admin: pg.Client;
  let n = 0;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: pgTestUrl });
    await admin.connect();
  });
  afterAll(async () => {
    const { rows } = await admin.query<{ nspname: string }>(
      'select nspname from pg_namespace where nspname like $1',
      [`${runPrefix}%`],
    );
    for (const r of rows) await admin.query(`drop schema ${r.nspname} cascade`);
    await admin.end();
  });
  return {
    url: pgTestUrl,
    async next() {
      const schema = `${runPrefix}_${++n}`;
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.query(`create schema ${schema}`);
      return schema;
    },
    async drop(schema) {
      await admin.query(`drop schema if exists ${schema} cascade`);
    },
  };
}
