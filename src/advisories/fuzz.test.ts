import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decompress } from './compression.js';
import { advisorySources } from './registry.js';
import { fixtureNames, readFixture } from './testing/golden.js';
import { parseChecked } from './testing/invariants.js';
import type { AdvisorySource } from './types.js';

/** Big fixtures are cut so each run stays cheap; the cut itself is a truncation case. */
const maxSeedBytes = 48 * 1024;
const dec = new TextDecoder();
const enc = new TextEncoder();

function seeds(source: AdvisorySource): { name: string; bytes: Uint8Array; full: Uint8Array }[] {
  const dir = join(import.meta.dirname, source.id);
  return fixtureNames(dir).map((name) => {
    const raw = decompress({ name, bytes: readFixture(dir, name) });
    return { name: raw.name, bytes: raw.bytes.subarray(0, maxSeedBytes), full: raw.bytes };
  });
}

/** Byte-level damage: truncate, then overwrite or insert a few bytes. */
const byteEdit = fc.record({
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  edits: fc.array(
    fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), insert: fc.boolean() }),
    {
      maxLength: 8,
    },
  ),
});

function damage(
  bytes: Uint8Array,
  e: { cut: number; edits: { at: number; byte: number; insert: boolean }[] },
) {
  const out = [...bytes.subarray(0, Math.max(1, Math.floor(bytes.length * e.cut)))];
  for (const { at, byte, insert } of e.edits) {
    const i = at % out.length;
    if (insert) out.splice(i, 0, byte);
    else out[i] = byte;
  }
  return Uint8Array.from(out);
}

/** Structural damage for JSON: replace the value at one path with arbitrary JSON. */
function replaceAt(doc: unknown, pick: number, value: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (paths.length > 2000 || node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      const p = [...path, Array.isArray(node) ? Number(k) : k];
      paths.push(p);
      walk(v, p);
    }
  };
  walk(doc, []);
  const path = paths[pick % Math.max(1, paths.length)];
  if (!path) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
  return copy;
}

describe('advisories/fuzz', () => {
  describe.each([...advisorySources.values()].map((s) => [s.id, s] as const))(
    '%s',
    (_id, source) => {
      const inputs = seeds(source);

      it('survives random bytes: AppError or well-formed output', () => {
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
            parseChecked(source, { name: 'random.bin', bytes });
          }),
          { numRuns: 150 },
        );
      });

      it('survives truncated and corrupted real fixtures', () => {
        fc.assert(
          fc.property(fc.constantFrom(...inputs), byteEdit, (seed, edit) => {
            parseChecked(source, { name: seed.name, bytes: damage(seed.bytes, edit) });
          }),
          { numRuns: 100 },
        );
      });

      const jsonSeeds = inputs.flatMap((s) => {
        try {
          if (s.full.length > 512 * 1024) return [];
          return [{ name: s.name, doc: JSON.parse(dec.decode(s.full)) as unknown }];
        } catch {
          return [];
        }
      });

      if (jsonSeeds.length > 0) {
        it('survives a JSON fixture with one value replaced', () => {
          fc.assert(
            fc.property(
              fc.constantFrom(...jsonSeeds),
              fc.nat(),
              fc.jsonValue({ maxDepth: 3 }),
              (seed, pick, value) => {
                const bytes = enc.encode(JSON.stringify(replaceAt(seed.doc, pick, value)));
                parseChecked(source, { name: seed.name, bytes });
              },
            ),
            { numRuns: 150 },
          );
        });
      }

      const xmlSeeds = inputs.filter(
        (s) => s.full.length <= maxSeedBytes && /^\s*</.test(dec.decode(s.full.subarray(0, 64))),
      );

      // Structural damage for XML: one attribute value replaced by arbitrary text, unescaped.
      if (xmlSeeds.length > 0) {
        it('survives an XML fixture with one attribute value replaced', () => {
          fc.assert(
            fc.property(
              fc.constantFrom(...xmlSeeds),
              fc.nat(),
              fc.string({ maxLength: 40 }),
              (seed, pick, value) => {
                const text = dec.decode(seed.full);
                const values = [...text.matchAll(/="([^"]*)"/g)];
                const m = values[pick % Math.max(1, values.length)];
                const at = m?.index ?? 0;
                const edited = m
                  ? text.slice(0, at + 2) + value + text.slice(at + 2 + (m[1] ?? '').length)
                  : text;
                parseChecked(source, { name: seed.name, bytes: enc.encode(edited) });
              },
            ),
            { numRuns: 60 },
          );
        });
      }

      it('still parses every fixture seed untouched', () => {
        const parsed = inputs
          .filter((s) => s.bytes.length < maxSeedBytes)
          .map((s) => parseChecked(source, s));

        expect(parsed.every(Boolean)).toBe(true);
      });
    },
  );
});
