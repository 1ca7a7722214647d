import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../domain/clock.js';
import { openStore } from '../open.js';
import { migrations } from './index.js';

const row = (name: string) => ({ name, version: '1-1.el8', arch: 'x86_64', source: name });

describe('store/migrations/0008-package-modularity', () => {
  let dir: string;
  let file: string;
  let raw: BetterSqlite3.Database;
  let db: Kysely<unknown>;
  let migrator: Migrator;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchline-0008-'));
    file = join(dir, 'store.db');
    raw = new BetterSqlite3(file);
    raw.pragma('foreign_keys = ON');
    db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
    const toPrevious = await migrator.migrateTo('0007-enrichment');
    expect(toPrevious.error).toBeUndefined();
    // A schema-7 store holding one host: a set of two packages.
    const insert = raw.prepare(
      'insert into packages (id, name, version, arch, source_name, source_version) values (?, ?, ?, ?, ?, ?)',
    );
    for (const [id, p] of [
      [7, row('bash')],
      [9, row('ruby-libs')],
    ] as const) {
      insert.run(id, p.name, p.version, p.arch, p.source, p.version);
    }
    raw.exec(`insert into package_sets (id, hash, package_count, created_at)
      values (3, 'h', 2, '2026-12-01T00:00:00Z')`);
    raw.exec('insert into package_set_entries (set_id, package_id) values (3, 7), (3, 9)');
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps ids and references, and leaves foreign keys on', async () => {
    const up = await migrator.migrateToLatest();

    expect(up.error).toBeUndefined();
    expect(
      raw.prepare('select id, name, modularity_label from packages order by id').all(),
    ).toEqual([
      { id: 7, name: 'bash', modularity_label: null },
      { id: 9, name: 'ruby-libs', modularity_label: null },
    ]);
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => raw.exec('insert into package_set_entries values (3, 99)')).toThrow(/FOREIGN KEY/);
  });

  it("keys rows by label, NULL apart from ''", async () => {
    await migrator.migrateToLatest();
    const insert = raw.prepare(`insert into packages
      (name, version, arch, source_name, source_version, modularity_label) values
      ('bash', '1-1.el8', 'x86_64', 'bash', '1-1.el8', ?)`);

    insert.run('');
    insert.run('bash:1:1:c');

    expect(() => insert.run(null)).toThrow(/UNIQUE/);
    expect(() => insert.run('')).toThrow(/UNIQUE/);
    expect(raw.prepare('select max(id) as id from packages').get()).toEqual({ id: 11 });
  });

  it('reads back through the store after the upgrade', async () => {
    await migrator.migrateToLatest();
    raw.exec(`insert into assets (id, kind, name, created_at, updated_at)
      values ('a1', 'host', 'alma-1', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')`);
    raw.exec(`insert into inventories
      (asset_id, format, platform, set_id, package_count, content_hash, imported_at)
      values ('a1', 'rpm', 'almalinux:8', 3, 2, 'h', '2026-12-01T00:00:00Z')`);
    await db.destroy();
    const store = await openStore(file, fixedClock('2026-12-07T00:00:00Z'));

    const inv = await store.inventories.get('a1');

    await store.close();
    expect(inv?.packages.map((p) => [p.name, 'modularityLabel' in p])).toEqual([
      ['bash', false],
      ['ruby-libs', false],
    ]);
    db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
  });

  it('migrates down while no two rows differ only by label', async () => {
    await migrator.migrateToLatest();

    const down = await migrator.migrateDown();

    expect(down.error).toBeUndefined();
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    expect(() =>
      raw.exec(`insert into packages (name, version, arch, source_name, source_version)
        values ('bash', '1-1.el8', 'x86_64', 'bash', '1-1.el8')`),
    ).toThrow(/UNIQUE/);
  });
});
