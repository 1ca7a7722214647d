import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import type { AppError } from '../domain/errors.js';
import type { Store } from '../store/index.js';
import { loadEstate, sampleEstateDir } from './estate.js';
import {
  importEstate,
  type EstateAssetOutcome,
  type ImportEstateOptions,
  type ImportEstateResult,
} from './import-estate.js';
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

/** {@link importEstate}, with every outcome `onAsset` saw. */
async function importCollecting(
  s: Store,
  estateDir: string,
  o: ImportEstateOptions,
): Promise<ImportEstateResult & { assets: EstateAssetOutcome[] }> {
  const assets: EstateAssetOutcome[] = [];
  const result = await importEstate(s, await loadEstate(estateDir), {
    ...o,
    onAsset: (a) => assets.push(a),
  });
  return { ...result, assets };
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
    const result = await importCollecting(store, sampleEstateDir, opts);

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
    const estateDir = mixedEstate();
    const result = await importCollecting(store, estateDir, opts);

    expect(result).toMatchObject({ stored: 3, created: 3, refused: 3 });
    const refusals = result.assets.flatMap((a) =>
      a.status === 'refused' ? [[a.name, a.error.code, a.error.message]] : [],
    );
    expect(refusals).toEqual([
      [
        'gone',
        'NOT_FOUND',
        `${join(estateDir, 'missing.status')} does not exist: expected an inventory file`,
      ],
      ['junk', 'INVENTORY_INVALID', expect.stringContaining('not a recognised inventory format')],
      ['orphan', 'NOT_FOUND', 'image version nope@9 is not known; import it first'],
    ]);
    expect(result.assets.find((a) => a.name === 'gone')).toMatchObject({
      error: {
        location: {
          file: join(estateDir, 'estate.json'),
          line: 1,
          column: expect.any(Number),
          pointer: '/assets/2/file',
          record: 'gone',
        },
      },
    });
    expect(result.assets.find((a) => a.name === 'junk')).toMatchObject({
      file: expect.stringMatching(/junk\.txt$/),
      error: { location: { file: expect.stringMatching(/junk\.txt$/), line: 1 } },
    });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ message: 'package broken: no Version field', severity: 'error' }),
    ]);
    expect(result.refusedAssets).toEqual(result.assets.filter((a) => a.status === 'refused'));
    // image.status is named three times and read once; every other file once.
    expect(result.files).toEqual({ parsed: 4, cached: 2 });
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
    manifest                                   | message                                                                     | location
    ${'{'}                                     | ${'estate manifest is not JSON: expected a quoted key, found end of input'} | ${{ line: 1, column: 2 }}
    ${'{"assets": []}'}                        | ${'estate manifest: Too small: expected array to have >=1 items'}           | ${{ line: 1, column: 12, pointer: '/assets' }}
    ${'{\n  "assets": [\n    {"file": "f"}]}'} | ${'estate manifest: Invalid input: expected string, received undefined'}    | ${{ line: 3, column: 5, pointer: '/assets/0/name' }}
  `('refuses an unusable manifest $manifest', async ({ manifest, message, location }) => {
    const estateDir = writeEstate([]);
    writeFileSync(join(estateDir, 'estate.json'), manifest as string);
    writeFileSync(join(estateDir, 'f'), '');

    const attempt = loadEstate(estateDir);

    await expect(attempt).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message,
      location: { file: join(estateDir, 'estate.json'), ...(location as object) },
    });
  });

  it('reports every problem of a manifest at once, each as file:line:column', async () => {
    const estateDir = writeEstate([]);
    const manifest = join(estateDir, 'estate.json');
    writeFileSync(
      manifest,
      [
        '{',
        '  "assets": [',
        '    { "name": "a", "file": "gone.status", "colour": "red" },',
        '    { "name": "", "file": "sub", "kind": "vm" },',
        '    { "name": "c", "file": "c.status", "labels": { "env": 1 } }',
        '  ],',
        '  "extra": true',
        '}',
      ].join('\n'),
    );
    mkdirSync(join(estateDir, 'sub'));
    writeFileSync(join(estateDir, 'c.status'), '');

    const error = await loadEstate(estateDir).then(
      () => undefined,
      (e: unknown) => e as AppError,
    );

    expect(error).toMatchObject({ code: 'INPUT_INVALID', location: { file: manifest } });
    expect(error?.message.split('\n')).toEqual([
      'estate manifest has 6 problems:',
      `  ${manifest}:3:28: ${join(estateDir, 'gone.status')} does not exist: expected an inventory file (at /assets/0/file)`,
      `  ${manifest}:3:43: unknown key "colour" (at /assets/0/colour)`,
      `  ${manifest}:4:15: Too small: expected string to have >=1 characters (at /assets/1/name)`,
      `  ${manifest}:4:42: Invalid option: expected one of "host"|"image" (at /assets/1/kind)`,
      `  ${manifest}:5:59: Invalid input: expected string, received number (at /assets/2/labels/env)`,
      `  ${manifest}:7:3: unknown key "extra" (at /extra)`,
    ]);
    expect((error?.details as { diagnostics: unknown[] }).diagnostics).toHaveLength(6);
  });

  it.each`
    path                      | code               | message
    ${'nowhere'}              | ${'NOT_FOUND'}     | ${'DIR/nowhere does not exist: expected a directory holding estate.json or the manifest file'}
    ${'empty'}                | ${'NOT_FOUND'}     | ${'DIR/empty holds no estate.json: expected a directory holding estate.json or the manifest file'}
    ${'shadow/estate.json/x'} | ${'NOT_FOUND'}     | ${'DIR/shadow/estate.json/x does not exist (part of the path is not a directory): expected a directory holding estate.json or the manifest file'}
    ${'dir-manifest'}         | ${'INPUT_INVALID'} | ${'DIR/dir-manifest/estate.json is a directory: expected a directory holding estate.json or the manifest file'}
  `('names what it expected at $path, without errno codes', async ({ path, code, message }) => {
    mkdirSync(join(dir, 'empty'));
    mkdirSync(join(dir, 'shadow'));
    writeFileSync(join(dir, 'shadow', 'estate.json'), '{}');
    mkdirSync(join(dir, 'dir-manifest', 'estate.json'), { recursive: true });

    const attempt = loadEstate(join(dir, path as string));

    await expect(attempt).rejects.toMatchObject({
      code,
      message: (message as string).replace('DIR', dir),
    });
    await expect(attempt).rejects.not.toThrow(/E[A-Z]{3,}/);
  });

  it('refuses an asset whose file is a directory, saying what it expected', async () => {
    const estateDir = writeEstate([{ name: 'd', file: 'sub' }]);
    mkdirSync(join(estateDir, 'sub'));

    const result = await importCollecting(store, estateDir, opts);

    expect(result.assets[0]).toMatchObject({
      status: 'refused',
      error: {
        code: 'INPUT_INVALID',
        message: `${join(estateDir, 'sub')} is a directory: expected an inventory file`,
        location: { file: join(estateDir, 'estate.json'), line: 1, pointer: '/assets/0/file' },
      },
    });
  });
});
