import type { Inventory } from './inventory.js';
import type { Platform } from './platform.js';

export const AssetKind = { Host: 'host', Image: 'image' } as const;
export type AssetKind = (typeof AssetKind)[keyof typeof AssetKind];

export type Labels = Readonly<Record<string, string>>;

/** Where a host came from: the image version it was cloned from, and when. */
export interface Provenance {
  readonly imageVersionId: string;
  readonly clonedAt?: string;
  /** How the lineage was learned: `event` (vCenter clone event), `attribute`, `declared`. */
  readonly via?: string;
}

/** A host (VM, server) or an image version (template). */
export interface Asset {
  readonly id: string;
  readonly kind: AssetKind;
  readonly name: string;
  readonly labels: Labels;
  readonly platform: Platform | null;
  readonly provenance?: Provenance;
  /** For images: which image and version this asset is. */
  readonly image?: { readonly name: string; readonly version: string };
  readonly lastInventoryAt?: string;
  readonly removedAt?: string;
}

export interface AssetWithInventory extends Asset {
  readonly inventory: Inventory;
}
