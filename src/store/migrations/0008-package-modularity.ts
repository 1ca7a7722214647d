import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * rpm's MODULARITYLABEL on package rows (docs/decisions/0012-module-streams.md): NULL when the
 * inventory did not say, `''` for a package known to be non-modular, else
 * `name:stream:version:context`. The label is part of a row's identity, so the unique key
 * becomes the five text columns plus the label, NULL kept apart from `''` (tab stands for NULL;
 * no field holds one). SQLite cannot drop a table constraint, so there the table is rebuilt with
 * its ids (the documented twelve-step procedure, foreign keys off while it runs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table packages drop constraint packages_tuple`.execute(db);
    await sql`alter table packages add column modularity_label text`.execute(db);
    await sql`create unique index packages_tuple on packages
      (name, version, arch, source_name, source_version, coalesce(modularity_label, chr(9)))`.execute(
      db,
    );
    return;
  }
  await rebuildSqlite(db, {
    columns: sql`modularity_label text`,
    copy: sql`insert into packages_new (id, name, version, arch, source_name, source_version)
      select id, name, version, arch, source_name, source_version from packages`,
    key: sql`create unique index packages_tuple on packages
      (name, version, arch, source_name, source_version, coalesce(modularity_label, char(9)))`,
  });
}

/** Fails (unique violation) when two rows differ only by their label. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop index packages_tuple`.execute(db);
    await sql`alter table packages drop column modularity_label`.execute(db);
    await sql`alter table packages add constraint packages_tuple
      unique (name, version, arch, source_name, source_version)`.execute(db);
    return;
  }
  await rebuildSqlite(db, {
    columns: sql`unique (name, version, arch, source_name, source_version)`,
    copy: sql`insert into packages_new (id, name, version, arch, source_name, source_version)
      select id, name, version, arch, source_name, source_version from packages`,
  });
}

async function rebuildSqlite(
  db: Kysely<unknown>,
  step: {
    columns: ReturnType<typeof sql>;
    copy: ReturnType<typeof sql>;
    key?: ReturnType<typeof sql>;
  },
): Promise<void> {
  // A no-op inside a transaction; Kysely runs SQLite migrations outside one.
  const was = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await sql`create table packages_new (
        id integer primary key autoincrement,
        name text not null,
        version text not null,
        arch text not null,
        source_name text not null,
        source_version text not null,
        ${step.columns})`.execute(db);
      await step.copy.execute(db);
      await sql`drop table packages`.execute(db);
      await sql`alter table packages_new rename to packages`.execute(db);
      if (step.key) await step.key.execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error('package rebuild left dangling references');
      await sql`commit`.execute(db);
    } catch (e) {
      await sql`rollback`.execute(db);
      throw e;
    }
  } finally {
    if (was.rows[0]?.foreign_keys === 1) await sql`pragma foreign_keys = on`.execute(db);
  }
}
