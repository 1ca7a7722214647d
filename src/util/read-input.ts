import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { AppError, ErrorCode } from '../domain/errors.js';
import { fsProblem } from './fs-errors.js';

/** Default per-file limit on what a user-given input may hold: 256 MiB. */
export const defaultMaxInputBytes = 256 * 1024 * 1024;

/** The variable that raises the limit, named in every refusal. */
export const maxInputBytesVariable = 'PATCHLINE_MAX_INPUT_BYTES';

export interface ReadInputOptions {
  /** Largest file accepted, in bytes. @default defaultMaxInputBytes */
  readonly maxBytes?: number | undefined;
  /** What the file is, for messages: `inventory`, `policy`, `advisory file`. */
  readonly what?: string;
  /** What was expected at the path, for messages. @default 'a regular file' */
  readonly expected?: string;
}

/** `12.3 MiB`, for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function notAFile(file: string, st: Stats, what: string, expected: string): AppError {
  return new AppError(
    ErrorCode.InputInvalid,
    `${what ? `${what} ` : ''}${file} is ${kindOf(st)}: expected ${expected}`,
    { location: { file } },
  );
}

function tooBig(file: string, size: number, max: number, what: string): AppError {
  return new AppError(
    ErrorCode.InputInvalid,
    `${what} ${file} is ${formatBytes(size)} (${size} bytes), over the ${formatBytes(max)} input limit; raise ${maxInputBytesVariable} (bytes) to read it`,
    { location: { file }, details: { size, limit: max } },
  );
}

/** A file-system error in words (no raw errno text): NOT_FOUND for a missing path. */
function cannotRead(file: string, e: unknown, expected = 'a regular file'): AppError {
  return fsProblem(e, file, expected);
}

/**
 * Collects a file's chunks up to one byte past the limit: the file may have grown since fstat,
 * and a read that reaches limit + 1 proves it is over.
 */
class Accumulator {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private readonly file: string;
  private readonly size: number;
  private readonly max: number;
  private readonly what: string;

  constructor(file: string, size: number, max: number, what: string) {
    this.file = file;
    this.size = size;
    this.max = max;
    this.what = what;
  }

  /** A buffer for the next read; throws once the limit is passed. */
  next(): Buffer {
    const want = Math.min(Math.max(this.size - this.total, 64 * 1024), this.max + 1 - this.total);
    if (want <= 0) throw tooBig(this.file, this.total, this.max, this.what);
    return Buffer.allocUnsafe(want);
  }

  /** Keeps `n` bytes read into `buf`; false at the end of the file. */
  add(buf: Buffer, n: number): boolean {
    if (n === 0) return false;
    this.chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    this.total += n;
    return true;
  }

  result(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.total);
  }
}

/**
 * Opening with O_NONBLOCK so a named pipe with no writer cannot hang us before fstat
 * refuses it; on a regular file the flag changes nothing.
 */
const openFlags = constants.O_RDONLY | constants.O_NONBLOCK;

function checked(file: string, st: Stats, o: ReadInputOptions): number {
  const what = o.what ?? 'input';
  if (!st.isFile()) {
    // An `expected` phrase already says what the file is for.
    throw notAFile(file, st, o.expected ? '' : what, o.expected ?? 'a regular file');
  }
  const max = o.maxBytes ?? defaultMaxInputBytes;
  if (st.size > max) throw tooBig(file, st.size, max, what);
  return max;
}

/**
 * Reads a whole user-given file, refusing at once (INPUT_INVALID, naming the file) anything
 * that is not a regular file — a FIFO, `/dev/zero`, a socket — and a file over the size limit,
 * checked with fstat on the open descriptor before a byte is read. A file that grows while read
 * is cut off at the limit and refused too.
 */
export async function readInputFile(file: string, o: ReadInputOptions = {}): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, openFlags);
  } catch (e) {
    throw cannotRead(file, e, o.expected);
  }
  try {
    const st = await handle.stat();
    const max = checked(file, st, o);
    const acc = new Accumulator(file, st.size, max, o.what ?? 'input');
    for (let buf = acc.next(); ; buf = acc.next()) {
      if (!acc.add(buf, (await handle.read(buf, 0, buf.length, null)).bytesRead)) break;
    }
    return acc.result();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw cannotRead(file, e, o.expected);
  } finally {
    await handle.close();
  }
}

/** {@link readInputFile} for synchronous callers (the policy loader). */
export function readInputFileSync(file: string, o: ReadInputOptions = {}): Buffer {
  let fd: number;
  try {
    fd = openSync(file, openFlags);
  } catch (e) {
    throw cannotRead(file, e, o.expected);
  }
  try {
    const st = fstatSync(fd);
    const max = checked(file, st, o);
    const acc = new Accumulator(file, st.size, max, o.what ?? 'input');
    for (let buf = acc.next(); ; buf = acc.next()) {
      if (!acc.add(buf, readSync(fd, buf, 0, buf.length, null))) break;
    }
    return acc.result();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw cannotRead(file, e, o.expected);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a user-given path is a regular file or a directory (the root of a tree of inputs);
 * anything else is refused at once with what was expected. Follows symlinks.
 */
export function inputPathKind(file: string, what = 'input'): 'file' | 'directory' {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    throw cannotRead(file, e, `${what}: a regular file or a directory`);
  }
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'directory';
  throw notAFile(file, st, what, 'a regular file or a directory');
}

/** Parses a byte count: `1048576`, `512KiB`, `256MiB`, `2GiB` (K/M/G alone mean the same). */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+)\s*(?:(K|M|G)(?:iB)?|B)?\s*$/i.exec(text);
  if (!m) return undefined;
  const scale = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(m[2] ?? '').toUpperCase()] ?? 1;
  const n = Number(m[1]) * scale;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
