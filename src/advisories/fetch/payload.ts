import type { Advisory } from '../../domain/advisory.js';
import type { Diagnostic } from '../../domain/diagnostics.js';
import { ErrorCode, toAppError } from '../../domain/errors.js';
import {
  decompress,
  defaultMaxDecodedBytes,
  expandsTooFar,
  type DecodeLimits,
} from '../compression.js';
import { parseAdvisoryFile } from '../registry.js';
import type { RawAdvisoryInput } from '../types.js';
import { isZip, zipEntries } from './zip.js';

/** Advisories of one source parsed by one parser version. */
export interface ParsedGroup {
  readonly source: string;
  readonly parserVersion: number;
  readonly advisories: Advisory[];
}

/** What one raw payload gave: a payload holds one document, or many when it is a zip. */
export interface PayloadParse {
  readonly groups: ParsedGroup[];
  /** Skipped records (warnings/errors from the parsers) and failed documents (errors). */
  readonly diagnostics: Diagnostic[];
  readonly documents: number;
  readonly failedDocuments: number;
}

/** The mutable form filled while parsing. */
interface Tally {
  groups: ParsedGroup[];
  diagnostics: Diagnostic[];
  documents: number;
  failedDocuments: number;
}

/**
 * Decompresses a raw payload (gzip/bzip2/xz), opens it when it is a zip (OSV `all.zip`) and parses
 * every document with `parseAdvisoryFile`, the source given or detected. A document that cannot
 * be read fails alone: it becomes an error diagnostic located at `where` (URL or path, plus
 * `!entry` inside an archive). Nothing expands beyond `limits.maxBytes`: not the decompressed
 * document, not one archive entry, not all entries together (the rest of an archive past the
 * limit fails as one document). Pure; INTERNAL errors (bugs) are rethrown.
 */
export function parsePayload(
  raw: RawAdvisoryInput,
  where: string,
  sourceId?: string,
  limits: DecodeLimits = {},
): PayloadParse {
  const out: Tally = { groups: [], diagnostics: [], documents: 0, failedDocuments: 0 };
  const maxBytes = limits.maxBytes ?? defaultMaxDecodedBytes;
  let input: RawAdvisoryInput;
  try {
    input = decompress(raw, limits);
  } catch (e) {
    fail(out, where, e);
    return out;
  }
  if (!isZip(input.bytes)) {
    parseDocument(out, input, where, sourceId);
    return out;
  }
  let entries;
  try {
    entries = zipEntries(input, limits);
  } catch (e) {
    fail(out, where, e);
    return out;
  }
  let expanded = 0;
  for (const entry of entries) {
    const at = `${where}!${entry.name}`;
    try {
      const bytes = entry.read();
      expanded += bytes.length;
      if (expanded > maxBytes) {
        fail(out, where, expandsTooFar(input.name, 'zip archive', maxBytes, limits.setting));
        break;
      }
      parseDocument(out, { name: entry.name, bytes }, at, sourceId);
    } catch (e) {
      fail(out, at, e);
    }
  }
  return out;
}

function parseDocument(
  out: Tally,
  input: RawAdvisoryInput,
  where: string,
  sourceId: string | undefined,
): void {
  let r;
  try {
    r = parseAdvisoryFile(input, sourceId);
  } catch (e) {
    fail(out, where, e);
    return;
  }
  out.documents++;
  let group = out.groups.find((g) => g.source === r.source && g.parserVersion === r.parserVersion);
  if (!group) {
    group = { source: r.source, parserVersion: r.parserVersion, advisories: [] };
    out.groups.push(group);
  }
  for (const a of r.advisories) group.advisories.push(a);
  for (const d of r.diagnostics) {
    out.diagnostics.push({ ...d, location: { ...d.location, file: where } });
  }
}

function fail(out: Tally, where: string, e: unknown): void {
  const err = toAppError(e);
  if (err.code === ErrorCode.Internal) throw err;
  out.documents++;
  out.failedDocuments++;
  out.diagnostics.push({
    severity: 'error',
    message: `document rejected: ${err.message}`,
    location: { ...err.location, file: where },
  });
}
