import { join } from 'node:path';
import type { AssetKind } from '../domain/asset.js';
import type { Diagnostic } from '../domain/diagnostics.js';
import { AppError, ErrorCode, toAppError, type Location } from '../domain/errors.js';
import type { Store } from '../store/index.js';
import type { LocatedEstateAsset, LoadedEstate } from './estate.js';
import { fsErrorCode } from '../util/fs-errors.js';
import {
  importInventories,
  readInventoryFile,
  type ImportInventoryInput,
} from './import-inventory.js';

export interface ImportEstateOptions {
  /** Assets per transaction. @default 500 */
  readonly batchSize?: number;
  /** Called with 0 first, then after each stored batch; `done` counts stored and refused. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Who imports (`cli:alice`), for the audit log. */
  readonly actor: string;
  readonly reason?: string;
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

export interface ImportEstateResult {
  readonly stored: number;
  /** Stored assets that did not exist before. */
  readonly created: number;
  readonly refused: number;
  /** One per manifest asset, in the manifest's (images-first) order. */
  readonly assets: readonly EstateAssetOutcome[];
  /** Records skipped while parsing files that were otherwise usable. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Files read at once while preparing a batch. */
const readConcurrency = 16;

/**
 * Imports every inventory an estate manifest lists: reads and parses each file, then stores them
 * with {@link importInventories}, one `store.transaction` per batch. An asset whose file cannot
 * be read or parsed, or that the store refuses (unknown image version, a name held by another
 * kind), is reported as refused and the others go on.
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
  const outcomes: EstateAssetOutcome[] = [];
  const diagnostics: Diagnostic[] = [];
  opts.onProgress?.(0, total);
  for (let start = 0; start < total; start += batchSize) {
    const batch = estate.assets.slice(start, start + batchSize);
    const prepared = await mapLimited(batch, readConcurrency, (a) => prepare(estate.dir, a, opts));
    for (const p of prepared) if (p.ok) diagnostics.push(...p.diagnostics);
    const inputs = prepared.flatMap((p) => (p.ok ? [p.input] : []));
    const stored =
      inputs.length === 0
        ? []
        : await store
            .transaction((tx) => importInventories(tx, inputs))
            .catch((e: unknown) => {
              throw batchFailed(e, start, batch.length, outcomes);
            });
    let next = 0;
    for (const p of prepared) {
      const base = { name: p.asset.name, kind: p.asset.kind, file: p.file };
      if (!p.ok) {
        outcomes.push(refused(base, p.error));
        continue;
      }
      const outcome = stored[next++]!;
      if (!outcome.ok) {
        outcomes.push(refused(base, outcome.error));
        continue;
      }
      const inv = outcome.result.inventory;
      outcomes.push({
        ...base,
        status: 'stored',
        created: outcome.result.created,
        form: inv.form,
        packageCount: inv.packageCount,
        added: inv.added,
        removed: inv.removed,
        changed: inv.changed,
        contentHash: inv.contentHash,
        ...(inv.unretired && { unretired: inv.unretired }),
      });
    }
    opts.onProgress?.(outcomes.length, total);
  }
  const storedAssets = outcomes.filter((o): o is StoredAsset => o.status === 'stored');
  return {
    stored: storedAssets.length,
    created: storedAssets.filter((o) => o.created).length,
    refused: outcomes.length - storedAssets.length,
    assets: outcomes,
    diagnostics,
  };
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

/** Reads and parses one asset's file; a failure here refuses that asset only. */
async function prepare(
  dir: string,
  asset: LocatedEstateAsset,
  opts: ImportEstateOptions,
): Promise<Prepared> {
  const file = join(dir, asset.file);
  try {
    const parsed = await readInventoryFile({
      file,
      ...(asset.platform !== undefined && { platform: asset.platform }),
    });
    const input: ImportInventoryInput = {
      name: asset.name,
      kind: asset.kind,
      labels: asset.labels,
      inventory: parsed.value,
      actor: opts.actor,
      source: asset.file,
      ...(asset.imageVersion !== undefined && { imageVersion: asset.imageVersion }),
      ...(opts.reason !== undefined && { reason: opts.reason }),
    };
    return { ok: true, asset, file, input, diagnostics: parsed.diagnostics };
  } catch (e) {
    return { ok: false, asset, file, error: locatedInManifest(toAppError(e), asset) };
  }
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

function batchFailed(
  e: unknown,
  start: number,
  size: number,
  before: readonly EstateAssetOutcome[],
): AppError {
  const err = toAppError(e);
  const kept = before.filter((o) => o.status === 'stored').length;
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
