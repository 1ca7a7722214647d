import { corrupt } from '../errors.js';
import { readDbFile } from '../read-file.js';
import type { RpmdbBackend, RpmdbLimits } from '../types.js';

/*
 * Berkeley DB hash access method, the file format of rpm's `Packages` up to RHEL 8 (Berkeley DB
 * source, dbinc/db_page.h and hash/hash_page.c). Page 0 is the hash meta page (magic 0x061561
 * at byte 12, in the writer's byte order); every page starts with a 26-byte header {lsn, pgno,
 * prev, next, entries, hf_offset, level, type}; a hash page's index of u16 item offsets follows
 * it, items alternating key and data, each a type byte then H_KEYDATA bytes or an H_OFFPAGE
 * reference {pgno, tlen} to a chain of overflow pages. Keys are header numbers, values header
 * blobs. Reading every hash page once, in page order, visits every item without walking buckets.
 */
const hashMagic = 0x061561;
const pageHeader = 26;
const pHashUnsorted = 2;
const pOverflow = 7;
const pHashMeta = 8;
const pHash = 13;
const hKeyData = 1;
const hOffPage = 3;

interface Reader {
  readonly buf: Uint8Array;
  readonly view: DataView;
  readonly le: boolean;
  readonly file: string;
  readonly pageSize: number;
  readonly pages: number;
}

export const bdbBackend: RpmdbBackend = {
  id: 'bdb',
  fileName: 'Packages',
  sniff: (head) => head.length >= 26 && byteOrder(head) !== null && head[25] === pHashMeta,
  readHeaders(path, limits) {
    return readBdb(readDbFile(path, limits.maxFileBytes), path, limits);
  },
};

function byteOrder(b: Uint8Array): boolean | null {
  if (b.length < 16) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (v.getUint32(12, true) === hashMagic) return true;
  if (v.getUint32(12, false) === hashMagic) return false;
  return null;
}

/** Header blobs of a Berkeley DB hash `Packages` image, in page order. */
export function readBdb(buf: Uint8Array, file: string, limits: RpmdbLimits): Uint8Array[] {
  const le = byteOrder(buf);
  if (le === null || buf.length < 512) {
    throw corrupt(file, 12, 'not a Berkeley DB hash file (no hash magic)');
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = view.getUint32(16, le);
  if (version < 7 || version > 10) {
    throw corrupt(file, 16, `Berkeley DB hash version ${version} is not supported`);
  }
  const pageSize = view.getUint32(20, le);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    throw corrupt(file, 20, `page size ${pageSize} is not a power of two in 512..65536`);
  }
  if (buf[24] !== 0) throw corrupt(file, 24, 'the database is encrypted');
  if (buf[25] !== pHashMeta) {
    throw corrupt(file, 25, `page 0 has type ${buf[25]}, not a hash meta page`);
  }
  const lastPage = view.getUint32(32, le);
  const pages = Math.floor(buf.length / pageSize);
  if (lastPage >= pages) {
    throw corrupt(
      file,
      buf.length,
      `the meta page names ${lastPage + 1} pages, the file holds ${pages} (truncated?)`,
    );
  }
  const r: Reader = { buf, view, le, file, pageSize, pages: lastPage + 1 };
  const out: Uint8Array[] = [];
  for (let p = 1; p < r.pages; p++) {
    const type = buf[p * pageSize + 25];
    if (type === pHash || type === pHashUnsorted) readHashPage(r, p, limits, out);
  }
  return out;
}

function readHashPage(r: Reader, page: number, limits: RpmdbLimits, out: Uint8Array[]): void {
  const base = page * r.pageSize;
  const entries = r.view.getUint16(base + 20, r.le);
  if (pageHeader + entries * 2 > r.pageSize || entries % 2 !== 0) {
    throw corrupt(r.file, base + 20, `hash page ${page} claims ${entries} items`);
  }
  const item = (i: number) => {
    const off = r.view.getUint16(base + pageHeader + i * 2, r.le);
    const end = i === 0 ? r.pageSize : r.view.getUint16(base + pageHeader + (i - 1) * 2, r.le);
    if (off < pageHeader + entries * 2 || off >= end || end > r.pageSize) {
      throw corrupt(
        r.file,
        base + pageHeader + i * 2,
        `hash page ${page} item ${i} has offset ${off} out of range`,
      );
    }
    return { at: base + off, len: end - off };
  };
  for (let i = 0; i < entries; i += 2) {
    const key = item(i);
    const data = item(i + 1);
    if (r.buf[key.at] === hKeyData && key.len === 5 && r.view.getUint32(key.at + 1, r.le) === 0) {
      continue;
    }
    if (out.length >= limits.maxHeaders) {
      throw corrupt(r.file, data.at, `more than ${limits.maxHeaders} packages`);
    }
    const kind = r.buf[data.at];
    if (kind === hKeyData) out.push(r.buf.subarray(data.at + 1, data.at + data.len));
    else if (kind === hOffPage && data.len >= 12) out.push(readOverflow(r, data.at, limits));
    else {
      throw corrupt(
        r.file,
        data.at,
        `hash page ${page} item ${i + 1} has unsupported type ${kind}`,
      );
    }
  }
}

/** Follows an overflow chain, refusing cycles, wrong page types and more bytes than announced. */
function readOverflow(r: Reader, at: number, limits: RpmdbLimits): Uint8Array {
  let page = r.view.getUint32(at + 4, r.le);
  const total = r.view.getUint32(at + 8, r.le);
  if (total > limits.maxHeaderBytes) {
    throw corrupt(r.file, at + 8, `overflow item of ${total} bytes is over the limit`);
  }
  const first = chainStart(r, page, total);
  if (first !== null) return first;
  const out = new Uint8Array(total);
  const seen = new Set<number>();
  let got = 0;
  while (got < total) {
    if (page === 0 || page >= r.pages) {
      throw corrupt(r.file, at, `overflow chain points at page ${page}, outside the file`);
    }
    if (seen.has(page)) {
      throw corrupt(r.file, page * r.pageSize, `overflow chain loops back to page ${page}`);
    }
    seen.add(page);
    const base = page * r.pageSize;
    if (r.buf[base + 25] !== pOverflow) {
      throw corrupt(r.file, base + 25, `page ${page} in an overflow chain is not an overflow page`);
    }
    const len = r.view.getUint16(base + 22, r.le);
    if (len > r.pageSize - pageHeader || got + len > total) {
      throw corrupt(
        r.file,
        base + 22,
        `overflow page ${page} holds ${len} bytes, more than the item has left`,
      );
    }
    out.set(r.buf.subarray(base + pageHeader, base + pageHeader + len), got);
    got += len;
    if (len === 0) throw corrupt(r.file, base + 22, `overflow page ${page} is empty`);
    page = r.view.getUint32(base + 16, r.le);
  }
  return out;
}

/** The item itself when one overflow page holds all of it (the common case): no copy. */
function chainStart(r: Reader, page: number, total: number): Uint8Array | null {
  if (page === 0 || page >= r.pages) return null;
  const base = page * r.pageSize;
  if (total > r.pageSize - pageHeader || r.buf[base + 25] !== pOverflow) return null;
  if (r.view.getUint16(base + 22, r.le) !== total) return null;
  return r.buf.subarray(base + pageHeader, base + pageHeader + total);
}
