import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRpmdbLimits } from '../types.js';
import { readNdb } from './index.js';

const fixture = new Uint8Array(
  readFileSync(new URL('../__fixtures__/sle15-bci/Packages.db', import.meta.url)),
);

/** The first slot (byte 32) points at blocks 0x100..0x204: its blob starts at byte 4096. */
describe('inventory/rpmdb/ndb/index', () => {
  it.each`
    why                      | at                       | value         | message
    ${'bad file magic'}      | ${0}                     | ${0}          | ${/no "RpmP" magic\) \(at byte 0\)/}
    ${'slot count too big'}  | ${12}                    | ${100_000}    | ${/slot page count 100000.*at byte 12/}
    ${'bad slot magic'}      | ${32}                    | ${1}          | ${/no "Slot" magic \(at byte 32\)/}
    ${'blob outside file'}   | ${40}                    | ${0x7fffffff} | ${/lie outside the blob area \(at byte 32\)/}
    ${'blob of another pkg'} | ${4096 + 4}              | ${9}          | ${/belongs to package 9, its slot says 1/}
    ${'blob too long'}       | ${4096 + 12}             | ${0x7fffffff} | ${/blob length 2147483647/}
    ${'torn tail'}           | ${4096 + 0x104 * 16 - 4} | ${0}          | ${/bad tail.*at byte 8244/}
    ${'duplicate index'}     | ${48 + 4}                | ${1}          | ${/index 1 appears twice \(at byte 48\)/}
  `('refuses $why', ({ at, value, message }) => {
    const b = new Uint8Array(fixture);
    new DataView(b.buffer).setUint32(at, value, true);

    expect(() => readNdb(b, 'Packages.db', defaultRpmdbLimits)).toThrow(message);
  });

  it('skips free slots', () => {
    const b = new Uint8Array(fixture);
    new DataView(b.buffer).setUint32(36, 0, true);

    expect(readNdb(b, 'Packages.db', defaultRpmdbLimits)).toHaveLength(34);
  });
});
