import { readFile } from 'node:fs/promises';
import type { AssetKind, Labels } from '../domain/asset.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { Inventory, InventoryFormat } from '../domain/inventory.js';
import { formatPlatform, parsePlatform } from '../domain/platform.js';
import { parseInventory } from '../inventory/index.js';
import type { AssetRecord, Store, StoreRepos, StoredInventory } from '../store/index.js';

/** What to record about one asset's inventory. */
export interface ImportInventoryInput {
  /** Asset name; an asset with this name is updated (upsert). */
  readonly name: string;
  /** @default 'host' */
  readonly kind?: AssetKind;
  /** Replace the asset's labels; absent keeps the stored ones. */
  readonly labels?: Labels;
  /**
   * Id or name of the image version the asset was cloned from. A host's inventory is then
   * stored as a delta to that image's package set. Absent keeps the recorded lineage.
   */
  readonly imageVersion?: string;
  readonly inventory: Inventory;
  /** Who imports (`cli:alice`), for the audit log. */
  readonly actor: string;
  readonly reason?: string;
  /** Where the inventory came from (a file name), for the audit log. */
  readonly source?: string;
}

export interface ImportInventoryResult {
  readonly asset: AssetRecord;
  readonly inventory: StoredInventory;
  /** Name of the image version the asset was cloned from, when known. */
  readonly imageVersion: string | null;
  /** True when the asset did not exist before. */
  readonly created: boolean;
}

/**
 * Stores one inventory on `tx`: upserts the asset, replaces its inventory (as a delta to its
 * image version when known) and appends an `inventory.import` audit event. Call it inside
 * `store.transaction` so a failure at any step leaves the store unchanged.
 */
export async function importInventory(
  tx: StoreRepos,
  input: ImportInventoryInput,
): Promise<ImportInventoryResult> {
  const kind = input.kind ?? 'host';
  const image = input.imageVersion ? await resolveImageVersion(tx, input.imageVersion) : undefined;
  const existing = await tx.assets.findByName(input.name);
  const at = input.name.lastIndexOf('@');
  const asset = await tx.assets.upsert({
    kind,
    name: input.name,
    platform: input.inventory.platform ? formatPlatform(input.inventory.platform) : null,
    ...(input.labels && { labels: input.labels }),
    ...(kind === 'image' &&
      at > 0 && { image: { name: input.name.slice(0, at), version: input.name.slice(at + 1) } }),
    ...(image && { clonedFrom: image.id, provenanceVia: 'declared' }),
  });
  // Images are stored whole so that their clones can be stored as deltas against them.
  const baseAssetId = kind === 'host' ? asset.clonedFrom : null;
  const inventory = await tx.inventories.replace(asset.id, input.inventory, { baseAssetId });
  await tx.audit.append({
    actor: input.actor,
    action: 'inventory.import',
    object: `asset:${asset.id}`,
    reason: input.reason ?? null,
    details: {
      name: asset.name,
      kind,
      source: input.source,
      format: input.inventory.format,
      packageCount: inventory.packageCount,
      contentHash: inventory.contentHash,
      form: inventory.form,
      clonedFrom: asset.clonedFrom,
    },
  });
  const parent =
    image ?? (asset.clonedFrom === null ? undefined : await tx.assets.get(asset.clonedFrom));
  return {
    asset: { ...asset, lastInventoryAt: inventory.importedAt },
    inventory,
    imageVersion: parent?.name ?? null,
    created: !existing,
  };
}

async function resolveImageVersion(tx: StoreRepos, ref: string): Promise<AssetRecord> {
  const found = (await tx.assets.findByName(ref)) ?? (await tx.assets.get(ref));
  if (!found) {
    throw new AppError(ErrorCode.NotFound, `image version ${ref} is not known; import it first`, {
      location: { record: ref },
    });
  }
  if (found.kind !== 'image') {
    throw new AppError(ErrorCode.InputInvalid, `${ref} is a ${found.kind}, not an image version`, {
      location: { record: ref },
    });
  }
  return found;
}

/** A file import: which file, how to read it, and what to record. */
export interface ImportInventoryFileInput extends Omit<ImportInventoryInput, 'inventory'> {
  readonly file: string;
  /** @default 'auto' */
  readonly format?: InventoryFormat | 'auto';
  /** `debian:12`; overrides what the file says. */
  readonly platform?: string;
  /** Path of an `/etc/os-release` captured with the inventory. */
  readonly osReleaseFile?: string;
  /** `uname -r` captured with the inventory. */
  readonly kernel?: string;
}

export interface ImportInventoryFileResult extends ImportInventoryResult {
  /** Records skipped while parsing. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads, parses (`parseInventory`) and stores one inventory file in a single transaction.
 * Bad records are skipped and returned as diagnostics; an unusable file throws before the
 * store is touched.
 */
export async function importInventoryFile(
  store: Store,
  input: ImportInventoryFileInput,
): Promise<ImportInventoryFileResult> {
  const bytes = await readInput(input.file);
  const osRelease = input.osReleaseFile
    ? new TextDecoder().decode(await readInput(input.osReleaseFile))
    : undefined;
  const parsed = parseInventory(bytes, {
    fileName: input.file,
    format: input.format ?? 'auto',
    ...(input.platform !== undefined && { platform: parsePlatform(input.platform) }),
    ...(osRelease !== undefined && { osRelease }),
    ...(input.kernel !== undefined && { kernel: input.kernel }),
  });
  const result = await store.transaction((tx) =>
    importInventory(tx, {
      name: input.name,
      actor: input.actor,
      inventory: parsed.value,
      source: input.source ?? input.file,
      ...(input.kind && { kind: input.kind }),
      ...(input.labels && { labels: input.labels }),
      ...(input.imageVersion !== undefined && { imageVersion: input.imageVersion }),
      ...(input.reason !== undefined && { reason: input.reason }),
    }),
  );
  return { ...result, diagnostics: parsed.diagnostics };
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError(
      code === 'ENOENT' ? ErrorCode.NotFound : ErrorCode.InputInvalid,
      `cannot read ${file}: ${code ?? 'error'}`,
      { cause: e, location: { file } },
    );
  }
}

/** Parses `key=value` label arguments; throws INPUT_INVALID on a malformed one. */
export function parseLabels(args: readonly string[]): Labels {
  const labels: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = eq < 0 ? '' : arg.slice(0, eq).trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_./-]*$/.test(key)) {
      throw new AppError(ErrorCode.InputInvalid, `label must be key=value: ${arg}`, {
        location: { record: arg },
      });
    }
    labels[key] = arg.slice(eq + 1);
  }
  return labels;
}
