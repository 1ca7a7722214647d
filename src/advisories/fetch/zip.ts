import { inflateRawSync } from 'node:zlib';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { defaultMaxDecodedBytes, expandsTooFar, type DecodeLimits } from '../compression.js';
import type { RawAdvisoryInput } from '../types.js';

/** `PK\x03\x04`: a zip archive starts with a local file header (APPNOTE.TXT §4.3.7). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const eocdSig = 0x06054b50;
const zip64LocatorSig = 0x07064b50;
const zip64EocdSig = 0x06064b50;
const centralSig = 0x02014b50;
const localSig = 0x04034b50;

/** A file in an archive; `read` inflates it and throws ADVISORY_INVALID when it is damaged. */
export interface ZipEntry {
  readonly name: string;
  read(): Uint8Array;
}

/**
 * The files of a zip archive (PKWARE APPNOTE.TXT 6.3: end of central directory §4.3.16, zip64
 * end record §4.3.14, central headers §4.3.12), for OSV's per-ecosystem `all.zip`. Methods 0
 * (stored) and 8 (deflate) only; directories are skipped. A damaged directory throws
 * ADVISORY_INVALID; a damaged entry, or one that inflates beyond `limits.maxBytes`, throws only
 * when read, so callers can skip it alone.
 */
export function zipEntries(zip: RawAdvisoryInput, limits: DecodeLimits = {}): ZipEntry[] {
  const out: ZipEntry[] = [];
  const view = new DataView(zip.bytes.buffer, zip.bytes.byteOffset, zip.bytes.byteLength);
  const { count, offset } = centralDirectory(zip.name, view);
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > view.byteLength || view.getUint32(p, true) !== centralSig) {
      throw damaged(zip.name, `central directory entry ${i} is missing`);
    }
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(zip.bytes.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    const entry = `${zip.name}!${name}`;
    out.push({
      name,
      read: () => {
        if (local + 30 > view.byteLength || view.getUint32(local, true) !== localSig) {
          throw damaged(entry, 'local header is missing');
        }
        const start =
          local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
        const data = zip.bytes.subarray(start, start + compressedSize);
        return inflate(entry, method, data, size, limits);
      },
    });
  }
  return out;
}

function centralDirectory(name: string, view: DataView): { count: number; offset: number } {
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let p = view.byteLength - 22; p >= min; p--) {
    if (view.getUint32(p, true) !== eocdSig) continue;
    const count = view.getUint16(p + 10, true);
    const offset = view.getUint32(p + 16, true);
    if (count !== 0xffff && offset !== 0xffffffff) return { count, offset };
    const loc = p - 20;
    if (loc < 0 || view.getUint32(loc, true) !== zip64LocatorSig) break;
    const end = Number(view.getBigUint64(loc + 8, true));
    if (end + 56 > view.byteLength || view.getUint32(end, true) !== zip64EocdSig) break;
    return {
      count: Number(view.getBigUint64(end + 32, true)),
      offset: Number(view.getBigUint64(end + 48, true)),
    };
  }
  throw damaged(name, 'no end of central directory record');
}

function inflate(
  name: string,
  method: number,
  data: Uint8Array,
  size: number,
  limits: DecodeLimits,
): Uint8Array {
  const maxBytes = limits.maxBytes ?? defaultMaxDecodedBytes;
  if (method === 0) return data;
  if (method !== 8) throw damaged(name, `compression method ${method} is not supported`);
  if (size > maxBytes) throw expandsTooFar(name, 'zip entry', maxBytes, limits.setting);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.min(maxBytes, size || maxBytes) });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' && size === 0) {
      throw expandsTooFar(name, 'zip entry', maxBytes, limits.setting, cause);
    }
    throw damaged(name, `cannot inflate: ${(cause as Error).message}`, cause);
  }
}

function damaged(name: string, why: string, cause?: unknown): AppError {
  return new AppError(ErrorCode.AdvisoryInvalid, `zip archive ${name}: ${why}`, {
    location: { file: name },
    ...(cause !== undefined && { cause }),
  });
}
