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
  const image = Buffer.from(readDbFile(path, limits.maxFileBytes));
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
  let db: Database.Database | undefined;
  try {
    db = new Database(image, { readonly: true });
    const rows = db
      .prepare(
        'SELECT hnum, length(blob) AS n, CASE WHEN length(blob) <= ? THEN blob END AS b FROM Packages ORDER BY hnum LIMIT ?',
      )
      .iterate(limits.maxHeaderBytes, limits.maxHeaders + 1) as IterableIterator<{
      hnum: number;
      n: number;
      b: Buffer | null;
    }>;
    const out: Uint8Array[] = [];
    for (const row of rows) {
      if (out.length >= limits.maxHeaders) {
        throw corrupt(path, 0, `more than ${limits.maxHeaders} packages`);
      }
      if (!(row.b instanceof Uint8Array)) {
        throw corrupt(
          path,
          0,
          `Packages row ${row.hnum}: blob of ${row.n} bytes is missing or over the limit`,
        );
      }
      out.push(new Uint8Array(row.b));
    }
    return out;
  } catch (e) {
    if (e instanceof Database.SqliteError) throw corrupt(path, 0, `sqlite: ${e.message}`);
    throw e;
  } finally {
    db?.close();
  }
}
