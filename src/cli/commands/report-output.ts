import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Io } from '../output.js';

/**
 * Where a report goes: straight to stdout, or (`-o FILE`) collected and written to the file in
 * one piece at the end, so a failed or interrupted report never leaves half a file behind.
 */
export interface ReportSink {
  readonly io: Io;
  /** Writes the file when there is one; returns what to say on stderr, or null. */
  finish(label: string): string | null;
}

export function reportSink(io: Io, cwd: string, output: string | undefined): ReportSink {
  if (output === undefined) return { io, finish: () => null };
  const path = resolve(cwd, output);
  checkWritable(output, path);
  const chunks: string[] = [];
  return {
    io: { out: (t) => chunks.push(t.endsWith('\n') ? t : `${t}\n`), err: (t) => io.err(t) },
    finish(label) {
      const text = chunks.join('');
      writeAtomically(output, path, text);
      return `wrote ${label} (${Buffer.byteLength(text)} bytes) to ${output}`;
    },
  };
}

/** Fails before any work is done when `path` cannot be written. */
function checkWritable(shown: string, path: string): void {
  let dirOk = false;
  try {
    dirOk = statSync(dirname(path)).isDirectory();
    accessSync(dirname(path), constants.W_OK);
  } catch (e) {
    throw unwritable(shown, path, e);
  }
  if (!dirOk) throw unwritable(shown, path, { code: 'ENOTDIR' });
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // Not there yet: fine.
  }
  if (isDir) throw unwritable(shown, path, { code: 'EISDIR' });
}

/**
 * Writes `text` to a temporary file beside `path`, flushes it to disk, then renames it over
 * `path` (atomic on POSIX file systems: readers see the old file or the new one, never a part).
 */
export function writeAtomically(shown: string, path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw unwritable(shown, path, e);
  }
}

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a parent of it is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

function unwritable(shown: string, path: string, e: unknown): AppError {
  const code = (e as { code?: unknown }).code;
  const reason =
    (typeof code === 'string' ? reasons[code] : undefined) ??
    (e instanceof Error ? e.message : String(e));
  return new AppError(
    ErrorCode.InputInvalid,
    `--output ${shown}: cannot write the report: ${reason}`,
    {
      cause: e,
      location: { file: path },
    },
  );
}
