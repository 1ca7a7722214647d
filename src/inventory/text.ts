import { AppError, ErrorCode } from '../domain/errors.js';

/**
 * Decodes inventory bytes. Windows tools write UTF-16LE with a BOM (`wmic`, PowerShell `>`),
 * UTF-8, or the ANSI code page (CP1252 on western systems), so: a BOM decides; else NUL bytes
 * in odd positions mean BOM-less UTF-16LE; else strict UTF-8; else windows-1252, which maps
 * every byte and so never fails.
 */
export function decodeInventory(input: Uint8Array | string): string {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input;
  const b = input;
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return decodeUtf8OrAnsi(b.subarray(3));
  if (looksUtf16le(b)) return new TextDecoder('utf-16le').decode(b);
  return decodeUtf8OrAnsi(b);
}

function decodeUtf8OrAnsi(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return new TextDecoder('windows-1252').decode(b);
  }
}

/** ASCII text in UTF-16LE has a NUL in (nearly) every odd byte; sample the first 512 bytes. */
function looksUtf16le(b: Uint8Array): boolean {
  const n = Math.min(b.length, 512) & ~1;
  if (n < 4) return false;
  let oddNul = 0;
  let evenNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  return oddNul * 4 >= n && evenNul * 16 < n;
}

/** Metadata from `# key: value` lines at the top of a file (see inventory readme.md). */
export interface HeaderFields {
  readonly kernel?: string;
  readonly hostname?: string;
}

/**
 * Strips leading `# kernel: …` / `# hostname: …` lines (and other leading `#` comments),
 * replacing them with empty lines so line numbers in diagnostics still match the file.
 */
export function splitHeader(text: string): { body: string; header: HeaderFields } {
  const header: { kernel?: string; hostname?: string } = {};
  let pos = 0;
  let blanks = '';
  while (pos < text.length && text[pos] === '#') {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos + 1, end).trim();
    const colon = line.indexOf(':');
    const key = colon < 0 ? '' : line.slice(0, colon).trim().toLowerCase();
    const value = colon < 0 ? '' : line.slice(colon + 1).trim();
    if (value && (key === 'kernel' || key === 'hostname')) header[key] = value;
    blanks += '\n';
    pos = nl < 0 ? text.length : nl + 1;
  }
  if (pos === 0) return { body: text, header };
  return { body: blanks + text.slice(pos), header };
}

/**
 * The 1-based number of the last line when the text does not end with a newline: tools that
 * write inventories end every line, so an unterminated last line means a truncated file and
 * a value on it (a version cut to `2.3`) cannot be trusted. Undefined when the text ends well
 * (a last line holding only blanks counts as ended).
 */
export function cutOffLine(text: string): number | undefined {
  const end = trimmedEnd(text);
  if (end === 0 || text.charCodeAt(end - 1) === 10) return undefined;
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The error for a record cut off by a truncated file: a shorter inventory stored in place of
 * the real one would hide the host's findings, so the file is refused as a whole.
 */
export function cutOffError(file: string, line: number, record?: string): AppError {
  return new AppError(
    ErrorCode.InventoryInvalid,
    'the file ends inside a record (truncated?): refusing a shorter inventory',
    { location: { file, line, ...(record === undefined ? {} : { record }) } },
  );
}

/** True when the text ends with a blank line, so its last record was closed. */
export function endsWithBlankLine(text: string): boolean {
  let newlines = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 && ++newlines === 2) return true;
    if (c !== 10 && c !== 32 && c !== 9 && c !== 13) return false;
  }
  return false;
}

/** Index just past the text's last non-blank character (space, tab, CR and LF are blank). */
function trimmedEnd(text: string): number {
  let i = text.length;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c !== 32 && c !== 9 && c !== 13) break;
    i--;
  }
  return i;
}

/** Splits on LF, dropping a trailing CR from each line. */
export function lines(text: string): string[] {
  const out = text.split('\n');
  for (let i = 0; i < out.length; i++) {
    const l = out[i]!;
    if (l.endsWith('\r')) out[i] = l.slice(0, -1);
  }
  return out;
}

/** JSON.parse that throws INVENTORY_INVALID with the line and column of the syntax error. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(message);
    const pos = m ? Number(m[1]) : text.length;
    const { line, column } = lineColumn(text, pos);
    throw new AppError(ErrorCode.InventoryInvalid, `invalid JSON: ${message}`, {
      cause: e,
      location: { file, line, column },
    });
  }
}

/** 1-based line and column of a string offset. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(pos, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

/**
 * The first key every earlier record has that the last, unclosed record lacks: a file cut
 * between lines leaves a last record that looks whole but is missing its later fields (an
 * apk record without its `o:` origin line, a dpkg stanza without `Description`).
 */
export function keyMissingFromLast(records: readonly { readonly keys: Iterable<string> }[]) {
  if (records.length < 2) return undefined;
  let common: Set<string> | undefined;
  for (const r of records.slice(0, -1)) {
    const keys = new Set(r.keys);
    common = common ? new Set([...common].filter((k) => keys.has(k))) : keys;
    if (common.size === 0) return undefined;
  }
  const last = new Set(records[records.length - 1]!.keys);
  return [...(common ?? [])].find((k) => !last.has(k));
}
