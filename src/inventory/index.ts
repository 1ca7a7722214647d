import type { Diagnostic, Parsed } from '../domain/diagnostics.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { comparePackages, type Inventory, type InventoryFormat } from '../domain/inventory.js';
import type { Platform } from '../domain/platform.js';
import { windowsBuildOf } from '../domain/windows-identity.js';
import { defaultRegistry, type InventoryRegistry } from './registry.js';
import { resolvePlatform } from './resolve-platform.js';
import { decodeInventory, splitHeader } from './text.js';
import type { AdapterOutput, InventoryAdapter } from './types.js';

export type { InventoryAdapter, AdapterOutput, ParseContext, PlatformHint } from './types.js';
export { defaultRegistry, createRegistry, inventoryFormats } from './registry.js';
export type { InventoryRegistry } from './registry.js';
export { platformFromOsRelease, platformFromOsId } from './os-release.js';
export { rpmQueryFormat } from './rpm/index.js';

/** Options for {@link parseInventory}. */
export interface ParseInventoryOptions {
  /** Shown in diagnostics and error locations. @default '<input>' */
  readonly fileName?: string;
  /** Format id, or `auto` to sniff it from the content. @default 'auto' */
  readonly format?: InventoryFormat | 'auto';
  /** Overrides any platform found in or inferred from the inventory. */
  readonly platform?: Platform;
  /** Content of `/etc/os-release` captured alongside the inventory; beats inference. */
  readonly osRelease?: string;
  /** `uname -r` captured alongside; beats a `# kernel:` header line. */
  readonly kernel?: string;
  /** Adapters to use. @default defaultRegistry */
  readonly registry?: InventoryRegistry;
}

/**
 * Parses one inventory file (dpkg status, rpm query output, apk installed db, Windows
 * systeminfo / hotfix list, CycloneDX SBOM) into the normalized {@link Inventory}, packages
 * sorted by name, arch, version. Bytes are decoded by BOM/heuristic (UTF-16LE, UTF-8, CP1252).
 *
 * Throws AppError INVENTORY_INVALID (with file and line) when the file is empty, of no known
 * format, or has no usable record; PLATFORM_INVALID for a platform whose scheme does not fit.
 * Bad records are skipped and returned as diagnostics.
 */
export function parseInventory(
  input: Uint8Array | string,
  opts: ParseInventoryOptions = {},
): Parsed<Inventory> {
  const file = opts.fileName ?? '<input>';
  const registry = opts.registry ?? defaultRegistry;
  const { body, header } = splitHeader(decodeInventory(input));
  if (body.trim() === '') {
    throw new AppError(ErrorCode.InventoryInvalid, 'inventory is empty', {
      location: { file, line: 1 },
    });
  }
  const format = opts.format ?? 'auto';
  const adapter = pickAdapter(body, format, registry, file);
  const foreign = format !== 'auto' && adapter.sniff(body) === 0;
  if (foreign) refuseForeign(adapter, bestAdapter(body, registry, file), null, file);
  const parsed = adapter.parse(body, { file });
  if (foreign) refuseForeign(adapter, null, parsed, file);
  const out = parsed.value;
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (out.packages.length === 0 && !out.windows) {
    const firstError = diagnostics.find((d) => d.severity === 'error');
    if (firstError) {
      throw new AppError(ErrorCode.InventoryInvalid, `no usable record: ${firstError.message}`, {
        location: firstError.location,
      });
    }
  }
  const platform = resolvePlatform(
    {
      file,
      explicit: opts.platform,
      osRelease: opts.osRelease,
      hint: out.platform,
      scheme: adapter.capabilities.scheme,
    },
    diagnostics,
  );
  const windows =
    out.windows && out.windows.build === '' && platform?.family === 'windows'
      ? { ...out.windows, build: windowsBuildOf(platform.release) }
      : out.windows;
  const runningKernel = opts.kernel ?? header.kernel ?? out.runningKernel;
  const hostname = header.hostname ?? out.hostname;
  const value: Inventory = {
    format: adapter.id,
    platform,
    packages: [...out.packages].sort(comparePackages),
    ...(windows ? { windows } : {}),
    ...(runningKernel ? { runningKernel } : {}),
    ...(hostname ? { hostname } : {}),
  };
  return { value, diagnostics };
}

/**
 * The most likely format of an inventory's content by each adapter's `sniff` confidence, or
 * null when none claims it. `fileName` only breaks ties (an adapter id in the name wins).
 */
export function detectFormat(
  input: Uint8Array | string,
  fileName?: string,
  registry: InventoryRegistry = defaultRegistry,
): InventoryFormat | null {
  const text = splitHeader(decodeInventory(input)).body;
  return bestAdapter(text, registry, fileName)?.id ?? null;
}

function bestAdapter(
  text: string,
  registry: InventoryRegistry,
  fileName?: string,
): InventoryAdapter | null {
  let best: InventoryAdapter | null = null;
  let bestScore = 0;
  const name = fileName?.toLowerCase() ?? '';
  for (const a of registry.all()) {
    const score = a.sniff(text) + (score0(a, name) ? 0.001 : 0);
    if (score > bestScore + 1e-9 && score > 0.001) {
      best = a;
      bestScore = score;
    }
  }
  return best;
}

function score0(a: InventoryAdapter, name: string): boolean {
  return name !== '' && name.includes(a.id);
}

function pickAdapter(
  text: string,
  format: InventoryFormat | 'auto',
  registry: InventoryRegistry,
  file: string,
): InventoryAdapter {
  if (format !== 'auto') return registry.get(format);
  const a = bestAdapter(text, registry, file);
  if (a) return a;
  const known = registry
    .all()
    .map((x) => x.id)
    .join(', ');
  throw new AppError(
    ErrorCode.InventoryInvalid,
    `not a recognised inventory format (tried ${known})`,
    {
      location: { file, line: 1 },
    },
  );
}

/**
 * A format forced on a file that is not in it fails as a whole (INVENTORY_INVALID, exit 2)
 * instead of yielding one diagnostic per line: when the adapter does not recognise the content
 * and either another format does, or most records came out unreadable.
 */
function refuseForeign(
  adapter: InventoryAdapter,
  other: InventoryAdapter | null,
  parsed: Parsed<AdapterOutput> | null,
  file: string,
): void {
  let why: string;
  if (other) why = `it looks like ${other.displayName}: use --format ${other.id} or auto`;
  else if (parsed) {
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error').length;
    const kept = parsed.value.packages.length + (parsed.value.windows ? 1 : 0);
    if (errors <= kept) return;
    why = `${errors} records unreadable, ${kept} read`;
  } else return;
  throw new AppError(
    ErrorCode.InventoryInvalid,
    `--format ${adapter.id}: ${file} is not ${adapter.displayName} (${why})`,
    { location: { file, line: 1 } },
  );
}

export { comparePackages };
