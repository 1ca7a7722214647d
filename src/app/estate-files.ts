import type { Diagnostic, Parsed } from '../domain/diagnostics.js';
import { toAppError, type AppError } from '../domain/errors.js';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { packageKey } from '../store/package-set.js';
import { readInventoryFile } from './import-inventory.js';

/** A file read once: its inventory and skipped records, or why it cannot be used. */
export type CachedFile =
  | { readonly ok: true; readonly parsed: Parsed<Inventory>; readonly first: boolean }
  | { readonly ok: false; readonly error: AppError };

export interface EstateFileCacheLimits {
  /** Most files kept. @default 8192 */
  readonly files?: number;
  /** Most package references kept across the kept files (8 bytes or less each). @default 8M */
  readonly packageRefs?: number;
  /** Most distinct package tuples kept for sharing between files. @default 200,000 */
  readonly packages?: number;
}

/**
 * Reads the inventory files of an estate, each distinct (file, platform) once while it stays
 * cached, and shares package objects between files. Clones of one template capture nearly the
 * same list, so a parsed file costs about one reference per package instead of five strings that
 * also pin the file's whole text (substrings keep their parent alive in V8).
 *
 * Both caches are bounded and drop their oldest entries first, so memory does not depend on the
 * size of the estate; a dropped file is read again when named again.
 */
export class EstateFileCache {
  private readonly files = new Map<string, Entry>();
  private readonly packages = new Map<string, InstalledPackage>();
  private refs = 0;
  private readonly limits: Required<EstateFileCacheLimits>;
  /** Files parsed, and reads answered from the cache. */
  parsed = 0;
  hits = 0;

  constructor(limits: EstateFileCacheLimits = {}) {
    this.limits = { files: 8192, packageRefs: 8_000_000, packages: 200_000, ...limits };
  }

  /**
   * The file's inventory. `first` is true for the read that parsed it, so its diagnostics are
   * reported once however many assets share the file. Never throws.
   */
  async read(file: string, platform: string | undefined): Promise<CachedFile> {
    const key = `${platform ?? ''}\0${file}`;
    const hit = this.files.get(key);
    if (hit) {
      this.hits++;
      this.files.delete(key);
      this.files.set(key, hit);
      const got = hit.value ?? (await hit.pending);
      return got.ok ? { ok: true, parsed: got.parsed, first: false } : got;
    }
    const entry: Entry = { pending: this.load(file, platform) };
    this.files.set(key, entry);
    const got = await entry.pending;
    entry.value = got;
    if (got.ok) this.refs += got.parsed.value.packages.length;
    this.evict();
    return got.ok ? { ok: true, parsed: got.parsed, first: true } : got;
  }

  private async load(file: string, platform: string | undefined): Promise<Stored> {
    this.parsed++;
    try {
      const parsed = await readInventoryFile({
        file,
        ...(platform !== undefined && { platform }),
      });
      const packages = parsed.value.packages.map((p) => this.share(p));
      return { ok: true, parsed: { ...parsed, value: { ...parsed.value, packages } } };
    } catch (e) {
      return { ok: false, error: toAppError(e) };
    }
  }

  /** The kept object for this tuple, made from its key so that it pins no file text. */
  private share(p: InstalledPackage): InstalledPackage {
    const key = packageKey(p);
    const kept = this.packages.get(key);
    if (kept) return kept;
    const [name, version, arch, sourceName, sourceVersion, label] = key.split('\t') as [
      string,
      string,
      string,
      string,
      string,
      string?,
    ];
    const own = {
      name,
      version,
      arch,
      sourceName,
      sourceVersion,
      ...(label !== undefined && { modularityLabel: label }),
    };
    this.packages.set(key, own);
    if (this.packages.size > this.limits.packages) {
      this.packages.delete(this.packages.keys().next().value!);
    }
    return own;
  }

  private evict(): void {
    for (const [key, entry] of this.files) {
      if (this.files.size <= this.limits.files && this.refs <= this.limits.packageRefs) return;
      // Only settled entries are counted and dropped; a read in flight stays.
      if (entry.value === undefined) continue;
      this.files.delete(key);
      if (entry.value.ok) this.refs -= entry.value.parsed.value.packages.length;
    }
  }
}

interface Entry {
  readonly pending: Promise<Stored>;
  value?: Stored;
}

type Stored =
  | { readonly ok: true; readonly parsed: Parsed<Inventory> }
  | { readonly ok: false; readonly error: AppError };

/** Diagnostics of a file, once: empty for reads the cache answered. */
export function firstDiagnostics(f: CachedFile): readonly Diagnostic[] {
  return f.ok && f.first ? f.parsed.diagnostics : [];
}
