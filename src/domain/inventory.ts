import type { Platform } from './platform.js';

/** Inventory formats Patchline reads. */
export const InventoryFormat = {
  Dpkg: 'dpkg',
  Rpm: 'rpm',
  Apk: 'apk',
  Windows: 'windows',
  CycloneDx: 'cyclonedx',
} as const;
export type InventoryFormat = (typeof InventoryFormat)[keyof typeof InventoryFormat];

/**
 * One installed package, normalized across formats. `version` is the full version in the
 * platform's scheme (dpkg `[epoch:]upstream[-revision]`, rpm `[epoch:]version-release`, apk
 * `version-rN`). `sourceName`/`sourceVersion` are the source package (dpkg `Source:`, rpm
 * SOURCERPM, apk origin); they equal name/version when the format has no source notion.
 */
export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly arch: string;
  readonly sourceName: string;
  readonly sourceVersion: string;
  /**
   * rpm's MODULARITYLABEL, `name:stream:version:context` (`ruby:2.7:8030020200921164007:229f0a1c`),
   * for a package built in a module stream. Absent for non-modular packages and for formats
   * without modules; `undefined` cannot tell "not modular" from "not reported", so inventory
   * readers that know the header set `modularityLabel: ''` for a package that has none.
   */
  readonly modularityLabel?: string;
}

/** Windows patch state: the OS build, update build revision and installed KBs. */
export interface WindowsState {
  readonly productName: string;
  /** `10.0.19045` */
  readonly build: string;
  /** Update build revision (the fourth part, `10.0.19045.3803`), when the inventory shows it. */
  readonly ubr?: number;
  /** Installed KB numbers, `KB5032189`, sorted, unique. */
  readonly kbs: readonly string[];
}

/** What a parser makes of one inventory file. */
export interface Inventory {
  readonly format: InventoryFormat;
  /** Null when the input carries no OS identity and none was given. */
  readonly platform: Platform | null;
  /** Sorted by name, then arch, then version. Empty for Windows. */
  readonly packages: readonly InstalledPackage[];
  readonly windows?: WindowsState;
  /** `uname -r` of the running kernel, when the inventory carries it. */
  readonly runningKernel?: string;
  readonly hostname?: string;
}

/**
 * Domain order of `Inventory.packages`: name, then arch, then version, then source, then label, compared by
 * code unit so every process and both databases agree. Deterministic, not a version order.
 */
export function comparePackages(a: InstalledPackage, b: InstalledPackage): number {
  return (
    cmpText(a.name, b.name) ||
    cmpText(a.arch, b.arch) ||
    cmpText(a.version, b.version) ||
    cmpText(a.sourceName, b.sourceName) ||
    cmpText(a.sourceVersion, b.sourceVersion) ||
    cmpLabel(a.modularityLabel, b.modularityLabel)
  );
}

/** No label (not reported) first, then `''` (not modular), then labels. */
function cmpLabel(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return cmpText(a, b);
}

function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
