import { readFileSync } from 'node:fs';
import { parseVectors, type VectorCase } from './vectors.js';

const dir = new URL('./__fixtures__/', import.meta.url);

/** Reads a file from `versioning/__fixtures__/` (copies of upstream data, see SOURCES.md). */
export function readFixture(name: string): string {
  return readFileSync(new URL(name, dir), 'utf8');
}

/** The comparison vectors of one fixture file; a malformed line is an error here. */
export function loadVectors(name: string): VectorCase[] {
  const { value, diagnostics } = parseVectors(readFixture(name), name);
  const first = diagnostics[0];
  if (first) throw new Error(`${name}:${first.location.line}: ${first.message}`);
  return value;
}

/** One version per line: the real installed versions extracted from the inventory fixtures. */
export function loadRealVersions(scheme: 'dpkg' | 'rpm' | 'apk'): string[] {
  return readFixture(`real-${scheme}-versions.txt`)
    .split('\n')
    .filter((l) => l !== '');
}
