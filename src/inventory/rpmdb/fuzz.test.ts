import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { buildBdb } from './bdb/build.js';
import { readBdb } from './bdb/index.js';
import { packageHeader } from './header/build.js';
import { parseHeader } from './header/index.js';
import { readNdb } from './ndb/index.js';
import { defaultRpmdbLimits } from './types.js';

const word = fc.stringMatching(/^[a-z0-9][a-z0-9.+~-]{0,8}$/);
const header = fc
  .record({
    name: word,
    version: word,
    release: word,
    arch: fc.constantFrom('x86_64', 'noarch'),
    modularityLabel: fc.option(word, { nil: undefined }),
  })
  .map((h) => packageHeader({ ...h, sourceRpm: `${h.name}-${h.version}-${h.release}.src.rpm` }));
const flips = (max: number) =>
  fc.array(fc.tuple(fc.nat({ max }), fc.integer({ min: 1, max: 255 })), {
    minLength: 1,
    maxLength: 12,
  });

/** Runs a reader; a result or INVENTORY_INVALID naming the file and a byte offset pass. */
function readsOrRejects(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== ErrorCode.InventoryInvalid) throw e;
    expect(e.location?.file).toBe('fuzz');
    expect(e.details?.['offset']).toEqual(expect.any(Number));
  }
}

function flipped(b: Uint8Array, fs: readonly [number, number][]): Uint8Array {
  const out = new Uint8Array(b);
  for (const [at, x] of fs) out[at % out.length]! ^= x;
  return out;
}

describe('inventory/rpmdb/fuzz', () => {
  it('header parser: generated headers read back', () => {
    fc.assert(
      fc.property(header, (h) => {
        expect(parseHeader(h, { file: 'fuzz', offset: 0 })?.name).toMatch(/^\S+$/);
      }),
      { numRuns: 30 },
    );
  });

  it('header parser: random bytes and flipped headers only fail typed', () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.tuple(header, flips(400)).map(([h, f]) => flipped(h, f)),
    );
    fc.assert(
      fc.property(input, (b) => readsOrRejects(() => parseHeader(b, { file: 'fuzz', offset: 0 }))),
      { numRuns: 60 },
    );
  });

  it('bdb: generated files in both byte orders, flipped, only fail typed', () => {
    const file = fc
      .tuple(
        fc.array(header, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom(512, 1024),
      )
      .map(([hs, le, pageSize]) => buildBdb(hs, { le, pageSize }));
    fc.assert(
      fc.property(file, flips(8192), (b, f) =>
        readsOrRejects(() => readBdb(flipped(b, f), 'fuzz', defaultRpmdbLimits)),
      ),
      { numRuns: 40 },
    );
  });

  it('ndb: random bytes behind the magic only fail typed', () => {
    const file = fc.uint8Array({ minLength: 0, maxLength: 9000 }).map((junk) => {
      const b = new Uint8Array(32 + junk.length);
      b.set([0x52, 0x70, 0x6d, 0x50, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
      b.set(junk, 32);
      return b;
    });
    fc.assert(
      fc.property(file, (b) => readsOrRejects(() => readNdb(b, 'fuzz', defaultRpmdbLimits))),
      { numRuns: 40 },
    );
  });
});
