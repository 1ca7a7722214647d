import { AppError, ErrorCode } from '../domain/errors.js';
import type { Parsed } from '../domain/diagnostics.js';
import type { Inventory, InventoryFormat } from '../domain/inventory.js';
import type { Platform } from '../domain/platform.js';

/** Options for {@link parseInventory}. */
export interface ParseInventoryOptions {
  /** Shown in diagnostics and error locations. */
  readonly fileName?: string;
  /** Format id, or `auto` (default) to sniff it from the content. */
  readonly format?: InventoryFormat | 'auto';
  /** Overrides any platform found in or inferred from the inventory. */
  readonly platform?: Platform;
  /** Content of `/etc/os-release` captured alongside the inventory. */
  readonly osRelease?: string;
}

/**
 * Parses one inventory file (dpkg status, rpm query output, apk installed db, Windows
 * systeminfo / hotfix list, CycloneDX SBOM) into the normalized {@link Inventory}.
 * Throws AppError INVENTORY_INVALID (with location) when the file as a whole is unusable,
 * INVENTORY_FORMAT_UNKNOWN when no format matches; skipped records come back as diagnostics.
 */
export function parseInventory(
  input: Uint8Array | string,
  opts: ParseInventoryOptions = {},
): Parsed<Inventory> {
  void input;
  throw new AppError(
    ErrorCode.InventoryFormatUnknown,
    `not implemented yet: ${opts.fileName ?? '<input>'}`,
  );
}

/** Returns the most likely format of an inventory's content, or null when none matches. */
export function detectFormat(
  input: Uint8Array | string,
  fileName?: string,
): InventoryFormat | null {
  void input;
  void fileName;
  return null;
}
