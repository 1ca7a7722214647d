import { describe, expect, it } from 'vitest';
import { thrownAppError } from '../../../../test/app-error.js';
import { ErrorCode } from '../../../domain/errors.js';
import { buildHeader, packageHeader } from './build.js';
import { parseHeader, RpmTag } from './index.js';

const origin = { file: 'db', offset: 100 };

describe('inventory/rpmdb/header/index', () => {
  it.each`
    header                                                                                                                                                          | expected
    ${{ name: 'bash', version: '5.1.8', release: '6.el9', arch: 'x86_64', sourceRpm: 'bash-5.1.8-6.el9.src.rpm' }}                                                  | ${{ name: 'bash', version: '5.1.8-6.el9', arch: 'x86_64', sourceName: 'bash', sourceVersion: '5.1.8-6.el9', modularityLabel: '' }}
    ${{ name: 'perl-IO', epoch: 1, version: '1.43', release: '4', arch: 'noarch', sourceRpm: 'perl-5.32.1-4.src.rpm' }}                                             | ${{ name: 'perl-IO', version: '1:1.43-4', arch: 'noarch', sourceName: 'perl', sourceVersion: '1:5.32.1-4', modularityLabel: '' }}
    ${{ name: 'ruby', version: '2.7.1', release: '1.module', arch: 'x86_64', sourceRpm: 'ruby-2.7.1-1.module.src.rpm', modularityLabel: 'ruby:2.7:8030:229f0a1c' }} | ${{ name: 'ruby', version: '2.7.1-1.module', arch: 'x86_64', sourceName: 'ruby', sourceVersion: '2.7.1-1.module', modularityLabel: 'ruby:2.7:8030:229f0a1c' }}
    ${{ name: 'zero', epoch: 0, version: '1', release: '1' }}                                                                                                       | ${{ name: 'zero', version: '1-1', arch: '', sourceName: 'zero', sourceVersion: '1-1', modularityLabel: '' }}
  `('reads $expected.name', ({ header, expected }) => {
    expect(parseHeader(packageHeader(header), origin)).toEqual(expected);
  });

  it('leaves out gpg-pubkey', () => {
    expect(
      parseHeader(
        packageHeader({ name: 'gpg-pubkey', version: 'fd431d51', release: '4ae0493b' }),
        origin,
      ),
    ).toBeNull();
  });

  it('lets a later entry for a tag replace an earlier one, as rpm does', () => {
    const tags = new Map<number, string | number>([
      [RpmTag.Name, 'a'],
      [RpmTag.Version, '1'],
      [RpmTag.Release, '2'],
      [1100, '3'],
    ]);
    const blob = buildHeader(tags);
    new DataView(blob.buffer).setUint32(8 + 16 * 3, RpmTag.Version);
    expect(parseHeader(blob, origin)?.version).toBe('3-2');
  });

  it.each`
    why                      | mutate                                                                         | message
    ${'short blob'}          | ${(b: Uint8Array) => b.subarray(0, 5)}                                         | ${/too short.*at byte 100/}
    ${'index count zero'}    | ${(b: Uint8Array) => (new DataView(b.buffer).setUint32(0, 0), b)}              | ${/index count 0.*at byte 100/}
    ${'index count huge'}    | ${(b: Uint8Array) => (new DataView(b.buffer).setUint32(0, 0x10000), b)}        | ${/index count 65536/}
    ${'data past the blob'}  | ${(b: Uint8Array) => (new DataView(b.buffer).setUint32(4, 999), b)}            | ${/needs \d+ bytes/}
    ${'offset out of data'}  | ${(b: Uint8Array) => (new DataView(b.buffer).setInt32(16, 5000), b)}           | ${/tag 1000: offset 5000.*at byte 108/}
    ${'negative offset'}     | ${(b: Uint8Array) => (new DataView(b.buffer).setInt32(16, -4), b)}             | ${/offset -4/}
    ${'unterminated string'} | ${(b: Uint8Array) => b.map((x, i) => (i >= b.length - 6 && x === 0 ? 65 : x))} | ${/string runs past the data/}
    ${'unexpected type'}     | ${(b: Uint8Array) => (new DataView(b.buffer).setUint32(12, 7), b)}             | ${/unexpected type 7/}
    ${'no name'}             | ${(b: Uint8Array) => (new DataView(b.buffer).setUint32(8, 1), b)}              | ${/has no NAME/}
  `(
    'refuses $why with file and byte offset',
    ({ mutate, message }: { mutate: (b: Uint8Array) => Uint8Array; message: RegExp }) => {
      const blob = new Uint8Array(
        packageHeader({ name: 'bash', version: '5', release: '1', arch: 'x86_64' }),
      );
      const e = thrownAppError(() => parseHeader(mutate(blob), origin));
      expect(e.code).toBe(ErrorCode.InventoryInvalid);
      expect(e.location?.file).toBe('db');
      expect(e.message).toMatch(message);
    },
  );
});
