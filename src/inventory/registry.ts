import { AppError, ErrorCode } from '../domain/errors.js';
import type { InventoryFormat } from '../domain/inventory.js';
import { apkAdapter } from './apk/index.js';
import { cyclonedxAdapter } from './cyclonedx/index.js';
import { dpkgAdapter } from './dpkg/index.js';
import { rpmAdapter } from './rpm/index.js';
import type { InventoryAdapter } from './types.js';
import { windowsAdapter } from './windows/index.js';

/** Format adapters by id; explicit, no self-registration. */
export interface InventoryRegistry {
  /** Throws INVENTORY_FORMAT_UNKNOWN for an id with no adapter. */
  get(id: string): InventoryAdapter;
  all(): readonly InventoryAdapter[];
}

/** Builds a registry from a list (tests inject their own). */
export function createRegistry(list: readonly InventoryAdapter[]): InventoryRegistry {
  const byId = new Map<string, InventoryAdapter>(list.map((a) => [a.id, a]));
  return {
    get(id) {
      const a = byId.get(id);
      if (!a) {
        throw new AppError(
          ErrorCode.InventoryFormatUnknown,
          `unknown inventory format "${id}" (known: ${[...byId.keys()].join(', ')})`,
        );
      }
      return a;
    },
    all: () => list,
  };
}

/** Every built-in format, in the order `--format` lists them. */
export const inventoryFormats: readonly InventoryFormat[] = [
  'dpkg',
  'rpm',
  'apk',
  'windows',
  'cyclonedx',
];

export const defaultRegistry: InventoryRegistry = createRegistry([
  dpkgAdapter,
  rpmAdapter,
  apkAdapter,
  windowsAdapter,
  cyclonedxAdapter,
]);
