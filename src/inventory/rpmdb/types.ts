import type { InstalledPackage } from '../../domain/inventory.js';

/** Storage backends rpm has used for its package database. */
export type RpmdbBackendId = 'sqlite' | 'bdb' | 'ndb';

/** Caps every backend applies, so a hostile file cannot make a reader loop or allocate without end. */
export interface RpmdbLimits {
  /** Most header blobs read from one database. */
  readonly maxHeaders: number;
  /** Largest header blob, in bytes. */
  readonly maxHeaderBytes: number;
  /** Largest database file, in bytes. */
  readonly maxFileBytes: number;
}

export const defaultRpmdbLimits: RpmdbLimits = {
  maxHeaders: 200_000,
  // rpm's own cap on a header's data store (hdrchkData, 256 MiB) is far above real headers.
  maxHeaderBytes: 64 * 1024 * 1024,
  maxFileBytes: 4 * 1024 * 1024 * 1024,
};

/** One rpm database storage format. */
export interface RpmdbBackend {
  readonly id: RpmdbBackendId;
  /** The database's file name under the dbpath (`var/lib/rpm`). */
  readonly fileName: string;
  /** True when the first bytes of a file look like this backend. */
  sniff(head: Uint8Array): boolean;
  /**
   * The raw header blobs (rpm's "immutable region" import form: il, dl, index, data) in storage
   * order. Throws INVENTORY_INVALID with file and byte offset on corrupt input.
   */
  readHeaders(path: string, limits: RpmdbLimits): Uint8Array[];
}

/** What the reader makes of one database. */
export interface RpmdbResult {
  readonly backend: RpmdbBackendId;
  readonly file: string;
  readonly packages: readonly InstalledPackage[];
}
