import { describe, expect, it } from 'vitest';
import { thrownAppError } from '../../../../test/app-error.js';
import { packageHeader } from '../header/build.js';
import { parseHeader } from '../header/index.js';
import { defaultRpmdbLimits } from '../types.js';
import { buildBdb } from './build.js';
import { readBdb } from './index.js';

const small = packageHeader({ name: 'bash', version: '5.1', release: '1', arch: 'x86_64' });
const big = packageHeader({
  name: 'glibc',
  version: '2.34',
  release: '1',
  arch: 'x86_64',
  sourceRpm: `${'x'.repeat(9000)}-2.34-1.src.rpm`,
});

describe('inventory/rpmdb/bdb/index', () => {
  it.each`
    order       | le
    ${'little'} | ${true}
    ${'big'}    | ${false}
  `('reads inline and overflow values in $order-endian files', ({ le }) => {
    const file = buildBdb([small, big], { le, pageSize: 1024 });

    const blobs = readBdb(file, 'Packages', defaultRpmdbLimits);

    expect(blobs.map((b) => parseHeader(b, { file: 'Packages', offset: 0 })?.name)).toEqual([
      'bash',
      'glibc',
    ]);
    expect(blobs[1]).toEqual(big);
  });

  it('skips the key-0 record rpm keeps its next header number in', () => {
    const file = buildBdb([new Uint8Array([7, 0, 0, 0]), small], { le: true });
    new DataView(file.buffer).setUint32(2 * 4096 - 4, 0, true);

    expect(readBdb(file, 'Packages', defaultRpmdbLimits)).toEqual([small]);
  });

  it('refuses an overflow chain that loops, naming the page', () => {
    const file = buildBdb([big], { le: true, pageSize: 1024 });
    new DataView(file.buffer).setUint32(3 * 1024 + 16, 2, true);

    const e = thrownAppError(() => readBdb(file, 'Packages', defaultRpmdbLimits));

    expect(e.message).toMatch(/loops back to page 2 \(at byte 2048\)/);
    expect(e.details).toEqual({ offset: 2048 });
  });

  it.each`
    why                       | mutate                                                                   | message
    ${'no magic'}             | ${(v: DataView) => v.setUint32(12, 0, true)}                             | ${/no hash magic/}
    ${'odd page size'}        | ${(v: DataView) => v.setUint32(20, 1000, true)}                          | ${/page size 1000/}
    ${'more pages than file'} | ${(v: DataView) => v.setUint32(32, 99, true)}                            | ${/names 100 pages.*truncated/}
    ${'encrypted'}            | ${(v: DataView) => v.setUint8(24, 1)}                                    | ${/encrypted/}
    ${'item count'}           | ${(v: DataView) => v.setUint16(1024 + 20, 999, true)}                    | ${/claims 999 items/}
    ${'item offset'}          | ${(v: DataView) => v.setUint16(1024 + 28, 3, true)}                      | ${/item 1 has offset 3/}
    ${'chain outside'}        | ${(v: DataView) => v.setUint32(1024 + 1024 - 5 - 12 + 4, 77, true)}      | ${/page 77, outside the file/}
    ${'overlong total'}       | ${(v: DataView) => v.setUint32(1024 + 1024 - 5 - 12 + 8, 2 ** 31, true)} | ${/over the limit/}
  `('refuses $why', ({ mutate, message }: { mutate: (v: DataView) => void; message: RegExp }) => {
    const file = buildBdb([big], { le: true, pageSize: 1024 });
    mutate(new DataView(file.buffer));

    expect(() => readBdb(file, 'Packages', defaultRpmdbLimits)).toThrow(message);
  });
});
