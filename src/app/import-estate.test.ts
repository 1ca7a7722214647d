import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import type { Store } from '../store/index.js';
import { loadEstate, sampleEstateDir } from './estate.js';
import { importEstate, type ImportEstateResult } from './import-estate.js';
import { listAssets } from './list-assets.js';
import { openStore } from './open-store.js';

const fixture = join(
  import.meta.dirname,
  '__fixtures__',
  'debian-bookworm-osv-scalibr-valid.status',
);

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-estate-'));
  store = await openStore(join(dir, 'p.db'), fixedClock('2026-11-27T09:00:00Z'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const opts = { actor: 'test' } as const;

/** Writes `estate/estate.json` with `assets` and returns the estate directory. */
function writeEstate(assets: readonly object[], files: Record<string, string> = {}): string {
  const estateDir = mkdtempSync(join(dir, 'estate-'));
  writeFileSync(join(estateDir, 'estate.json'), JSON.stringify({ assets }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(estateDir, name), text);
  return estateDir;
}

/** An image and its clone, a usable host with one bad record, and three that must be refused. */
function mixedEstate(): string {
  const estateDir = writeEstate(
    [
      { name: 'deb12@1', kind: 'image', file: 'image.status', platform: 'debian:12' },
      { name: 'web-1', file: 'image.status', imageVersion: 'deb12@1', platform: 'debian:12' },
      { name: 'gone', file: 'missing.status' },
      { name: 'junk', file: 'junk.txt' },
      { name: 'orphan', file: 'image.status', imageVersion: 'nope@9', platform: 'debian:12' },
      { name: 'web-2', file: 'noted.status', platform: 'debian:12' },
    ],
    {
      'junk.txt': 'this is not an inventory\n',
      'noted.status': `Package: broken\nStatus: install ok installed\n\n${readFileSync(fixture, 'utf8')}`,
    },
  );
  copyFileSync(fixture, join(estateDir, 'image.status'));
  return estateDir;
}

async function hashesByName(s: Store): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const a of await listAssets(s)) {
    out[a.name] = (await s.inventories.describe(a.id))?.contentHash;
  }
  return out;
}

describe('app/import-estate', () => {
  it('stores the whole sample estate, images whole and clones as deltas', async () => {
    const result = await importEstate(store, await loadEstate(sampleEstateDir), opts);

    expect(result).toMatchObject({ stored: 9, created: 9, refused: 0 });
    expect(result.assets.map((a) => a.status)).toEqual(Array(9).fill('stored'));
    expect(result.assets.find((a) => a.name === 'web-01')).toMatchObject({
      kind: 'host',
      form: 'delta',
      changed: 2,
      file: join(sampleEstateDir, 'web-01.status'),
    });
    expect(result.assets.find((a) => a.name === 'debian12-base@2026.11.1')).toMatchObject({
      kind: 'image',
      form: 'full',
    });
    expect(await store.audit.verify()).toEqual({ ok: true, count: 9 });
  });

  it('reports a second import as updates, not new assets', async () => {
    const estate = await loadEstate(sampleEstateDir);
    await importEstate(store, estate, opts);

    const again = await importEstate(store, estate, opts);

    expect(again).toMatchObject({ stored: 9, created: 0, refused: 0 });
  });

  it('refuses a missing file, a garbage file and an unknown image version, and stores the rest', async () => {
    const result = await importEstate(store, await loadEstate(mixedEstate()), opts);

    expect(result).toMatchObject({ stored: 3, created: 3, refused: 3 });
    const refusals = result.assets.flatMap((a) =>
      a.status === 'refused' ? [[a.name, a.error.code, a.error.message]] : [],
    );
    expect(refusals).toEqual([
      ['gone', 'NOT_FOUND', expect.stringMatching(/^cannot read .*missing\.status: ENOENT$/)],
      ['junk', 'INVENTORY_INVALID', expect.stringContaining('not a recognised inventory format')],
      ['orphan', 'NOT_FOUND', 'image version nope@9 is not known; import it first'],
    ]);
    expect(result.assets.find((a) => a.name === 'junk')).toMatchObject({
      file: expect.stringMatching(/junk\.txt$/),
      error: { location: { file: expect.stringMatching(/junk\.txt$/), line: 1 } },
    });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ message: 'package broken: no Version field', severity: 'error' }),
    ]);
    expect((await listAssets(store)).map((a) => a.name).sort()).toEqual([
      'deb12@1',
      'web-1',
      'web-2',
    ]);
    expect(await store.audit.verify()).toEqual({ ok: true, count: 3 });
  });

  it.each([1, 2, 500])('stores the same content at batch size %i', async (batchSize) => {
    const reference = await openStore(join(dir, 'ref.db'), fixedClock('2026-11-27T09:00:00Z'));
    try {
      const estate = await loadEstate(sampleEstateDir);
      await importEstate(reference, estate, { ...opts, batchSize: 500 });

      const result = await importEstate(store, estate, { ...opts, batchSize });

      expect(result.refused).toBe(0);
      expect(await hashesByName(store)).toEqual(await hashesByName(reference));
      expect(Object.keys(await hashesByName(store))).toHaveLength(9);
    } finally {
      await reference.close();
    }
  });

  it('reports progress after each batch', async () => {
    const calls: [number, number][] = [];

    await importEstate(store, await loadEstate(sampleEstateDir), {
      ...opts,
      batchSize: 4,
      onProgress: (done, total) => calls.push([done, total]),
    });

    expect(calls).toEqual([
      [0, 9],
      [4, 9],
      [8, 9],
      [9, 9],
    ]);
  });

  it('keeps earlier batches and throws when the store fails in a later one', async () => {
    let calls = 0;
    const failing: Store = {
      ...store,
      transaction: (fn) => {
        calls += 1;
        if (calls === 2) return Promise.reject(new Error('disk full'));
        return store.transaction(fn);
      },
    };

    const attempt = importEstate(failing, await loadEstate(sampleEstateDir), {
      ...opts,
      batchSize: 4,
    });

    await expect(attempt).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'disk full (assets 5-8 not stored; 4 stored before them are kept)',
      details: { storedBefore: 4 },
    });
    expect(await listAssets(store)).toHaveLength(4);
  });

  it.each([0, -1, 1.5])('rejects batch size %s', async (batchSize) => {
    const estate = await loadEstate(sampleEstateDir);

    await expect(importEstate(store, estate, { ...opts, batchSize })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });

  it('loads a manifest given by its file name, resolving files next to it', async () => {
    const estateDir = mixedEstate();
    const manifest = join(estateDir, 'fleet.json');
    copyFileSync(join(estateDir, 'estate.json'), manifest);
    rmSync(join(estateDir, 'estate.json'));

    const result: ImportEstateResult = await importEstate(store, await loadEstate(manifest), opts);

    expect(result.stored).toBe(3);
  });

  it.each`
    manifest                                                 | message                                | pointer
    ${'{'}                                                   | ${'cannot read estate manifest'}       | ${undefined}
    ${'{"assets": []}'}                                      | ${'estate manifest: '}                 | ${'/assets'}
    ${'{"assets": [{"name": "a", "file": "f", "x": true}]}'} | ${'estate manifest: Unrecognized key'} | ${'/assets/0'}
  `('refuses an unusable manifest $manifest', async ({ manifest, message, pointer }) => {
    const estateDir = writeEstate([]);
    writeFileSync(join(estateDir, 'estate.json'), manifest as string);

    const attempt = loadEstate(estateDir);

    await expect(attempt).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringContaining(message as string),
      location: { file: join(estateDir, 'estate.json'), ...(pointer && { pointer }) },
    });
  });
});
