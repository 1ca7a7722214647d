import { ErrorCode } from '../../domain/errors.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runInventoryConformance } from '../conformance.js';
import { parseInventory } from '../index.js';
import { apkAdapter } from './index.js';

const installed = fileURLToPath(new URL('__fixtures__/alpine-installed', import.meta.url));

describe('inventory/apk', () => {
  runInventoryConformance({ adapter: apkAdapter, folder: 'apk', fixtures: [{ path: installed }] });

  it('reads the Alpine 3.18 image: 15 packages with their origins', () => {
    const { value, diagnostics } = parseInventory(readFileSync(installed), {
      fileName: 'installed',
    });

    expect(value.packages).toHaveLength(15);
    expect(value.packages.find((p) => p.name === 'libssl3')).toEqual({
      name: 'libssl3',
      version: '3.1.0-r4',
      arch: 'x86_64',
      sourceName: 'openssl',
      sourceVersion: '3.1.0-r4',
    });
    expect(value.packages.find((p) => p.name === 'ssl_client')).toMatchObject({
      sourceName: 'busybox',
      version: '1.36.0-r9',
    });
    expect(value.platform).toEqual({ family: 'alpine', release: '3.18' });
    expect(diagnostics[0]?.message).toContain('inferred from alpine-baselayout 3.4.3-r1');
  });

  it.each`
    pkgs                                             | platform
    ${'P:alpine-release\nV:3.19.1-r0\nA:x86_64\n'}   | ${{ family: 'alpine', release: '3.19' }}
    ${'P:alpine-baselayout\nV:3.4.3-r1\nA:x86_64\n'} | ${{ family: 'alpine', release: '3.18' }}
    ${'P:alpine-baselayout\nV:9.9.9-r0\nA:x86_64\n'} | ${null}
  `('platform from $pkgs', ({ pkgs, platform }) => {
    expect(parseInventory(pkgs, { format: 'apk' }).value.platform).toEqual(platform);
  });

  it.each`
    text                                                         | line
    ${'P:musl\nV:1.2.4-r2\nA:x86_64\n\nP:zlib\nA:x86_64\nV:1.3'} | ${7}
    ${'P:musl\nV:1.2.4-r2\nA:x86_64\n\nP:zlib\nA:x86_64\n'}      | ${5}
  `(
    'a record cut off at the end of the file is INVENTORY_INVALID at line $line',
    ({ text, line }) => {
      expect(() => parseInventory(text, { fileName: 'installed', format: 'apk' })).toThrow(
        expect.objectContaining({
          code: ErrorCode.InventoryInvalid,
          location: { file: 'installed', line, record: 'zlib' },
        }),
      );
    },
  );

  it('skips a record without V: and keeps the rest', () => {
    const text =
      'P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\nP:broken\nA:x86_64\n\nP:zlib\nV:1.3-r2\nA:x86_64\n';

    const { value, diagnostics } = parseInventory(text, {
      fileName: 'installed',
      osRelease: 'ID=alpine\nVERSION_ID=3.18.4\n',
    });

    expect(value.packages.map((p) => p.name)).toEqual(['musl', 'zlib']);
    expect(value.platform).toEqual({ family: 'alpine', release: '3.18' });
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        message: 'package broken: no V: (version) line',
        location: { file: 'installed', line: 6, record: 'broken' },
      },
    ]);
  });
});
