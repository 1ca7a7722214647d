import { join } from 'node:path';
import type { AssetKind } from '../domain/asset.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import { AppError, ErrorCode, toAppError, type Location } from '../domain/errors.js';
import type { Store } from '../store/index.js';
import { heapGuard } from '../util/heap.js';
import type { LocatedEstateAsset, LoadedEstate } from './estate.js';
import { fsErrorCode } from '../util/fs-errors.js';
import { EstateFileCache, firstDiagnostics, type EstateFileCacheLimits } from './estate-files.js';
import {
  importInventories,
  type ImportInventoryInput,
  type ImportOutcome,
} from './import-inventory.js';

export interface ImportEstateOptions {
  /** Assets per transaction. @default 500 */
  readonly batchSize?: number;
  /** Called with 0 first, then after each stored batch; `done` counts stored and refused. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Called with each asset's outcome once its batch is committed, in the manifest's
   * (images-first) order. The result keeps only counts and the refused assets.
   */
  readonly onAsset?: (outcome: EstateAssetOutcome) => void;
  /** Who imports (`cli:alice`), for the audit log. */
  readonly actor: string;
  readonly reason?: string;
  /** Bounds of the parsed-file cache (see {@link EstateFileCache}). */
  readonly fileCache?: EstateFileCacheLimits;
  /** Heap size, in bytes, above which a full collection runs between batches. @default 256 MiB */
  readonly heapCeiling?: number;
}

interface OutcomeBase {
  readonly name: string;
  readonly kind: AssetKind;
  /** The inventory file, resolved against the manifest's directory. */
  readonly file: string;
}

export interface StoredAsset extends OutcomeBase {
  readonly status: 'stored';
  /** True when the asset did not exist before. */
  readonly created: boolean;
  readonly form: 'full' | 'delta';
  readonly packageCount: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly contentHash: string;
  /** Present when the asset was retired and this import made it live again. */
  readonly unretired?: { readonly at: string; readonly reason: string | null };
}

export interface RefusedAsset extends OutcomeBase {
  readonly status: 'refused';
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly location?: Location;
  };
}

export type EstateAssetOutcome = StoredAsset | RefusedAsset;

/** Totals of an estate import; each asset's outcome goes to `onAsset` as it is stored. */
export interface ImportEstateResult {
  readonly stored: number;
  /** Stored assets that did not exist before. */
  readonly created: number;
  readonly refused: number;
  /** Stored assets by form. */
  readonly full: number;
  readonly delta: number;
  /** The refused assets, in the manifest's (images-first) order. */
  readonly refusedAssets: readonly RefusedAsset[];
  /** Records skipped while parsing files that were otherwise usable; once per file. */
  readonly diagnostics: readonly Diagnostic[];
  /** Distinct files parsed, and file reads the cache answered. */
  readonly files: { readonly parsed: number; readonly cached: number };
}

/** Files read at once while preparing a batch. */
const readConcurrency = 16;

interface Totals {
  stored: number;
  created: number;
  full: number;
  delta: number;
  readonly refused: RefusedAsset[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Imports every inventory an estate manifest lists: reads and parses each file, then stores them
 * with {@link importInventories}, one `store.transaction` per batch. An asset whose file cannot
 * be read or parsed, or that the store refuses (unknown image version, a name held by another
 * kind), is reported as refused and the others go on.
 *
 * Memory does not grow with the estate: a batch's inventories are released once it is stored,
 * outcomes are handed to `onAsset` and counted, and files are parsed once each through a bounded
 * cache shared by the clones that name them.
 *
 * A store failure throws: the failing batch leaves nothing behind, the batches before it stay
 * stored, and the error says how many assets those were.
 */
export async function importEstate(
  store: Store,
  estate: LoadedEstate,
  opts: ImportEstateOptions,
): Promise<ImportEstateResult> {
  const batchSize = opts.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `batch size must be a positive integer: ${batchSize}`,
    );
  }
  const total = estate.assets.length;
  const files = new EstateFileCache(opts.fileCache);
  const totals: Totals = { stored: 0, created: 0, full: 0, delta: 0, refused: [], diagnostics: [] };
  const heap = heapGuard(opts.heapCeiling ?? 256 * 1024 * 1024);
  opts.onProgress?.(0, total);
  for (let start = 0; start < total; start += batchSize) {
    const batch = estate.assets.slice(start, start + batchSize);
    await importBatch(store, estate.dir, batch, files, opts, totals).catch((e: unknown) => {
      throw batchFailed(e, start, batch.length, totals.stored);
    });
    heap.check();
    opts.onProgress?.(Math.min(start + batchSize, total), total);
  }
  return {
    stored: totals.stored,
    created: totals.created,
    refused: totals.refused.length,
    full: totals.full,
    delta: totals.delta,
    refusedAssets: totals.refused,
    diagnostics: totals.diagnostics,
    files: { parsed: files.parsed, cached: files.hits },
  };
}

