import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fsProblem } from '../../util/fs-errors.js';
import { corrupt } from './errors.js';

/** O_NONBLOCK: a named pipe put where a database belongs cannot hang the open. */
const openFlags = constants.O_RDONLY | constants.O_NONBLOCK;

/** A whole database file, refused over `maxBytes` (or when not a regular file) before any byte is read. */
export function readDbFile(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, openFlags);
  } catch (e) {
    throw fsProblem(e, path, 'an rpm database file');
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw corrupt(path, 0, 'not a regular file');
    if (st.size > maxBytes) {
      throw corrupt(path, maxBytes, `file of ${st.size} bytes is over the ${maxBytes}-byte limit`);
    }
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === buf.length ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The first `n` bytes of a file (for sniffing), or empty when unreadable. */
export function readHead(path: string, n: number): Uint8Array {
  try {
    const fd = openSync(path, openFlags);
    try {
      const buf = new Uint8Array(n);
      const got = readSync(fd, buf, 0, n, 0);
      return buf.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  } catch {
    return new Uint8Array(0);
  }
}
