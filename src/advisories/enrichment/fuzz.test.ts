import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../domain/errors.js';
import { parseEnrichment } from './sources.js';
import type { EnrichmentSource } from './types.js';

const fixtures = join(import.meta.dirname, '__fixtures__');
const seeds: Record<EnrichmentSource, Uint8Array> = {
  kev: readFileSync(join(fixtures, 'known_exploited_vulnerabilities.json')),
  epss: readFileSync(join(fixtures, 'epss_scores-2026-12-06.csv')),
};
const limits = { maxRows: 100, maxBytes: 1024 * 1024 };

/** Truncation plus a few overwritten or inserted bytes. */
const damage = fc.record({
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  edits: fc.array(
    fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), insert: fc.boolean() }),
    {
      maxLength: 6,
    },
  ),
});

describe('advisories/enrichment/fuzz', () => {
  it.each(['kev', 'epss'] as const)(
    '%s: damaged input parses to valid rows or throws a located AppError',
    (source) => {
      fc.assert(
        fc.property(damage, ({ cut, edits }) => {
          const seed = seeds[source];
          const out = [...seed.subarray(0, Math.max(1, Math.floor(seed.length * cut)))];
          for (const e of edits) {
            if (e.insert) out.splice(e.at % out.length, 0, e.byte);
            else out[e.at % out.length] = e.byte;
          }
          try {
            const r = parseEnrichment(source, 'f', Uint8Array.from(out), limits);
            for (const row of r.rows) expect(row.cve).toMatch(/^CVE-\d{4}-\d{4,}$/);
            expect(r.diagnostics.every((d) => d.location.file === 'f')).toBe(true);
          } catch (e) {
            if (!isAppError(e)) throw e;
            expect(e.location?.file).toBe('f');
          }
        }),
        { numRuns: 150 },
      );
    },
  );
});