/** Reads, stores and reports one batch; nothing of it is referenced once this returns. */
async function importBatch(
  store: Store,
  dir: string,
  batch: readonly LocatedEstateAsset[],
  files: EstateFileCache,
  opts: ImportEstateOptions,
  totals: Totals,
): Promise<void> {
  const prepared = await mapLimited(batch, readConcurrency, (a) => prepare(dir, a, files, opts));
  for (const p of prepared) if (p.ok) totals.diagnostics.push(...p.diagnostics);
  const inputs = prepared.flatMap((p) => (p.ok ? [p.input] : []));
  const stored =
    inputs.length === 0 ? [] : await store.transaction((tx) => importInventories(tx, inputs));
  let next = 0;
  for (const p of prepared) {
    const base = { name: p.asset.name, kind: p.asset.kind, file: p.file };
    const outcome = p.ok ? stored[next++]! : undefined;
    const error = !p.ok ? p.error : !outcome!.ok ? outcome!.error : undefined;
    if (error) {
      const r = refused(base, error);
      totals.refused.push(r);
      opts.onAsset?.(r);
      continue;
    }
    const result = (outcome as Extract<ImportOutcome, { ok: true }>).result;
    const inv = result.inventory;
    totals.stored++;
    if (result.created) totals.created++;
    if (inv.form === 'full') totals.full++;
    else totals.delta++;
    opts.onAsset?.({
      ...base,
      status: 'stored',
      created: result.created,
      form: inv.form,
      packageCount: inv.packageCount,
      added: inv.added,
      removed: inv.removed,
      changed: inv.changed,
      contentHash: inv.contentHash,
      ...(inv.unretired && { unretired: inv.unretired }),
    });
  }
}

type Prepared =
  | {
      readonly ok: true;
      readonly asset: LocatedEstateAsset;
      readonly file: string;
      readonly input: ImportInventoryInput;
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly ok: false;
      readonly asset: LocatedEstateAsset;
      readonly file: string;
      readonly error: AppError;
    };

/** Reads and parses one asset's file (or takes it from the cache); a failure refuses that asset. */
async function prepare(
  dir: string,
  asset: LocatedEstateAsset,
  files: EstateFileCache,
  opts: ImportEstateOptions,
): Promise<Prepared> {
  const file = join(dir, asset.file);
  const read = await files.read(file, asset.platform);
  if (!read.ok) return { ok: false, asset, file, error: locatedInManifest(read.error, asset) };
  const input: ImportInventoryInput = {
    name: asset.name,
    kind: asset.kind,
    labels: asset.labels,
    inventory: read.parsed.value,
    actor: opts.actor,
    source: asset.file,
    ...(asset.imageVersion !== undefined && { imageVersion: asset.imageVersion }),
    ...(opts.reason !== undefined && { reason: opts.reason }),
  };
  return { ok: true, asset, file, input, diagnostics: firstDiagnostics(read) };
}

/**
 * A file that cannot be read is a problem of the manifest line naming it, not of the file: the
 * error then points there (the message names the file). Parse errors keep their file's lines.
 */
function locatedInManifest(e: AppError, asset: LocatedEstateAsset): AppError {
  const aboutTheFile = fsErrorCode(e.cause) !== undefined || e.location?.line === undefined;
  if (!asset.fileLocation || !aboutTheFile) return e;
  return new AppError(e.code, e.message, {
    cause: e,
    location: { ...asset.fileLocation, record: asset.name },
  });
}

function refused(base: OutcomeBase, e: AppError): RefusedAsset {
  return {
    ...base,
    status: 'refused',
    error: { code: e.code, message: e.message, ...(e.location && { location: e.location }) },
  };
}

function batchFailed(e: unknown, start: number, size: number, kept: number): AppError {
  const err = toAppError(e);
  return new AppError(
    err.code,
    `${err.message} (assets ${start + 1}-${start + size} not stored; ${kept} stored before them are kept)`,
    {
      cause: e,
      retryable: err.retryable,
      details: { batchStart: start, batchSize: size, storedBefore: kept },
      ...(err.location && { location: err.location }),
    },
  );
}

/** `fn` over `items` with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
