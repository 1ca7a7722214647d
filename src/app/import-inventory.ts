import { statSync } from 'node:fs';
import type { AssetKind, Labels } from '../domain/asset.js';
import type { Diagnostic, Parsed } from '../domain/diagnostics.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { Inventory, InventoryFormat, WindowsState } from '../domain/inventory.js';
import { formatPlatform, parsePlatform } from '../domain/platform.js';
import { assess, type Assessment } from '../engine/assessment.js';
import { parseInventory } from '../inventory/index.js';
import {
  readRootInventory,
  type RootFacts,
  type RootInventory,
} from '../inventory/rootfs/index.js';
import { readInputFile } from '../util/read-input.js';
import { coveredStreams } from './evaluation/coverage.js';
import { needsStoredNames, shrinkError, shrinkOf, storedShapes } from './inventory-shrink.js';
export { inventoryFormats } from '../inventory/index.js';
export type { RootFacts } from '../inventory/rootfs/index.js';
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
  /**
   * Store it even when it lost most of the stored inventory's packages or its essential ones
   * (libc, the release package, the kernel); refused otherwise (see `inventory-shrink.ts`).
   */
  readonly allowShrink?: boolean;
}

export interface ImportInventoryResult {
  readonly asset: AssetRecord;
  readonly inventory: StoredInventory;
  /** Name of the image version the asset was cloned from, when known. */
  readonly imageVersion: string | null;
  /** True when the asset did not exist before. */
  readonly created: boolean;
}

/** What became of one input of a batch: stored, or refused with the reason. */
export type ImportOutcome =
  | { readonly ok: true; readonly result: ImportInventoryResult }
  | { readonly ok: false; readonly error: AppError };

/**
 * Stores one inventory on `tx`: upserts the asset, replaces its inventory (as a delta to its
 * image version when known) and appends an `inventory.import` audit event. Call it inside
 * `store.transaction` so a failure at any step leaves the store unchanged.
 */
