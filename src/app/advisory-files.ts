import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseAdvisoryFile } from '../advisories/registry.js';
import type { Advisory } from '../domain/advisory.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import { ErrorCode, toAppError } from '../domain/errors.js';
import { fsProblem } from './fs-errors.js';

/** What one advisory file gave. */
export interface AdvisoryFileOutcome {
  readonly file: string;
  /** The source that read it, or null when the document failed as a whole. */
  readonly source: string | null;
  readonly parserVersion: number | null;
  readonly advisories: readonly Advisory[];
  readonly diagnostics: readonly Diagnostic[];
}

const skipped = /(?:^\.|\.md$|\.txt\.orig$)/i;

/** Every regular file under the given files and directories, in a stable order. */
export async function listFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      throw fsProblem(e, p, 'an advisory file or a directory of them');
    }
    if (st.isFile()) {
      out.push(p);
      continue;
    }
    const entries = (await readdir(p, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const children = entries
      .filter((d) => !skipped.test(d.name) && (d.isFile() || d.isDirectory()))
      .map((d) => join(p, d.name));
    out.push(...(await listFiles(children)));
  }
  return out;
}

/**
 * Reads advisory files and directories (air-gapped import, one-shot scans): each file is
 * decompressed, its format detected and parsed. A document that cannot be read fails alone,
 * reported as an error diagnostic; bad records inside a good document are skipped and reported.
 */
export async function readAdvisoryFiles(paths: readonly string[]): Promise<AdvisoryFileOutcome[]> {
  const outcomes: AdvisoryFileOutcome[] = [];
  for (const file of await listFiles(paths)) {
    const bytes = await readFile(file);
    try {
      const r = parseAdvisoryFile({ bytes, name: basename(file) });
      outcomes.push({
        file,
        source: r.source,
        parserVersion: r.parserVersion,
        advisories: r.advisories,
        diagnostics: r.diagnostics.map((d) => ({ ...d, location: { ...d.location, file } })),
      });
    } catch (e) {
      const err = toAppError(e);
      if (err.code === ErrorCode.Internal) throw err;
      outcomes.push({
        file,
        source: null,
        parserVersion: null,
        advisories: [],
        diagnostics: [
          { severity: 'error', message: err.message, location: { ...err.location, file } },
        ],
      });
    }
  }
  return outcomes;
}
