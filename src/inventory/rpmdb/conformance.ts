import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { parseHeader } from './header/index.js';
import { defaultRpmdbLimits, type RpmdbBackend, type RpmdbLimits } from './types.js';

export interface RpmdbConformanceOptions {
  readonly backend: RpmdbBackend;
  /** The folder the backend lives in; its id must equal it. */
  readonly folder: string;
  /** A real database of this backend. */
  readonly fixture: string;
  /** Header blobs the fixture holds. */
  readonly count: number;
  /** Databases of the other backends, which this one must not claim. */
  readonly others: readonly string[];
  /** fast-check runs per property. @default 15 */
  readonly runs?: number;
}

/** Reads a file; a normal result or INVENTORY_INVALID naming the file and a byte offset pass. */
function readsOrRejects(
  backend: RpmdbBackend,
  path: string,
  limits: RpmdbLimits = defaultRpmdbLimits,
): void {
  try {
    for (const blob of backend.readHeaders(path, limits)) {
      expect(blob.length).toBeLessThanOrEqual(limits.maxHeaderBytes);
    }
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== ErrorCode.InventoryInvalid) throw e;
    expect(e.location?.file).toBe(path);
    expect(e.details?.['offset']).toEqual(expect.any(Number));
  }
}

/**
 * The contract every rpmdb backend keeps: metadata, sniffing its own file and no other, reading
 * every header of a real database, honouring the limits, and no crash, hang or foreign error on
 * truncated, mutated or random files (only INVENTORY_INVALID with file and byte offset).
 */
export function runRpmdbConformance(opts: RpmdbConformanceOptions): void {
  const { backend } = opts;
  const runs = opts.runs ?? 15;
  const bytes = new Uint8Array(readFileSync(opts.fixture));
  const dir = mkdtempSync(join(tmpdir(), `rpmdb-${backend.id}-`));
  let n = 0;
  const write = (b: Uint8Array) => {
    const path = join(dir, `${n++}-${backend.fileName}`);
    writeFileSync(path, b);
    return path;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe(`rpmdb conformance: ${backend.id}`, () => {
    it('id matches its folder and the fixture has its file name', () => {
      expect(backend.id).toBe(opts.folder);
      expect(basename(opts.fixture)).toBe(backend.fileName);
    });

    it('sniffs its own database and no other', () => {
      expect(backend.sniff(bytes.subarray(0, 64))).toBe(true);
      for (const o of opts.others) {
        expect(backend.sniff(readFileSync(o).subarray(0, 64)), o).toBe(false);
      }
      expect(backend.sniff(new Uint8Array(0))).toBe(false);
    });

    it('reads every header of the real database', () => {
      const blobs = backend.readHeaders(opts.fixture, defaultRpmdbLimits);

      expect(blobs).toHaveLength(opts.count);
      for (const b of blobs) expect(() => parseHeader(b, { file: 'x', offset: 0 })).not.toThrow();
    });

    it('refuses more headers, bigger headers or a bigger file than the limits allow', () => {
      const tight = (l: Partial<RpmdbLimits>) => () =>
        backend.readHeaders(opts.fixture, { ...defaultRpmdbLimits, ...l });

      expect(tight({ maxHeaders: opts.count - 1 })).toThrow(/more than \d+ packages/);
      expect(tight({ maxFileBytes: bytes.length - 1 })).toThrow(/over the/);
      expect(tight({ maxHeaderBytes: 16 })).toThrow(AppError);
    });

    it('survives truncation at any length', () => {
      fc.assert(
        fc.property(fc.nat({ max: bytes.length - 1 }), (len) =>
          readsOrRejects(backend, write(bytes.subarray(0, len))),
        ),
        { numRuns: runs },
      );
    });

    it('survives flipped bytes anywhere', () => {
      const flip = fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }));
      fc.assert(
        fc.property(fc.array(flip, { minLength: 1, maxLength: 16 }), (flips) => {
          const b = new Uint8Array(bytes);
          for (const [at, x] of flips) b[at]! ^= x;
          readsOrRejects(backend, write(b));
        }),
        { numRuns: runs },
      );
    });

    it('refuses random bytes behind its own magic', () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 0, maxLength: 9000 }), (junk) => {
          const b = new Uint8Array(64 + junk.length);
          b.set(bytes.subarray(0, 64));
          b.set(junk, 64);
          readsOrRejects(backend, write(b));
        }),
        { numRuns: runs },
      );
    });
  });
}