export async function importInventory(
  tx: StoreRepos,
  input: ImportInventoryInput,
): Promise<ImportInventoryResult> {
  const [outcome] = await importInventories(tx, [input]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.result;
}

/**
 * {@link importInventory} for many inputs with a fixed number of statements per batch, which is
 * what lets a fleet's inventories arrive at thousands per second. Inputs are stored in order; an
 * input that names an unknown image version, an asset of another kind, or that would shrink the
 * stored inventory past the bounds of `inventory-shrink.ts` without `allowShrink`, is refused
 * with its reason and the others are stored. A store failure throws: inside `store.transaction` nothing
 * of the batch is kept.
 */
export async function importInventories(
  tx: StoreRepos,
  inputs: readonly ImportInventoryInput[],
): Promise<ImportOutcome[]> {
  const out: ImportOutcome[] = [];
  for (const run of independentRuns(inputs)) out.push(...(await importRun(tx, run)));
  return out;
}

/**
 * Splits inputs where one depends on an earlier one: the same name again, or a clone of an image
 * version imported earlier in the same run. Inside a run, order does not matter.
 */
function independentRuns(inputs: readonly ImportInventoryInput[]): ImportInventoryInput[][] {
  const runs: ImportInventoryInput[][] = [];
  let names = new Set<string>();
  for (const input of inputs) {
    const dependent =
      names.has(input.name) || (input.imageVersion !== undefined && names.has(input.imageVersion));
    if (dependent || runs.length === 0) {
      runs.push([]);
      names = new Set();
    }
    runs[runs.length - 1]!.push(input);
    names.add(input.name);
  }
  return runs;
}

async function importRun(
  tx: StoreRepos,
  inputs: readonly ImportInventoryInput[],
): Promise<ImportOutcome[]> {
  const images = await resolveImageVersions(tx, inputs);
  const existing = await tx.assets.findManyByName(inputs.map((i) => i.name));
  const refused = new Map<ImportInventoryInput, AppError>();
  for (const input of inputs) {
    const image = input.imageVersion === undefined ? undefined : images.get(input.imageVersion);
    const found = existing.get(input.name);
    const kind = input.kind ?? 'host';
    if (image instanceof AppError) refused.set(input, image);
    else if (found && found.kind !== kind) {
      refused.set(
        input,
        new AppError(ErrorCode.Conflict, `asset ${input.name} is a ${found.kind}, not a ${kind}`, {
          location: { record: input.name },
        }),
      );
    }
  }
  await refuseShrinks(tx, inputs, existing, refused);
  const accepted = inputs.filter((i) => !refused.has(i));
  const assets = await tx.assets.upsertMany(
    accepted.map((input) => assetInput(input, images.get(input.imageVersion ?? ''))),
  );
  // Images are stored whole so that their clones can be stored as deltas against them.
  const inventories = await tx.inventories.replaceMany(
    accepted.map((input, i) => ({
      assetId: assets[i]!.id,
      inventory: input.inventory,
      baseAssetId: (input.kind ?? 'host') === 'host' ? assets[i]!.clonedFrom : null,
    })),
  );
  await tx.audit.appendMany(
    accepted.map((input, i) => auditOf(input, assets[i]!, inventories[i]!)),
  );
  const parents = await tx.assets.getMany(
    assets.flatMap((a) => (a.clonedFrom === null ? [] : [a.clonedFrom])),
  );
  const results = new Map<ImportInventoryInput, ImportInventoryResult>();
  for (const [i, input] of accepted.entries()) {
    const asset = assets[i]!;
    const inventory = inventories[i]!;
    results.set(input, {
      asset: { ...asset, lastInventoryAt: inventory.importedAt },
      inventory,
      imageVersion:
        asset.clonedFrom === null ? null : (parents.get(asset.clonedFrom)?.name ?? null),
      created: !existing.has(input.name),
    });
  }
  return inputs.map((input) => {
    const error = refused.get(input);
    return error ? { ok: false, error } : { ok: true, result: results.get(input)! };
  });
}

/** Refuses replacements that lose most of a stored inventory or its essential packages. */
async function refuseShrinks(
  tx: StoreRepos,
  inputs: readonly ImportInventoryInput[],
  existing: ReadonlyMap<string, AssetRecord>,
  refused: Map<ImportInventoryInput, AppError>,
): Promise<void> {
  const candidates = inputs.filter(
    (i) => !i.allowShrink && !refused.has(i) && existing.has(i.name),
  );
  const checked: ImportInventoryInput[] = [];
  for (const input of candidates) {
    const stored = await tx.inventories.describe(existing.get(input.name)!.id);
    if (stored && needsStoredNames(stored.packageCount, input.inventory)) checked.push(input);
  }
  const shapes = await storedShapes(
    tx,
    checked.map((i) => existing.get(i.name)!.id),
  );
  for (const input of checked) {
    const shape = shapes.get(existing.get(input.name)!.id);
    const shrink = shape && shrinkOf(shape.names, shape.count, input.inventory);
    if (shrink) refused.set(input, shrinkError(input, shrink));
  }
}

function assetInput(input: ImportInventoryInput, image: AssetRecord | AppError | undefined) {
  const kind = input.kind ?? 'host';
  const at = input.name.lastIndexOf('@');
  return {
    kind,
    name: input.name,
    platform: input.inventory.platform ? formatPlatform(input.inventory.platform) : null,
    ...(input.labels && { labels: input.labels }),
    ...(kind === 'image' &&
      at > 0 && { image: { name: input.name.slice(0, at), version: input.name.slice(at + 1) } }),
    ...(image instanceof AppError || image === undefined
      ? {}
      : { clonedFrom: image.id, provenanceVia: 'declared' }),
  };
}

function auditOf(input: ImportInventoryInput, asset: AssetRecord, inventory: StoredInventory) {
  return {
    actor: input.actor,
    action: 'inventory.import',
    object: `asset:${asset.id}`,
    reason: input.reason ?? null,
    details: {
      name: asset.name,
      kind: asset.kind,
      source: input.source,
      format: input.inventory.format,
      packageCount: inventory.packageCount,
      contentHash: inventory.contentHash,
      form: inventory.form,
      clonedFrom: asset.clonedFrom,
      ...(inventory.unretired && { unretired: inventory.unretired }),
      ...(input.allowShrink && { allowShrink: true }),
    },
  };
}

/** Each distinct image-version reference (a name, else an id): the image, or why it is not one. */
async function resolveImageVersions(
  tx: StoreRepos,
  inputs: readonly ImportInventoryInput[],
): Promise<Map<string, AssetRecord | AppError>> {
  const refs = [...new Set(inputs.flatMap((i) => (i.imageVersion ? [i.imageVersion] : [])))];
  if (refs.length === 0) return new Map();
  const byName = await tx.assets.findManyByName(refs);
  const byId = await tx.assets.getMany(refs.filter((r) => !byName.has(r)));
  const out = new Map<string, AssetRecord | AppError>();
  for (const ref of refs) {
    const found = byName.get(ref) ?? byId.get(ref);
    out.set(ref, found ? imageOrError(ref, found) : notKnown(ref));
  }
  return out;
}

function notKnown(ref: string): AppError {
  return new AppError(ErrorCode.NotFound, `image version ${ref} is not known; import it first`, {
    location: { record: ref },
  });
}

function imageOrError(ref: string, found: AssetRecord): AssetRecord | AppError {
  if (found.kind === 'image') return found;
  return new AppError(ErrorCode.InputInvalid, `${ref} is a ${found.kind}, not an image version`, {
    location: { record: ref },
  });
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
  /** Largest file read (`AppConfig.maxInputBytes`). @default 256 MiB */
  readonly maxInputBytes?: number;
}

export interface ImportInventoryFileResult extends ImportInventoryResult {
  /** What the parser noted: records skipped (errors) and warnings. */
  readonly diagnostics: readonly Diagnostic[];
  /** Build and KBs of a Windows inventory (its package set is empty). */
  readonly windows?: WindowsState;
  /** Whether the stored advisories can judge the asset at all (see engine/assessment.ts). */
  readonly assessment: Assessment;
  /** What was read from a directory imported as a root: its database and installed kernels. */
  readonly root?: RootFacts;
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
  const parsed = await readInventoryPath(input);
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
      ...(input.allowShrink && { allowShrink: true }),
    }),
  );
  const { windows, platform } = parsed.value;
  const { root } = parsed;
  const streams = await coveredStreams(store);
  const assessment = assess(platform, (stream) => streams.has(stream));
  return {
    ...result,
    diagnostics: parsed.diagnostics,
    ...(windows && { windows }),
    ...(root && { root }),
    assessment,
  };
}

