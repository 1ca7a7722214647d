import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { AppError, ErrorCode } from '../domain/index.js';
import type { RawAdvisoryInput } from './types.js';

/** Largest decompressed payload accepted by default (the full Debian tracker JSON is ~70 MB). */
export const defaultMaxDecodedBytes = 1024 ** 3;

/** How far a document may expand. */
export interface DecodeLimits {
  /** Bytes after decompression. @default defaultMaxDecodedBytes */
  readonly maxBytes?: number;
  /** The setting that raises the limit, for the message (`PATCHLINE_FEED_MAX_BYTES`). */
  readonly setting?: string;
}

export type Compression = 'gzip' | 'bzip2' | 'xz' | 'none';

/** Detects compression by magic bytes (gzip 1f 8b, bzip2 "BZh", xz FD 37 7A 58 5A 00). */
export function detectCompression(bytes: Uint8Array): Compression {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68) return 'bzip2';
  const xz = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
  if (xz.every((b, i) => bytes[i] === b)) return 'xz';
  return 'none';
}

const suffixes = /\.(gz|bz2|xz)$/i;

/**
 * Returns the input decompressed, with the compression suffix dropped from its name. gzip uses
 * node:zlib; bzip2 and xz run the `bzip2`/`xz` command-line tools (no pure-JS decoder is installed).
 * Output stops at `limits.maxBytes` (zlib `maxOutputLength`, child `maxBuffer`), so a
 * decompression bomb costs at most that much memory; it and a corrupt stream throw
 * ADVISORY_INVALID naming the file.
 */
export function decompress(raw: RawAdvisoryInput, limits: DecodeLimits = {}): RawAdvisoryInput {
  const kind = detectCompression(raw.bytes);
  if (kind === 'none') return raw;
  const name = raw.name.replace(suffixes, '');
  return { name, bytes: inflate(kind, raw, limits) };
}

function inflate(
  kind: Exclude<Compression, 'none'>,
  raw: RawAdvisoryInput,
  limits: DecodeLimits,
): Uint8Array {
  const maxBytes = limits.maxBytes ?? defaultMaxDecodedBytes;
  if (kind === 'gzip') {
    try {
      return gunzipSync(raw.bytes, { maxOutputLength: maxBytes });
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw expandsTooFar(raw.name, kind, maxBytes, limits.setting, cause);
      }
      throw corrupt(raw.name, kind, cause);
    }
  }
  const tool = kind === 'bzip2' ? 'bzip2' : 'xz';
  const result = spawnSync(tool, ['-dc'], {
    input: raw.bytes,
    maxBuffer: maxBytes,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const errno: NodeJS.ErrnoException | undefined = result.error;
  if (errno?.code === 'ENOBUFS') {
    throw expandsTooFar(raw.name, kind, maxBytes, limits.setting, result.error);
  }
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new AppError(
      missing ? ErrorCode.ConfigInvalid : ErrorCode.AdvisoryInvalid,
      missing
        ? `cannot decompress ${raw.name}: the ${tool} command is not installed`
        : `cannot decompress ${raw.name} with ${tool}: ${result.error.message}`,
      { cause: result.error, location: { file: raw.name } },
    );
  }
  if (result.status !== 0) {
    throw corrupt(raw.name, kind, new Error(result.stderr.toString('utf8').trim()));
  }
  return new Uint8Array(result.stdout.buffer, result.stdout.byteOffset, result.stdout.length);
}

/** A decompression bomb, or a document larger than the site allows. */
export function expandsTooFar(
  name: string,
  kind: string,
  maxBytes: number,
  setting: string | undefined,
  cause?: unknown,
): AppError {
  const raise = setting ? `; raise ${setting} to accept it` : '';
  return new AppError(
    ErrorCode.AdvisoryInvalid,
    `advisory document ${name} expands beyond the limit of ${maxBytes} bytes (${kind})${raise}`,
    { cause, location: { file: name }, details: { limit: 'maxBytes', maxBytes } },
  );
}

function corrupt(name: string, kind: string, cause: unknown): AppError {
  const detail = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
  return new AppError(
    ErrorCode.AdvisoryInvalid,
    `advisory document ${name} is not a valid ${kind} stream${detail}`,
    { cause, location: { file: name } },
  );
}
