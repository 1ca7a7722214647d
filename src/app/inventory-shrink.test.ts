import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import { ErrorCode } from '../domain/errors.js';
import type { InstalledPackage } from '../domain/inventory.js';
import type { Store } from '../store/index.js';
import { loadEstate } from './estate.js';
import { importEstate } from './import-estate.js';
import { importInventoryFile } from './import-inventory.js';
import { needsStoredNames, shrinkOf } from './inventory-shrink.js';
import { openStore } from './open-store.js';

/** A real 768-package bookworm status file. */
const fullFile = join(
  import.meta.dirname,
  '../inventory/dpkg/__fixtures__/debian12-bookworm-thishost.status',
);
const fullText = readFileSync(fullFile, 'utf8');
/** The file cut cleanly after its sixth stanza: parses, but is not the host any more. */
const sixStanzas = `${fullText.split('\n\n').slice(0, 6).join('\n\n')}\n\n`;
/** The whole file without libc6 and base-files. */
const noEssentials = fullText.replace(/Package: (?:libc6|base-files)\n[\s\S]*?\n\n/g, '');

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-shrink-'));
  store = await openStore(join(dir, 'p.db'), fixedClock('2026-11-27T09:00:00Z'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const base = { actor: 'test', name: 'web-1', platform: 'debian:12' } as const;

async function storedCount(): Promise<number | undefined> {
  const asset = await store.assets.findByName('web-1');
  return asset && (await store.inventories.describe(asset.id))?.packageCount;
}

describe('app/inventory-shrink', () => {
  it('refuses a re-import that lost most packages, naming both counts, and keeps the stored one', async () => {
    await importInventoryFile(store, { ...base, file: fullFile });
    const cut = write('cut.status', sixStanzas);

    const refused = importInventoryFile(store, { ...base, file: cut });

    await expect(refused).rejects.toMatchObject({
      code: ErrorCode.InventoryInvalid,
      location: { file: cut, record: 'web-1' },
      details: { storedCount: 768, newCount: 6 },
    });
    await expect(refused).rejects.toThrow(
      /768 stored, 6 in the new one \(99% fewer\); it lacks libc \(libc6\), release package \(base-files\).*--allow-shrink/,
    );
    expect(await storedCount()).toBe(768);
  });

  it('refuses one that lacks libc and base-files even when the count barely moved', async () => {
    await importInventoryFile(store, { ...base, file: fullFile });
    const file = write('gutted.status', noEssentials);

    await expect(importInventoryFile(store, { ...base, file })).rejects.toMatchObject({
      code: ErrorCode.InventoryInvalid,
      details: {
        storedCount: 768,
        newCount: 766,
        missing: ['libc (libc6)', 'release package (base-files)'],
      },
    });
    expect(await storedCount()).toBe(768);
  });

  it('stores it with allowShrink and says so in the audit log', async () => {
    await importInventoryFile(store, { ...base, file: fullFile });
    const cut = write('cut.status', sixStanzas);

    const r = await importInventoryFile(store, { ...base, file: cut, allowShrink: true });

    expect(r.inventory.packageCount).toBe(6);
    const events = await store.audit.list();
    expect(events.map((e) => e.details)).toContainEqual(
      expect.objectContaining({ packageCount: 6, allowShrink: true }),
    );
  });

  it('a first import of a small inventory is not a shrink', async () => {
    const cut = write('cut.status', sixStanzas);

    const r = await importInventoryFile(store, { ...base, file: cut });

    expect(r.inventory.packageCount).toBe(6);
  });

  it('import estate refuses the shrinking asset and stores the others', async () => {
    await importInventoryFile(store, { ...base, file: fullFile });
    write('cut.status', sixStanzas);
    write(
      'estate.json',
      JSON.stringify({
        assets: [
          { name: 'web-1', kind: 'host', file: 'cut.status', platform: 'debian:12' },
          { name: 'web-2', kind: 'host', file: 'cut.status', platform: 'debian:12' },
        ],
      }),
    );

    const seen: [string, string][] = [];
    const r = await importEstate(store, await loadEstate(dir), {
      actor: 'test',
      onAsset: (a) => seen.push([a.name, a.status]),
    });

    expect(seen).toEqual([
      ['web-1', 'refused'],
      ['web-2', 'stored'],
    ]);
    expect(r.refusedAssets[0]).toMatchObject({ error: { code: ErrorCode.InventoryInvalid } });
    expect(await storedCount()).toBe(768);
  });
});

const pkg = (name: string): InstalledPackage => ({
  name,
  version: '1',
  arch: 'amd64',
  sourceName: name,
  sourceVersion: '1',
});
const names = (...ns: string[]): Map<string, number> => new Map(ns.map((n) => [n, 1]));
const filler = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${i}`);

describe('app/inventory-shrink shrinkOf', () => {
  it.each`
    why                                     | stored                                                   | next                                                     | missing
    ${'half kept'}                          | ${filler(100)}                                           | ${filler(50)}                                            | ${null}
    ${'under half kept'}                    | ${filler(100)}                                           | ${filler(49)}                                            | ${[]}
    ${'under half, but fewer than 10 lost'} | ${filler(15)}                                            | ${filler(6)}                                             | ${null}
    ${'under half, 10 lost'}                | ${filler(15)}                                            | ${filler(5)}                                             | ${[]}
    ${'alpine kernel gone'}                 | ${['musl', 'alpine-baselayout', 'linux-lts']}            | ${['musl', 'alpine-baselayout']}                         | ${['kernel (linux-lts)']}
    ${'rpm host grew'}                      | ${['glibc', 'redhat-release', 'kernel-core']}            | ${['glibc', 'redhat-release', 'kernel-core', 'x']}       | ${null}
    ${'epel-release removed'}               | ${['glibc', 'redhat-release', 'epel-release']}           | ${['glibc', 'redhat-release']}                           | ${null}
    ${'release package gone'}               | ${['glibc', 'almalinux-release']}                        | ${['glibc']}                                             | ${['release package (almalinux-release)']}
    ${'lsb-release is no release package'}  | ${['libc6', 'base-files', 'lsb-release']}                | ${['libc6', 'lsb-release']}                              | ${['release package (base-files)']}
    ${'kernel upgraded'}                    | ${['libc6', 'base-files', 'linux-image-6.1.0-18-amd64']} | ${['libc6', 'base-files', 'linux-image-6.1.0-20-amd64']} | ${null}
    ${'no essentials before'}               | ${['busybox']}                                           | ${[]}                                                    | ${null}
  `('$why: missing $missing', ({ stored, next, missing }) => {
    const s = stored as string[];

    const shrink = shrinkOf(names(...s), s.length, { packages: (next as string[]).map(pkg) });

    expect(shrink?.missing ?? null).toEqual(missing);
  });
});

describe('app/inventory-shrink needsStoredNames', () => {
  const essentials = ['libc6', 'base-files', 'linux-image-amd64'];

  it.each`
    why                                     | stored | next                                       | needed
    ${'every class present, count kept'}    | ${103} | ${[...essentials, ...filler(100)]}         | ${false}
    ${'no kernel: the stored one may have'} | ${102} | ${['libc6', 'base-files', ...filler(100)]} | ${true}
    ${'too small against the stored count'} | ${400} | ${[...essentials, ...filler(100)]}         | ${true}
  `('$why: $needed', ({ stored, next, needed }) => {
    const inv = { packages: (next as string[]).map(pkg) };

    expect(needsStoredNames(stored as number, inv)).toBe(needed);
  });
});