/** What to read an inventory file with: the file and what it cannot say about itself. */
export type InventoryFileSpec = Pick<
  ImportInventoryFileInput,
  'file' | 'format' | 'platform' | 'osReleaseFile' | 'kernel' | 'maxInputBytes'
>;

/**
 * {@link readInventoryFile}, or, for a directory, an inventory of it as a file-system root (an
 * image, an unpacked rootfs, a chroot; see `inventory/rootfs`), whose facts come back as `root`.
 */
export async function readInventoryPath(
  spec: InventoryFileSpec,
): Promise<Parsed<Inventory> & { readonly root?: RootFacts }> {
  return isDirectory(spec.file) ? readRoot(spec) : readInventoryFile(spec);
}

/** True for a directory (links followed); anything else is for {@link readInventoryFile} to judge. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads and parses one inventory file: bad records come back as diagnostics; a file that
 * cannot be read (NOT_FOUND; INPUT_INVALID for a FIFO, a device or a file over the size limit)
 * or parsed throws with its path.
 */
export async function readInventoryFile(spec: InventoryFileSpec): Promise<Parsed<Inventory>> {
  const limit = { maxBytes: spec.maxInputBytes };
  const bytes = await readInputFile(spec.file, {
    ...limit,
    what: 'inventory',
    expected: 'an inventory file',
  });
  const osRelease = spec.osReleaseFile
    ? new TextDecoder().decode(
        await readInputFile(spec.osReleaseFile, { ...limit, what: 'os-release file' }),
      )
    : undefined;
  return parseInventory(bytes, {
    fileName: spec.file,
    format: spec.format ?? 'auto',
    ...(spec.platform !== undefined && { platform: parsePlatform(spec.platform) }),
    ...(osRelease !== undefined && { osRelease }),
    ...(spec.kernel !== undefined && { kernel: spec.kernel }),
  });
}

async function readRoot(spec: InventoryFileSpec): Promise<RootInventory> {
  const osRelease = spec.osReleaseFile
    ? new TextDecoder().decode(
        await readInputFile(spec.osReleaseFile, {
          maxBytes: spec.maxInputBytes,
          what: 'os-release file',
        }),
      )
    : undefined;
  if (spec.format !== undefined && spec.format !== 'auto') {
    throw new AppError(
      ErrorCode.InputInvalid,
      `${spec.file} is a directory, read as a root file system: --format does not apply`,
      { location: { file: spec.file } },
    );
  }
  return readRootInventory(spec.file, {
    ...(spec.maxInputBytes !== undefined && { maxBytes: spec.maxInputBytes }),
    ...(spec.platform !== undefined && { platform: parsePlatform(spec.platform) }),
    ...(osRelease !== undefined && { osRelease }),
    ...(spec.kernel !== undefined && { kernel: spec.kernel }),
  });
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
