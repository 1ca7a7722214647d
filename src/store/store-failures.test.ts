import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { debianInventory, pkg } from './conformance.js';
import { migrateToLatest } from './migrate.js';
import { openStore } from './open.js';
import type { Database } from './schema.js';
import { ImmediateSqliteDialect } from './sqlite-driver.js';
import { busyBackoffMs, createStore } from './store.js';
import type { Store } from './types.js';

const clock = fixedClock('2026-11-27T10:00:00.000Z');
const root = fileURLToPath(new URL('../..', import.meta.url));
const isRoot = process.getuid?.() === 0;

/** Writes batches of distinct hosts until the store refuses; returns the error. */
async function fillUntilRefused(store: Store): Promise<unknown> {
  const filler = Array.from({ length: 40 }, (_, i) => pkg(`filler-${i}-${'x'.repeat(60)}`, '1'));
  for (let i = 0; i < 10_000; i++) {
    try {
      await store.transaction(async (tx) => {
        const a = await tx.assets.upsert({ kind: 'host', name: `h${i}-${'n'.repeat(200)}` });
        await tx.inventories.replace(a.id, debianInventory([...filler, pkg(`own-${i}`, '1')]));
        await tx.audit.append({ actor: 't', action: 'inventory.import', object: a.id });
      });
    } catch (e) {
      return e;
    }
  }
  throw new Error('the store never filled up');
}

