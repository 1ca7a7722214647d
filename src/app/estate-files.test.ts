import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EstateFileCache, firstDiagnostics } from './estate-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-estate-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function status(file: string, packages: readonly [string, string][], junk = false): string {
  const stanzas = packages.map(
    ([name, version]) =>
      `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n`,
  );
  if (junk) stanzas.unshift('Package: broken\nStatus: install ok installed\n');
  const path = join(dir, file);
  writeFileSync(path, stanzas.join('\n'));
  return path;
}

describe('app/estate-files', () => {
  it('parses a file once and reports its diagnostics on the first read only', async () => {
    const cache = new EstateFileCache();
    const a = status('a', [['curl', '7.88.1-10']], true);

    const first = await cache.read(a, 'debian:12');
    const again = await cache.read(a, 'debian:12');

    expect(firstDiagnostics(first)).toHaveLength(1);
    expect(firstDiagnostics(again)).toEqual([]);
    expect(first.ok && again.ok && again.parsed.value).toBe(first.ok && first.parsed.value);
    expect([cache.parsed, cache.hits]).toEqual([1, 1]);
  });

  it('shares one object per package across files', async () => {
    const cache = new EstateFileCache();
    const a = await cache.read(
      status('a', [
        ['curl', '1'],
        ['zlib1g', '2'],
      ]),
      'debian:12',
    );
    const b = await cache.read(
      status('b', [
        ['curl', '1'],
        ['zlib1g', '3'],
      ]),
      'debian:12',
    );

    const [pa, pb] = [a, b].map((r) => (r.ok ? r.parsed.value.packages : []));
    expect(pb![0]).toBe(pa![0]);
    expect(pb![1]).not.toBe(pa![1]);
    expect(pb![1]).toEqual({
      name: 'zlib1g',
      version: '3',
      arch: 'amd64',
      sourceName: 'zlib1g',
      sourceVersion: '3',
    });
  });

  it.each([
    ['files', { files: 2 }],
    ['package references', { packageRefs: 2 }],
  ])('drops the oldest file over its limit of %s and reads it again', async (_, limits) => {
    const cache = new EstateFileCache(limits);
    const files = ['a', 'b', 'c'].map((f) => status(f, [[`p${f}`, '1']]));
    for (const f of files) await cache.read(f, undefined);

    await cache.read(files[2]!, undefined);
    await cache.read(files[0]!, undefined);

    expect([cache.parsed, cache.hits]).toEqual([4, 1]);
  });

  it('keeps an unreadable file as its error', async () => {
    const cache = new EstateFileCache();
    const missing = join(dir, 'missing');

    const got = [await cache.read(missing, undefined), await cache.read(missing, undefined)];

    expect(got.map((g) => !g.ok && g.error.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(cache.parsed).toBe(1);
  });
});
