import type { Diagnostic, Parsed } from '../domain/diagnostics.js';
import type { InstalledPackage, InventoryFormat, WindowsState } from '../domain/inventory.js';
import type { Platform, SchemeId } from '../domain/platform.js';

/** What every adapter gets besides the decoded text. */
export interface ParseContext {
  /** File name used in diagnostics and error locations (`<input>` when unknown). */
  readonly file: string;
}

/** An OS identity found in, or inferred from, an inventory, with where it came from. */
export interface PlatformHint {
  readonly platform: Platform;
  /** Human-readable origin, e.g. `base-files 12.4+deb12u11` or `systeminfo OS Version`. */
  readonly source: string;
  /** True when guessed from a package version rather than stated by the inventory. */
  readonly inferred: boolean;
}

/** What one adapter makes of a file; `parseInventory` adds platform precedence and sorting. */
export interface AdapterOutput {
  readonly packages: readonly InstalledPackage[];
  readonly windows?: WindowsState;
  readonly hostname?: string;
  readonly runningKernel?: string;
  readonly platform?: PlatformHint;
}

/** Static facts about a format, read by shared code instead of branching on the id. */
export interface AdapterCapabilities {
  /** The format names source packages (dpkg Source:, rpm SOURCERPM, apk origin). */
  readonly sourcePackages: boolean;
  /** The format can state the OS identity itself (not just let us infer it). */
  readonly statesPlatform: boolean;
  /** Output is Windows build + KBs rather than packages. */
  readonly windows: boolean;
  /** Versioning scheme of the output, or null when it depends on the content (SBOMs). */
  readonly scheme: SchemeId | null;
}

/**
 * One inventory format. `sniff` returns a confidence in [0, 1] that `text` is this format
 * (0 = certainly not); `parse` never throws except AppError INVENTORY_INVALID for a file that
 * is unusable as a whole, and reports bad records as diagnostics.
 */
export interface InventoryAdapter {
  readonly id: InventoryFormat;
  readonly displayName: string;
  /** Where the format is specified. */
  readonly urls: readonly string[];
  readonly capabilities: AdapterCapabilities;
  sniff(text: string): number;
  parse(text: string, ctx: ParseContext): Parsed<AdapterOutput>;
}

/** Builds a record-level diagnostic. */
export function issue(
  ctx: ParseContext,
  line: number | undefined,
  message: string,
  record?: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  const location = {
    file: ctx.file,
    ...(line === undefined ? {} : { line }),
    ...(record === undefined ? {} : { record }),
  };
  return { severity, message, location };
}