describe('store failures say what happened', () => {
  const dirs: string[] = [];
  const mounts: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'patchline-fail-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const m of mounts.splice(0)) spawnSync('umount', [m]);
    for (const d of dirs.splice(0)) {
      spawnSync('chmod', ['-R', 'u+w', d]);
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('a full database is STORE_FULL naming the store, not a failed rollback (SQLITE_FULL)', async () => {
    const file = join(tmp(), 'full.db');
    let raw: BetterSqlite3.Database | undefined;
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect(
        {
          database: () => {
            raw = new BetterSqlite3(file);
            raw.pragma('journal_mode = WAL');
            return Promise.resolve(raw);
          },
        },
        () => raw?.inTransaction ?? false,
      ),
    });
    await migrateToLatest(db as Kysely<unknown>, { store: file });
    // A page limit just above what the schema uses: SQLite answers SQLITE_FULL past it.
    const pages = (raw!.pragma('page_count', { simple: true }) as number) + 6;
    raw!.pragma(`max_page_count = ${pages}`);
    const store = createStore(db, 'sqlite', {
      clock,
      newId: () => `id-${Math.random()}`,
      name: file,
    });

    const err = await fillUntilRefused(store);

    expect(err).toMatchObject({ code: 'STORE_FULL', message: expect.stringContaining(file) });
    expect(String((err as Error).message)).not.toMatch(/rollback/);
    expect(await store.audit.verify()).toMatchObject({ ok: true });
    await store.close();
  });

  it.runIf(isRoot)(
    'a full disk (2 MiB tmpfs) is STORE_FULL and keeps what was stored',
    async () => {
      const dir = tmp();
      const mnt = join(dir, 'mnt');
      mkdirSync(mnt);
      const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]);
      expect(mount.status).toBe(0);
      mounts.push(mnt);
      const file = join(mnt, 'store.db');
      const store = await openStore(file, clock);

      const err = await fillUntilRefused(store);

      expect(err).toMatchObject({ code: 'STORE_FULL', message: expect.stringContaining(file) });
      const hosts = await store.assets.list();
      expect(hosts.length).toBeGreaterThan(0);
      expect(await store.audit.verify()).toEqual({ ok: true, count: hosts.length });
      await store.close();
    },
  );

  it('refuses a store from a newer Patchline by its schema number', async () => {
    const file = join(tmp(), 'newer.db');
    await (await openStore(file, clock)).close();
    const raw = new BetterSqlite3(file);
    raw
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('0099-from-the-future', '2027-01-01T00:00:00.000Z');
    raw.close();

    await expect(openStore(file, clock)).rejects.toMatchObject({
      code: 'STORE_SCHEMA_NEWER',
      message: expect.stringMatching(/newer Patchline \(schema 99;.*upgrade Patchline/),
    });
  });

  it('names the unknown migrations of a store another build wrote', async () => {
    const file = join(tmp(), 'other.db');
    await (await openStore(file, clock)).close();
    const raw = new BetterSqlite3(file);
    raw
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('0002-from-a-branch', '2026-12-01T00:00:00.000Z');
    raw.close();

    await expect(openStore(file, clock)).rejects.toMatchObject({
      code: 'STORE_SCHEMA_NEWER',
      message: expect.stringMatching(/does not know \(0002-from-a-branch;.*another build/),
    });
  });

  it('reads a read-only store and refuses its writes with STORE_READ_ONLY', async () => {
    const file = join(tmp(), 'ro.db');
    const rw = await openStore(file, clock);
    await rw.assets.upsert({ kind: 'host', name: 'web-1' });
    await rw.close();

    const ro = await openStore(file, clock, { readOnly: true });

    expect((await ro.assets.list()).map((a) => a.name)).toEqual(['web-1']);
    expect(await ro.audit.verify()).toMatchObject({ ok: true });
    await expect(ro.assets.upsert({ kind: 'host', name: 'web-2' })).rejects.toMatchObject({
      code: 'STORE_READ_ONLY',
      message: expect.stringContaining(file),
    });
    await ro.close();
  });

  it.each`
    case                                  | fileMode | dirMode
    ${'a 0444 file'}                      | ${0o444} | ${0o755}
    ${'a read-only folder, no WAL files'} | ${0o444} | ${0o555}
  `(
    '`assets` works on $case; `import` says the store is read-only',
    async ({ fileMode, dirMode }) => {
      const dir = tmp();
      const data = join(dir, 'data');
      mkdirSync(data);
      const file = join(data, 'store.db');
      const rw = await openStore(file, clock);
      await rw.assets.upsert({ kind: 'host', name: 'web-1' });
      await rw.close();
      chmodSync(file, fileMode as number);
      chmodSync(data, dirMode as number);
      chmodSync(dir, 0o755);
      // Root writes whatever the mode bits say: run the CLI as `nobody` to feel them.
      const cli = (args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/bin.ts'), ...args], {
          cwd: root,
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            HOME: dir,
            PATCHLINE_HOME: dir,
            PATCHLINE_DATABASE_URL: file,
          },
          ...(isRoot && { uid: 65534, gid: 65534 }),
          timeout: 60_000,
        });

      const list = cli(['assets', '--json']);
      const write = cli([
        'import',
        'inventory',
        join(root, 'samples/estate/debian12-base.status'),
        '--name',
        'x',
      ]);

      expect({ code: list.status, err: list.stderr }).toEqual({ code: 0, err: '' });
      expect((JSON.parse(list.stdout) as { name: string }[]).map((a) => a.name)).toEqual(['web-1']);
      expect(write.status).toBe(1);
      expect(write.stderr).toContain('STORE_READ_ONLY');
      expect(write.stderr).toContain(file);
    },
  );

  it('waits for a held write lock, retrying, and does not block readers', async () => {
    const file = join(tmp(), 'busy.db');
    const store = await openStore(file, clock, { busyTimeoutMs: 20, busyRetries: 4 });
    await store.assets.upsert({ kind: 'host', name: 'before' });
    const other = new BetterSqlite3(file);
    other.exec('begin immediate');
    setTimeout(() => other.exec('commit'), 150);

    expect((await store.assets.list()).map((a) => a.name)).toEqual(['before']);
    await store.assets.upsert({ kind: 'host', name: 'after' });

    expect((await store.assets.list()).map((a) => a.name)).toEqual(['after', 'before']);
    other.close();
    await store.close();
  });

  it('gives up after the retries with STORE_BUSY', async () => {
    const file = join(tmp(), 'busy.db');
    const store = await openStore(file, clock, { busyTimeoutMs: 10, busyRetries: 1 });
    const other = new BetterSqlite3(file);
    other.exec('begin immediate');

    await expect(store.assets.upsert({ kind: 'host', name: 'x' })).rejects.toMatchObject({
      code: 'STORE_BUSY',
      retryable: true,
      message: expect.stringContaining(file),
    });
    other.exec('rollback');
    other.close();
    await store.close();
  });

  it.each([
    [1, 0, 50],
    [1, 1, 100],
    [3, 1, 400],
    [10, 1, 2000],
  ])('backs off: attempt %i with random %d waits %i ms', (attempt, random, ms) => {
    expect(busyBackoffMs(attempt, () => random)).toBe(ms);
  });
});
