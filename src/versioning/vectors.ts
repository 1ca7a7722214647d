import type { Diagnostic, Parsed } from '../domain/diagnostics.js';
import type { Ordering } from './types.js';

/** One expected comparison from a test-vector file. */
export interface VectorCase {
  readonly a: string;
  readonly b: string;
  readonly expected: Ordering;
  readonly line: number;
}

const ops: Readonly<Record<string, Ordering>> = { '<': -1, '=': 0, '>': 1 };
const numbers: Readonly<Record<string, Ordering>> = { '-1': -1, '0': 0, '1': 1 };

/**
 * Reads comparison vectors in either of the two formats upstream projects ship: `A<TAB>B<TAB>-1|0|1`
 * (dpkg's Dpkg_Version.t and rpm's rpmvercmp.at, as TSV) or `A <|=|> B` (osv-scalibr's
 * semantic/testdata). Blank lines and lines starting with `#` are skipped; malformed lines are
 * reported and skipped.
 */
export function parseVectors(text: string, file: string): Parsed<VectorCase[]> {
  const value: VectorCase[] = [];
  const diagnostics: Diagnostic[] = [];
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    const s = raw.replace(/\r$/, '');
    if (s.trim() === '' || s.startsWith('#')) continue;
    const c = s.includes('\t') ? fromTsv(s) : fromOperator(s);
    if (c) value.push({ ...c, line });
    else {
      diagnostics.push({
        severity: 'error',
        message: `not a comparison vector: ${s}`,
        location: { file, line },
      });
    }
  }
  return { value, diagnostics };
}

function fromTsv(s: string): Omit<VectorCase, 'line'> | undefined {
  const [a, b, n, ...rest] = s.split('\t');
  const expected = n === undefined ? undefined : numbers[n];
  if (a === undefined || b === undefined || expected === undefined || rest.length > 0) return;
  return { a, b, expected };
}

function fromOperator(s: string): Omit<VectorCase, 'line'> | undefined {
  const [a, op, b, ...rest] = s.trim().split(' ');
  const expected = op === undefined ? undefined : ops[op];
  if (a === undefined || b === undefined || expected === undefined || rest.length > 0) return;
  return { a, b, expected };
}
