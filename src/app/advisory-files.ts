import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseAdvisoryFile } from '../advisories/registry.js';
import type { Advisory } from '../domain/advisory.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import { ErrorCode, toAppError } from '../domain/errors.js';
import { inputPathKind, readInputFile } from '../util/read-input.js';

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

/**
 * Every regular file under the given files and directories, in a stable order. A given path
 * that is neither (a FIFO, a device) is refused with INPUT_INVALID; inside directories such
 * entries, and symlinks, are skipped.
 */
export async function listFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (inputPathKind(p, 'advisory path') === 'file') {
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
 * A file over `maxInputBytes` (default 256 MiB) throws INPUT_INVALID naming it, before parsing.
 */
export async function readAdvisoryFiles(
  paths: readonly string[],
  opts: { readonly maxInputBytes?: number | undefined } = {},
): Promise<AdvisoryFileOutcome[]> {
  const outcomes: AdvisoryFileOutcome[] = [];
  for (const file of await listFiles(paths)) {
    const bytes = await readInputFile(file, {
      maxBytes: opts.maxInputBytes,
      what: 'advisory file',
    });
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
