import Database from 'better-sqlite3';
import { corrupt } from '../errors.js';
import { readDbFile } from '../read-file.js';
import type { RpmdbBackend, RpmdbLimits } from '../types.js';

const sqliteMagic = 'SQLite format 3\0';

/**
 * rpm's sqlite backend (lib/backend/sqlite.c, RHEL 9 and Fedora ≥ 33): `rpmdb.sqlite`, table
 * `Packages(hnum INTEGER PRIMARY KEY, blob BLOB)`, one header blob per row, read in hnum order
 * as `rpm -qa` lists them. The file is read into memory and opened from there, so nothing is
 * ever written beside it (sqlite opens a WAL database's `-shm` even read-only); a WAL-mode
 * header is switched to rollback mode in the copy. Transactions still in a `-wal` file are not
 * seen (rpm checkpoints on close, so a cleanly shut down image has none).
 */
export const sqliteBackend: RpmdbBackend = {
  id: 'sqlite',
  fileName: 'rpmdb.sqlite',
  sniff: (head) =>
    head.length >= 16 && new TextDecoder('latin1').decode(head.subarray(0, 16)) === sqliteMagic,
  readHeaders: readSqlite,
};

function readSqlite(path: string, limits: RpmdbLimits): Uint8Array[] {
  const image = readDbFile(path, limits.maxFileBytes);
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
  let db: Database.Database | undefined;
  try {
    db = new Database(image, { readonly: true });
    // A blob is no bigger than the file, which is capped; LIMIT caps the count.
    const rows = db
      .prepare('SELECT hnum, blob FROM Packages ORDER BY hnum LIMIT ?')
      .raw()
      .all(limits.maxHeaders + 1) as [number, unknown][];
    if (rows.length > limits.maxHeaders) {
      throw corrupt(path, 0, `more than ${limits.maxHeaders} packages`);
    }
    const out: Uint8Array[] = [];
    for (const [hnum, blob] of rows) {
      if (!(blob instanceof Uint8Array) || blob.length > limits.maxHeaderBytes) {
        const what =
          blob instanceof Uint8Array ? `a blob of ${blob.length} bytes, over the limit` : 'no blob';
        throw corrupt(path, 0, `Packages row ${hnum} holds ${what}`);
      }
      out.push(blob);
    }
    return out;
  } catch (e) {
    if (e instanceof Database.SqliteError) throw corrupt(path, 0, `sqlite: ${e.message}`);
    throw e;
  } finally {
    db?.close();
  }
}
