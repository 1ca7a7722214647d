import { join } from 'node:path';
import type { InstalledPackage } from '../../domain/inventory.js';
import { bdbBackend } from './bdb/index.js';
import { corrupt } from './errors.js';
import { parseHeader } from './header/index.js';
import { ndbBackend } from './ndb/index.js';
import { readHead } from './read-file.js';
import { sqliteBackend } from './sqlite/index.js';
import {
  defaultRpmdbLimits,
  type RpmdbBackend,
  type RpmdbLimits,
  type RpmdbResult,
} from './types.js';

export type { RpmdbBackend, RpmdbBackendId, RpmdbLimits, RpmdbResult } from './types.js';
export { defaultRpmdbLimits } from './types.js';
export { parseHeader } from './header/index.js';

/** Every backend, newest first: the order a dbpath holding several files is tried in. */
export const rpmdbBackends: readonly RpmdbBackend[] = [sqliteBackend, ndbBackend, bdbBackend];

/**
 * Reads one rpm database file natively, without the rpm binary: the backend is chosen by the
 * file's magic bytes, each header blob parsed with {@link parseHeader}, gpg-pubkey left out.
 * Throws INVENTORY_INVALID with file and byte offset when the file is of no known backend or
 * corrupt; nothing it reads is unbounded (see {@link RpmdbLimits}).
 */
export function readRpmdbFile(path: string, limits: RpmdbLimits = defaultRpmdbLimits): RpmdbResult {
  const head = readHead(path, 64);
  const backend = rpmdbBackends.find((b) => b.sniff(head));
  if (!backend) {
    throw corrupt(
      path,
      0,
      'not an rpm database of a known backend (sqlite, ndb, Berkeley DB hash)',
    );
  }
  return { backend: backend.id, file: path, packages: packagesOf(backend, path, limits) };
}

function packagesOf(backend: RpmdbBackend, path: string, limits: RpmdbLimits): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  for (const blob of backend.readHeaders(path, limits)) {
    const offset = blob.byteOffset;
    const pkg = parseHeader(blob, { file: path, offset: backend.id === 'sqlite' ? 0 : offset });
    if (pkg) out.push(pkg);
  }
  return out;
}

/**
 * The database file in a dbpath directory (`var/lib/rpm`, `usr/lib/sysimage/rpm`): the first
 * backend whose file exists and carries its magic, or null. `locate` maps a file name to the
 * path to read (a root resolves it inside itself), null when absent.
 */
export function findRpmdbFile(
  dbDir: string,
  locate: (fileName: string) => string | null = (f) => join(dbDir, f),
): string | null {
  for (const b of rpmdbBackends) {
    const path = locate(b.fileName);
    if (path !== null && b.sniff(readHead(path, 64))) return path;
  }
  return null;
}
