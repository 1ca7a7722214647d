import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advisorySources, detectSource } from './registry.js';
import { decompress } from './compression.js';
import { fixtureNames, readFixture } from './testing/golden.js';
import { expectWellFormed } from './testing/invariants.js';

const sources = [...advisorySources.values()];
const folder = (id: string): string => join(import.meta.dirname, id);

describe('advisories/conformance', () => {
  describe.each(sources.map((s) => [s.id, s] as const))('%s', (id, source) => {
    it('is named after its folder and documents itself', () => {
      expect(existsSync(join(folder(id), 'index.ts'))).toBe(true);
      expect(existsSync(join(folder(id), 'readme.md'))).toBe(true);
      expect(readFileSync(join(folder(id), '__fixtures__', 'SOURCES.md'), 'utf8')).toContain('|');
      expect(source.displayName.length).toBeGreaterThan(0);
      expect(source.formats.length).toBeGreaterThan(0);
      expect(Number.isInteger(source.parserVersion) && source.parserVersion > 0).toBe(true);
      for (const url of source.urls) expect(url).toMatch(/^https:\/\//);
    });

    it.each(fixtureNames(folder(id)))('detects and parses its own fixture %s', (name) => {
      const raw = decompress({ name, bytes: readFixture(folder(id), name) });

      const detected = detectSource(raw.name, raw.bytes);
      const first = source.parse(raw);
      const again = source.parse(raw);

      expect(detected.id).toBe(id);
      expectWellFormed(first, raw.name);
      expect(first.advisories.length).toBeGreaterThan(0);
      expect(again).toEqual(first);
    });
  });
});
