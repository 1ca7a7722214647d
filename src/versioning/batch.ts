import type { Diagnostic, Parsed } from '../domain/diagnostics.js';
import { isAppError } from '../domain/errors.js';
import type { Ordering, VersioningScheme } from './types.js';

/** One compared pair of a batch, with the line it came from (1-based). */
export interface BatchResult {
  readonly line: number;
  readonly a: string;
  readonly b: string;
  readonly result: Ordering;
}

/**
 * Compares every `A<TAB>B` line of `text` with `scheme`, in order. Lines starting with `#` and
 * empty lines are skipped. A line without exactly two tab-separated fields, or with a version
 * the scheme rejects, becomes a Diagnostic (file, line, column) and is left out; the rest is
 * kept.
 */
export function compareBatch(
  scheme: VersioningScheme,
  text: string,
  file: string,
): Parsed<BatchResult[]> {
  const value: BatchResult[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let line = 0;
  for (const raw of lines) {
    line++;
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (s === '' || s.startsWith('#')) continue;
    const fields = s.split('\t');
    if (fields.length !== 2) {
      const message = `expected 2 tab-separated versions, found ${fields.length} field(s)`;
      diagnostics.push({ severity: 'error', message, location: { file, line } });
      continue;
    }
    const [a, b] = fields as [string, string];
    const bad = firstInvalid(scheme, a, b);
    if (bad) {
      diagnostics.push({
        severity: 'error',
        message: bad.message,
        location: { file, line, column: bad.column },
      });
      continue;
    }
    value.push({ line, a, b, result: scheme.compare(a, b) });
  }
  return { value, diagnostics };
}

/** The first of the pair the scheme rejects, with its column on the batch line. */
function firstInvalid(
  scheme: VersioningScheme,
  a: string,
  b: string,
): { message: string; column: number } | undefined {
  for (const [v, offset] of [
    [a, 0],
    [b, a.length + 1],
  ] as const) {
    if (scheme.isValid(v)) continue;
    try {
      scheme.parse(v);
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { message: e.message, column: offset + (e.location?.column ?? 1) };
    }
  }
  return undefined;
}
