import type { AssetKind, Labels } from '../domain/asset.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import type { InventoryFormat } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { parseInventory } from '../inventory/index.js';
import type { AssetRecord, Store } from '../store/index.js';
import { importInventory } from './import-inventory.js';

export interface PushInventoryInput {
  readonly name: string;
  /** The document as sent: dpkg status, rpm query output, apk db, systeminfo, CycloneDX. */
  readonly body: string;
  readonly format?: InventoryFormat | 'auto';
  readonly kind?: AssetKind;
  readonly platform?: string;
  readonly kernel?: string;
  readonly labels?: Labels;
  readonly imageVersion?: string;
  readonly allowShrink?: boolean;
  readonly actor: string;
  /** Where it came from, for the audit log: `api:<request id>`. */
  readonly source: string;
}

export interface PushInventoryResult {
  readonly asset: AssetRecord;
  readonly created: boolean;
  readonly packages: number;
  readonly imageVersion: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * An inventory reported by an agent or cloud-init: parsed like a file import (bad records
 * skipped and returned, an unusable document refused before the store is touched) and stored
 * in one transaction.
 */
export async function pushInventory(
  store: Store,
  input: PushInventoryInput,
): Promise<PushInventoryResult> {
  const parsed = parseInventory(input.body, {
    fileName: input.source,
    format: input.format ?? 'auto',
    ...(input.platform !== undefined && { platform: parsePlatform(input.platform) }),
    ...(input.kernel !== undefined && { kernel: input.kernel }),
  });
  const r = await store.transaction((tx) =>
    importInventory(tx, {
      name: input.name,
      actor: input.actor,
      inventory: parsed.value,
      source: input.source,
      ...(input.kind && { kind: input.kind }),
      ...(input.labels && { labels: input.labels }),
      ...(input.imageVersion !== undefined && { imageVersion: input.imageVersion }),
      ...(input.allowShrink && { allowShrink: true }),
    }),
  );
  return {
    asset: r.asset,
    created: r.created,
    packages: parsed.value.packages.length,
    imageVersion: r.imageVersion,
    diagnostics: parsed.diagnostics,
  };
}
