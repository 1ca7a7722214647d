import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../domain/errors.js';
import { comparePackages, detectFormat, parseInventory } from './index.js';
import { skipList, type Skip } from '../util/skips.js';
import type { InventoryAdapter } from './types.js';

/** One real or hand-written input an adapter must read. */
export interface ConformanceFixture {
  readonly path: string;
  /** Error diagnostics the fixture is built to produce. @default 0 */
  readonly expectedErrors?: number;
}

export interface ConformanceOptions {
  readonly adapter: InventoryAdapter;
  /** The folder the adapter lives in; its id must equal it. */
  readonly folder: string;
  readonly fixtures: readonly ConformanceFixture[];
  /** Tests this adapter skips, each with the reason. */
  readonly skip?: readonly Skip[];
  /** fast-check runs per property. @default 40 */
  readonly runs?: number;
}

/** Accepts a normal result or the one typed failure; anything else fails the property. */
function parsesOrRejects(adapter: InventoryAdapter, input: Uint8Array | string): void {
  try {
    parseInventory(input, { format: adapter.id, fileName: 'fuzz' });
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== ErrorCode.InventoryInvalid) throw e;
    expect(e.location?.file).toBe('fuzz');
  }
}

type TestFn = (name: string, fn: () => void) => void;
type Fixture = ConformanceFixture & { readonly bytes: Uint8Array };

/**
 * The contract every inventory adapter keeps (STYLE §4.2 rule 4): metadata, detection of its
 * own fixtures, deterministic sorted output, well-formed packages, and no crash or hang on
 * garbage, truncations or mutations of real input (only AppError INVENTORY_INVALID).
 */
export function runInventoryConformance(opts: ConformanceOptions): void {
  const skips = skipList(opts.skip);
  const test: TestFn = (name, fn) => {
    const reason = skips.reasonFor(name);
    if (reason === undefined) it(name, fn);
    else it.skip(`${name} (skipped: ${reason})`, fn);
  };
  const texts = opts.fixtures.map((f) => ({ ...f, bytes: new Uint8Array(readFileSync(f.path)) }));
  describe(`conformance: ${opts.adapter.id}`, () => {
    contractTests(opts, texts, test);
    robustnessTests(opts.adapter, texts, opts.runs ?? 40, test);
    it('skips only tests the suite has', () => {
      expect(skips.unknown()).toEqual([]);
    });
  });
}

function contractTests(opts: ConformanceOptions, texts: readonly Fixture[], test: TestFn): void {
  const { adapter } = opts;
  test('id matches its folder and metadata is filled in', () => {
    expect(adapter.id).toBe(opts.folder);
    expect(adapter.displayName.length).toBeGreaterThan(0);
    expect(adapter.urls.length).toBeGreaterThan(0);
    for (const u of adapter.urls) expect(u).toMatch(/^https:\/\//);
  });

  test('detects each of its fixtures', () => {
    for (const f of texts) expect(detectFormat(f.bytes), f.path).toBe(adapter.id);
  });

  test('output is sorted, well-formed and deterministic', () => {
    for (const f of texts) {
      const a = parseInventory(f.bytes, { format: adapter.id, fileName: f.path });
      const b = parseInventory(f.bytes, { format: adapter.id, fileName: f.path });
      expect(b).toEqual(a);
      const errors = a.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length, f.path).toBe(f.expectedErrors ?? 0);
      const pkgs = a.value.packages;
      for (let i = 1; i < pkgs.length; i++) {
        expect(comparePackages(pkgs[i - 1]!, pkgs[i]!)).toBeLessThanOrEqual(0);
      }
      for (const p of pkgs) {
        for (const v of [p.name, p.version, p.sourceName, p.sourceVersion]) {
          expect(v).toMatch(/^\S+$/);
        }
      }
      expect(pkgs.length > 0 || a.value.windows !== undefined).toBe(true);
    }
  });

  test('empty input is INVENTORY_INVALID naming the file', () => {
    expect(() => parseInventory('  \n', { format: adapter.id, fileName: 'empty.txt' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: { file: 'empty.txt', line: 1 },
      }),
    );
  });
}

const longLineChunks = [
  'Package: a',
  'P:',
  'a\t',
  '1.0.1 ',
  '  [01]: KB1',
  '{"a":',
  '[',
  'HotFixID ',
  '#',
];

function robustnessTests(
  adapter: InventoryAdapter,
  texts: readonly Fixture[],
  runs: number,
  test: TestFn,
): void {
  test('random bytes and text never crash it', () => {
    const bytes = fc.uint8Array({ maxLength: 2048 });
    fc.assert(
      fc.property(bytes, (b) => parsesOrRejects(adapter, b)),
      { numRuns: runs },
    );
    const text = fc.string({ maxLength: 2048, unit: 'binary' });
    fc.assert(
      fc.property(text, (s) => parsesOrRejects(adapter, s)),
      { numRuns: runs },
    );
  });

  test('truncations and mutations of real fixtures never crash it', () => {
    for (const f of texts) {
      const n = f.bytes.length;
      const mutation = fc.record({
        cut: fc.integer({ min: 0, max: n }),
        at: fc.array(fc.integer({ min: 0, max: Math.max(0, n - 1) }), { maxLength: 8 }),
        byte: fc.constantFrom(0x0a, 0x20, 0x3a, 0x09, 0x00, 0x28, 0x7b, 0x5b, 0x22, 0xff),
      });
      const property = fc.property(mutation, ({ cut, at, byte }) => {
        const b = f.bytes.slice(0, Math.max(cut, 2));
        for (const i of at) if (i < b.length) b[i] = byte;
        parsesOrRejects(adapter, b);
      });
      fc.assert(property, { numRuns: Math.max(5, Math.floor(runs / texts.length)) });
    }
  });

  test('pathological long lines finish (no catastrophic regex)', () => {
    for (const chunk of longLineChunks) {
      parsesOrRejects(adapter, chunk.repeat(20_000));
      parsesOrRejects(adapter, `${chunk}\n`.repeat(20_000));
    }
  });
}
