import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseOutcome } from '../types.js';

/** Outputs above this many bytes are stored as counts + digest + the first advisories. */
const fullLimit = 256 * 1024;
const sampleSize = 20;

/**
 * Golden form of a parse outcome (vuls-data-update style, STYLE.md §4.2 rule 22). Small outputs are
 * kept whole; large ones as a summary whose sha256 still pins every byte of the full output.
 */
export function goldenOf(outcome: ParseOutcome): unknown {
  const full = JSON.stringify(outcome, null, 2);
  if (full.length <= fullLimit) return JSON.parse(full) as unknown;
  return {
    summary: {
      advisories: outcome.advisories.length,
      affected: outcome.advisories.reduce((n, a) => n + a.affected.length, 0),
      diagnostics: outcome.diagnostics.length,
      sha256: createHash('sha256').update(full).digest('hex'),
    },
    advisoriesSample: outcome.advisories.slice(0, sampleSize),
    diagnosticsSample: outcome.diagnostics.slice(0, sampleSize),
  };
}

/**
 * Reads `__golden__/<fixture>.json`; with `UPDATE_GOLDEN=1` (re)writes it first. Review a
 * regenerated golden by hand against the raw fixture before committing it.
 */
export function readGolden(dir: string, fixture: string, outcome: ParseOutcome): unknown {
  const file = join(dir, '__golden__', `${fixture}.json`);
  const actual = goldenOf(outcome);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(file, JSON.stringify(actual, null, 2) + '\n');
  }
  if (!existsSync(file)) throw new Error(`missing golden ${file}; run with UPDATE_GOLDEN=1`);
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** Fixture file names in `<dir>/__fixtures__`, without SOURCES.md. */
export function fixtureNames(dir: string): string[] {
  return readdirSync(join(dir, '__fixtures__'))
    .filter((f) => f !== 'SOURCES.md')
    .sort();
}

export function readFixture(dir: string, name: string): Uint8Array {
  return readFileSync(join(dir, '__fixtures__', name));
}
