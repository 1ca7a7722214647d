import type { Parsed } from '../domain/diagnostics.js';
import { compareBatch, type BatchResult } from '../versioning/batch.js';
import { getScheme, schemes } from '../versioning/registry.js';

export type { BatchResult };

/** The ids of the versioning schemes (dpkg, rpm, apk). */
export function schemeIds(): string[] {
  return [...schemes.keys()];
}

/** Compares two versions under `scheme`: -1, 0 or 1. */
export function compareVersions(scheme: string, a: string, b: string): number {
  return getScheme(scheme).compare(a, b);
}

/** Compares every `A<TAB>B` line of `text`; bad lines come back as diagnostics at `file:line`. */
export function compareVersionLines(
  scheme: string,
  text: string,
  file: string,
): Parsed<BatchResult[]> {
  return compareBatch(getScheme(scheme), text, file);
}
