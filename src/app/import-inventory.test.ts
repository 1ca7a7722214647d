import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import type { Store, StoreRepos } from '../store/index.js';
import type { InstalledPackage } from '../domain/inventory.js';
import {
  importInventories,
  importInventoryFile,
  parseLabels,
  type ImportInventoryInput,
} from './import-inventory.js';
import { listAssets } from './list-assets.js';
import { openStore } from './open-store.js';

const fixture = join(
  import.meta.dirname,
  '__fixtures__',
  'debian-bookworm-osv-scalibr-valid.status',
);
const imageText = readFileSync(fixture, 'utf8');
/** A clone that drifted: attr upgraded, admin-session removed. */
const hostText = imageText
  .replace('Version: 1:2.5.1-4', 'Version: 1:2.5.1-4+deb12u1')
  .replace(/Package: admin-session[\s\S]*?\n\n/, '');

let dir: string;
let store: Store;
let hostFile: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-app-'));
  hostFile = join(dir, 'host.status');
  writeFileSync(hostFile, hostText);
  store = await openStore(join(dir, 'p.db'), fixedClock('2026-11-27T09:00:00Z'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = { actor: 'test', platform: 'debian:12' } as const;

async function importImageAndHost(s: Store = store): Promise<void> {
  await importInventoryFile(s, { ...base, file: fixture, name: 'deb12@1', kind: 'image' });
  await importInventoryFile(s, {
    ...base,
    file: hostFile,
    name: 'web-1',
    labels: { env: 'prod' },
    imageVersion: 'deb12@1',
  });
}

/** Lets `step` do its writes, then fails, as a crash half-way through an import would. */
function failAfter(s: Store, step: 'assets' | 'inventories' | 'audit'): Store {
  function sabotage(tx: StoreRepos): StoreRepos {
    const boom = (): never => {
      throw new Error(`injected failure after ${step}`);
    };
    if (step === 'assets') {
      const upsertMany: StoreRepos['assets']['upsertMany'] = (i) =>
        tx.assets.upsertMany(i).then(boom);
      return { ...tx, assets: { ...tx.assets, upsertMany } };
    }
    if (step === 'inventories') {
      const replaceMany: StoreRepos['inventories']['replaceMany'] = (i) =>
        tx.inventories.replaceMany(i).then(boom);
      return { ...tx, inventories: { ...tx.inventories, replaceMany } };
    }
    const appendMany: StoreRepos['audit']['appendMany'] = (e) => tx.audit.appendMany(e).then(boom);
    return { ...tx, audit: { ...tx.audit, appendMany } };
  }
  return { ...s, transaction: (fn) => s.transaction((tx) => fn(sabotage(tx))) };
}

describe('app/import-inventory', () => {
  it('stores an image whole and its clone as a delta, with an audit event each', async () => {
    await importImageAndHost();

    const assets = await listAssets(store);
    const image = assets.find((a) => a.name === 'deb12@1')!;
    expect(assets.find((a) => a.name === 'web-1')).toEqual({
      id: expect.any(String),
      kind: 'host',
      name: 'web-1',
      platform: 'debian:12',
      labels: { env: 'prod' },
      clonedFrom: {
        id: image.id,
        name: 'deb12@1',
        template: 'deb12',
        version: '1',
        via: 'declared',
        at: null,
      },
      packageCount: 6,
      lastInventoryAt: '2026-11-27T09:00:00.000Z',
    });
    expect(image).toMatchObject({ kind: 'image', packageCount: 7, clonedFrom: null });
    expect((await store.stats()).rows).toMatchObject({ package_sets: 1, inventory_deltas: 3 });
    expect((await store.audit.list()).map((e) => e.action)).toEqual([
      'inventory.import',
      'inventory.import',
    ]);
    expect(await store.audit.verify()).toEqual({ ok: true, count: 2 });
  });

  it('keeps lineage and labels on re-import and replaces the inventory', async () => {
    await importImageAndHost();

    const again = await importInventoryFile(store, { ...base, file: fixture, name: 'web-1' });

    expect(again).toMatchObject({ created: false, inventory: { form: 'delta', packageCount: 7 } });
    expect((await listAssets(store)).find((a) => a.name === 'web-1')).toMatchObject({
      labels: { env: 'prod' },
      clonedFrom: expect.objectContaining({ name: 'deb12@1' }),
      packageCount: 7,
    });
    expect((await store.stats()).rows).toMatchObject({ inventories: 2, inventory_deltas: 0 });
  });

  it.each(['assets', 'inventories', 'audit'] as const)(
    'leaves the store unchanged when the import fails after %s',
    async (step) => {
      await importImageAndHost();
      const web1 = (await store.assets.findByName('web-1'))!;
      const before = {
        stats: await store.stats(),
        assets: await listAssets(store),
        inventory: await store.inventories.get(web1.id),
      };

      const attempt = importInventoryFile(failAfter(store, step), {
        ...base,
        file: fixture,
        name: 'web-1',
        labels: { env: 'dev' },
      });

      await expect(attempt).rejects.toThrow(`injected failure after ${step}`);
      expect((await store.stats()).rows).toEqual(before.stats.rows);
      expect(await listAssets(store)).toEqual(before.assets);
      expect(await store.inventories.get(web1.id)).toEqual(before.inventory);
      expect(await store.audit.verify()).toEqual({ ok: true, count: 2 });
    },
  );

  it.each`
    ref           | code
    ${'nope@1'}   | ${'NOT_FOUND'}
    ${'deb12-h1'} | ${'INPUT_INVALID'}
  `('refuses image version $ref with $code and stores nothing', async ({ ref, code }) => {
    await importInventoryFile(store, { ...base, file: hostFile, name: 'deb12-h1' });
    const before = await store.stats();

    const attempt = importInventoryFile(store, {
      ...base,
      file: hostFile,
      name: 'web-2',
      imageVersion: ref,
    });

    await expect(attempt).rejects.toMatchObject({ code });
    expect((await store.stats()).rows).toEqual(before.rows);
  });

  it('reports a missing file as NOT_FOUND with its path', async () => {
    const attempt = importInventoryFile(store, { ...base, file: join(dir, 'x'), name: 'a' });

    await expect(attempt).rejects.toMatchObject({
      code: 'NOT_FOUND',
      location: { file: join(dir, 'x') },
    });
  });
});

function input(
  name: string,
  packages: InstalledPackage[],
  more: Partial<ImportInventoryInput> = {},
) {
  return {
    name,
    actor: 'test',
    inventory: { format: 'dpkg', platform: { family: 'debian', release: '12' }, packages },
    ...more,
  } satisfies ImportInventoryInput;
}

const p = (name: string, version: string): InstalledPackage => ({
  name,
  version,
  arch: 'amd64',
  sourceName: name,
  sourceVersion: version,
});

describe('app/import-inventory importInventories', () => {
  it('refuses the inputs it cannot store, stores the rest, and answers in input order', async () => {
    const image = [p('bash', '5.2.15-2'), p('openssl', '3.0.15-1')];
    await store.transaction((tx) =>
      importInventories(tx, [input('web', image), input('img@1', image, { kind: 'image' })]),
    );

    const outcomes = await store.transaction((tx) =>
      importInventories(tx, [
        input('h1', [...image, p('curl', '7.88.1-10')], { imageVersion: 'img@1' }),
        input('h2', image, { imageVersion: 'img@9' }),
        input('web', image, { kind: 'image' }),
        input('h3', image, { imageVersion: 'web' }),
        input('h4', image, { imageVersion: 'img@1' }),
      ]),
    );

    expect(outcomes.map((o) => (o.ok ? o.result.asset.name : o.error.code))).toEqual([
      'h1',
      'NOT_FOUND',
      'CONFLICT',
      'INPUT_INVALID',
      'h4',
    ]);
    expect(
      outcomes.map((o) => (o.ok ? [o.result.inventory.form, o.result.imageVersion] : [])),
    ).toEqual([['delta', 'img@1'], [], [], [], ['delta', 'img@1']]);
    expect((await store.assets.list()).map((a) => a.name)).toEqual(['h1', 'h4', 'img@1', 'web']);
    expect(await store.audit.verify()).toEqual({ ok: true, count: 4 });
  });

  it('stores an image and its clones given in one batch, and a name given twice, in order', async () => {
    const image = [p('bash', '5.2.15-2'), p('openssl', '3.0.15-1')];

    const outcomes = await store.transaction((tx) =>
      importInventories(tx, [
        input('img@1', image, { kind: 'image' }),
        input('h1', image, { imageVersion: 'img@1' }),
        input('h1', [p('bash', '5.2.15-2')], { imageVersion: 'img@1' }),
      ]),
    );

    expect(outcomes.every((o) => o.ok)).toBe(true);
    const described = await store.inventories.describe((await store.assets.findByName('h1'))!.id);
    expect(described).toMatchObject({ form: 'delta', packageCount: 1 });
    expect(outcomes.map((o) => o.ok && o.result.created)).toEqual([true, true, false]);
  });
});

describe('app/import-inventory', () => {
  describe('parseLabels', () => {
    it.each`
      args                          | labels
      ${['env=prod']}               | ${{ env: 'prod' }}
      ${['env=prod', 'app=a=b']}    | ${{ env: 'prod', app: 'a=b' }}
      ${['team/owner=x', 'empty=']} | ${{ 'team/owner': 'x', empty: '' }}
    `('parses $args', ({ args, labels }) => {
      expect(parseLabels(args)).toEqual(labels);
    });

    it.each(['env', '=prod', ' =x', '-a=b'])('rejects %s', (arg) => {
      expect(() => parseLabels([arg])).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    });
  });
});
