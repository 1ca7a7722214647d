import { corrupt } from '../errors.js';
import { readDbFile } from '../read-file.js';
import type { RpmdbBackend, RpmdbLimits } from '../types.js';

/*
 * rpm's ndb package store (lib/backend/ndb/rpmpkg.c), the SUSE default: little-endian u32s.
 * A 32-byte file header (magic "RpmP", version 0, generation, slot page count, next index),
 * then slot pages of 16-byte slots {"Slot", pkgidx, blkoff, blkcnt} (pkgidx 0 = free), each
 * pointing at a blob in 16-byte blocks: head {"BlbS", pkgidx, generation, bloblen}, the
 * header blob, padding, tail {adler32, bloblen, "BlbE"}.
 */
const pageSize = 4096;
const blockSize = 16;
const headerMagic = 0x506d7052; // "RpmP"
const slotMagic = 0x746f6c53; // "Slot"
const blobMagic = 0x53626c42; // "BlbS"
const tailMagic = 0x45626c42; // "BlbE"
const headSize = 16;
const tailSize = 12;
/** rpm caps the slot area far below this; it bounds the scan on a hostile count. */
const maxSlotPages = 2048;

export const ndbBackend: RpmdbBackend = {
  id: 'ndb',
  fileName: 'Packages.db',
  sniff: (head) => head.length >= 8 && u32(head, 0) === headerMagic && u32(head, 4) === 0,
  readHeaders(path, limits) {
    return readNdb(readDbFile(path, limits.maxFileBytes), path, limits);
  },
};

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Header blobs of an ndb `Packages.db` image, in slot order. */
export function readNdb(buf: Uint8Array, file: string, limits: RpmdbLimits): Uint8Array[] {
  if (buf.length < 32) throw corrupt(file, 0, `ndb file of ${buf.length} bytes is too short`);
  if (u32(buf, 0) !== headerMagic) {
    throw corrupt(file, 0, 'not an ndb package database (no "RpmP" magic)');
  }
  if (u32(buf, 4) !== 0) throw corrupt(file, 4, `ndb version ${u32(buf, 4)} is not supported`);
  const slotPages = u32(buf, 12);
  if (slotPages < 1 || slotPages > maxSlotPages || slotPages * pageSize > buf.length) {
    throw corrupt(file, 12, `ndb slot page count ${slotPages} does not fit the file`);
  }
  const blocks = Math.floor(buf.length / blockSize);
  const out: Uint8Array[] = [];
  const seen = new Set<number>();
  for (let s = 32; s < slotPages * pageSize; s += 16) {
    if (u32(buf, s) !== slotMagic) throw corrupt(file, s, 'ndb slot has no "Slot" magic');
    const pkgIdx = u32(buf, s + 4);
    if (pkgIdx === 0) continue;
    if (seen.has(pkgIdx)) throw corrupt(file, s, `ndb package index ${pkgIdx} appears twice`);
    seen.add(pkgIdx);
    if (out.length >= limits.maxHeaders) {
      throw corrupt(file, s, `more than ${limits.maxHeaders} packages`);
    }
    const blkOff = u32(buf, s + 8);
    const blkCnt = u32(buf, s + 12);
    if (blkOff * blockSize < slotPages * pageSize || blkCnt < 2 || blkOff + blkCnt > blocks) {
      throw corrupt(
        file,
        s,
        `ndb slot for package ${pkgIdx}: blocks ${blkOff}+${blkCnt} lie outside the blob area`,
      );
    }
    out.push(readBlob(buf, file, pkgIdx, blkOff * blockSize, blkCnt * blockSize, limits));
  }
  return out;
}

function readBlob(
  buf: Uint8Array,
  file: string,
  pkgIdx: number,
  start: number,
  size: number,
  limits: RpmdbLimits,
): Uint8Array {
  if (u32(buf, start) !== blobMagic) {
    throw corrupt(file, start, `ndb blob of package ${pkgIdx} has no "BlbS" magic`);
  }
  if (u32(buf, start + 4) !== pkgIdx) {
    throw corrupt(
      file,
      start + 4,
      `ndb blob belongs to package ${u32(buf, start + 4)}, its slot says ${pkgIdx}`,
    );
  }
  const len = u32(buf, start + 12);
  if (len > limits.maxHeaderBytes || headSize + len + tailSize > size) {
    throw corrupt(file, start + 12, `ndb blob length ${len} does not fit its ${size}-byte extent`);
  }
  const tail = start + size - tailSize;
  if (u32(buf, tail + 8) !== tailMagic || u32(buf, tail + 4) !== len) {
    throw corrupt(file, tail, `ndb blob of package ${pkgIdx} has a bad tail (truncated write?)`);
  }
  return buf.subarray(start + headSize, start + headSize + len);
}
