import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pgSchemas } from '../../../test/pg-schemas.js';
import { migrations } from './index.js';

const pgt = pgSchemas('pl_0008');

async function at6(): Promise<{ db: Kysely<unknown>; migrator: Migrator }> {
  const schema = await pgt.next();
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({
        connectionString: pgt.url,
        max: 1,
        options: `-c search_path=${schema}`,
      }),
    }),
  });
  // Named, or Kysely finds another test schema's migration table and skips creating its own.
  const migrator = new Migrator({
    db,
    migrationTableSchema: schema,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  expect((await migrator.migrateTo('0007-enrichment')).error).toBeUndefined();
  await sql`insert into packages (id, name, version, arch, source_name, source_version)
    values (7, 'bash', '1-1.el8', 'x86_64', 'bash', '1-1.el8')`.execute(db);
  await sql`insert into package_sets (id, hash, package_count, created_at)
    values (3, 'h', 1, '2026-12-01T00:00:00Z')`.execute(db);
  await sql`insert into package_set_entries (set_id, package_id) values (3, 7)`.execute(db);
  return { db, migrator };
}

const insert = (label: string | null) => sql`insert into packages
  (name, version, arch, source_name, source_version, modularity_label)
  values ('bash', '1-1.el8', 'x86_64', 'bash', '1-1.el8', ${label})`;

describe('store/migrations/0008-package-modularity on PostgreSQL', () => {
  it("keeps rows and keys them by label, NULL apart from ''", async () => {
    const { db, migrator } = await at6();
    try {
      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      await insert('').execute(db);
      await insert('bash:1:1:c').execute(db);

      await expect(insert(null).execute(db)).rejects.toThrow(/packages_tuple/);
      await expect(insert('').execute(db)).rejects.toThrow(/packages_tuple/);
      const rows = await sql<{ id: number; modularity_label: string | null }>`
        select p.id, p.modularity_label from packages p
        join package_set_entries e on e.package_id = p.id`.execute(db);
      expect(rows.rows).toEqual([{ id: 7, modularity_label: null }]);
    } finally {
      await db.destroy();
    }
  });

  it('migrates down while no two rows differ only by label', async () => {
    const { db, migrator } = await at6();
    try {
      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      expect((await migrator.migrateDown()).error).toBeUndefined();

      await expect(
        sql`insert into packages (name, version, arch, source_name, source_version)
          values ('bash', '1-1.el8', 'x86_64', 'bash', '1-1.el8')`.execute(db),
      ).rejects.toThrow(/packages_tuple/);
    } finally {
      await db.destroy();
    }
  });
});
