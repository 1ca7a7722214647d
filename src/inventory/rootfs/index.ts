import type { Diagnostic, Parsed } from '../../domain/diagnostics.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { comparePackages, type Inventory, type InventoryFormat } from '../../domain/inventory.js';
import { schemeOf, type Platform } from '../../domain/platform.js';
import { readInputFileSync } from '../../util/read-input.js';
import { parseInventory } from '../index.js';
import { parseOsReleaseFields, platformFromOsRelease } from '../os-release.js';
import { resolvePlatform } from '../resolve-platform.js';
import { inferRpmPlatform } from '../rpm/platform.js';
import {
  defaultRpmdbLimits,
  findRpmdbFile,
  readRpmdbFile,
  type RpmdbBackendId,
} from '../rpmdb/index.js';
import { installedKernels } from './kernels.js';
import { resolveInRoot } from './resolve.js';

/** Where package databases live in a root, by format. */
const dpkgStatus = 'var/lib/dpkg/status';
const apkInstalled = 'lib/apk/db/installed';
const rpmDbPaths = ['var/lib/rpm', 'usr/lib/sysimage/rpm'];
const osReleasePaths = ['etc/os-release', 'usr/lib/os-release'];

export interface RootInventoryOptions {
  /** Largest file read from the root. @default 256 MiB */
  readonly maxBytes?: number;
  /** Overrides the platform the root's os-release names. */
  readonly platform?: Platform;
  /** os-release text given by the caller; beats the root's own. */
  readonly osRelease?: string;
  /** `uname -r` to record as running; a root that is not booted has none. */
  readonly kernel?: string;
}

/** What a root held besides its packages. */
export interface RootFacts {
  readonly root: string;
  /** The package database read, as a path inside the root. */
  readonly database: string;
  /** The rpm database backend, for rpm roots. */
  readonly backend?: RpmdbBackendId;
  /** The os-release file used, inside the root, when one was found. */
  readonly osRelease?: string;
  /** Kernels installed, as `uname -r` names them (see {@link installedKernels}). */
  readonly kernels: readonly string[];
}

export type RootInventory = Parsed<Inventory> & { readonly root: RootFacts };

interface Candidate {
  readonly format: InventoryFormat;
  readonly inRoot: string;
  readonly read: () => Parsed<Inventory> & { backend?: RpmdbBackendId };
}

/**
 * Inventories a file-system root that is not running (a mounted image, an unpacked rootfs, a
 * chroot): its os-release, then its package database, dpkg `var/lib/dpkg/status`, the rpmdb
 * (read natively, see `../rpmdb`) or apk `lib/apk/db/installed`, and its installed kernels.
 * Paths resolve inside the root only ({@link resolveInRoot}); every file read is capped at
 * `maxBytes`. When several databases hold packages, the one of the os-release platform's
 * scheme wins (with a warning). Throws INVENTORY_INVALID when the root has no package database.
 */
export function readRootInventory(root: string, opts: RootInventoryOptions = {}): RootInventory {
  const maxBytes = opts.maxBytes ?? defaultRpmdbLimits.maxFileBytes;
  const diagnostics: Diagnostic[] = [];
  const os =
    opts.osRelease === undefined
      ? readOsRelease(root, maxBytes, diagnostics)
      : { text: opts.osRelease };
  const candidates = findDatabases(root, opts, os.text, maxBytes);
  if (candidates.length === 0) {
    throw new AppError(
      ErrorCode.InventoryInvalid,
      `no package database in ${root} (looked for ${dpkgStatus}, ${rpmDbPaths.map((p) => `${p}/`).join(', ')} and ${apkInstalled})`,
      { location: { file: root } },
    );
  }
  const chosen = choose(candidates, opts.platform ?? platformOf(os.text), root, diagnostics);
  const inv = chosen.r.value;
  const kernels = installedKernels(root, inv.packages);
  return {
    value: inv,
    diagnostics: [...diagnostics, ...chosen.r.diagnostics],
    root: {
      root,
      database: chosen.c.inRoot,
      ...(chosen.r.backend && { backend: chosen.r.backend }),
      ...(os.inRoot && { osRelease: os.inRoot }),
      kernels,
    },
  };
}

function readOsRelease(
  root: string,
  maxBytes: number,
  out: Diagnostic[],
): { text?: string; inRoot?: string } {
  for (const rel of osReleasePaths) {
    const r = resolveInRoot(root, rel);
    if (!r?.stats.isFile()) continue;
    const text = new TextDecoder().decode(
      readInputFileSync(r.path, { maxBytes, what: 'os-release file' }),
    );
    if (platformFromOsRelease(text)) return { text, inRoot: r.inRoot };
    const f = parseOsReleaseFields(text);
    const message = `${r.inRoot} names ID=${f.get('ID') ?? ''} VERSION_ID=${f.get('VERSION_ID') ?? ''}, no platform Patchline knows; pass --platform`;
    out.push({ severity: 'warning', message, location: { file: r.path } });
    return { inRoot: r.inRoot };
  }
  return {};
}

function platformOf(osRelease: string | undefined): Platform | undefined {
  return (osRelease && platformFromOsRelease(osRelease)) || undefined;
}

function findDatabases(
  root: string,
  opts: RootInventoryOptions,
  osRelease: string | undefined,
  maxBytes: number,
): Candidate[] {
  const found: Candidate[] = [];
  const common = {
    ...(opts.platform && { platform: opts.platform }),
    ...(osRelease !== undefined && { osRelease }),
    ...(opts.kernel !== undefined && { kernel: opts.kernel }),
  };
  for (const [format, rel] of [
    ['dpkg', dpkgStatus],
    ['apk', apkInstalled],
  ] as const) {
    const r = resolveInRoot(root, rel);
    if (!r?.stats.isFile()) continue;
    found.push({
      format,
      inRoot: r.inRoot,
      read: () =>
        parseInventory(readInputFileSync(r.path, { maxBytes, what: 'inventory' }), {
          ...common,
          format,
          fileName: r.path,
        }),
    });
  }
  for (const rel of rpmDbPaths) {
    if (found.some((c) => c.format === 'rpm')) continue;
    const inRoot = new Map<string, string>();
    const file = findRpmdbFile(rel, (name) => {
      const r = resolveInRoot(root, `${rel}/${name}`);
      if (!r?.stats.isFile()) return null;
      inRoot.set(r.path, r.inRoot);
      return r.path;
    });
    if (!file) continue;
    found.push({
      format: 'rpm',
      inRoot: inRoot.get(file) ?? file,
      read: () => readRpm(file, { ...defaultRpmdbLimits, maxFileBytes: maxBytes }, common),
    });
  }
  return found;
}

function readRpm(
  file: string,
  limits: typeof defaultRpmdbLimits,
  o: { platform?: Platform; osRelease?: string; kernel?: string },
): Parsed<Inventory> & { backend: RpmdbBackendId } {
  const db = readRpmdbFile(file, limits);
  const diagnostics: Diagnostic[] = [];
  const platform = resolvePlatform(
    {
      file,
      explicit: o.platform,
      osRelease: o.osRelease,
      hint: inferRpmPlatform(db.packages),
      scheme: 'rpm',
    },
    diagnostics,
  );
  const value: Inventory = {
    format: 'rpm',
    platform,
    packages: [...db.packages].sort(comparePackages),
    ...(o.kernel !== undefined && { runningKernel: o.kernel }),
  };
  return { value, diagnostics, backend: db.backend };
}

/**
 * Reads the databases of the platform's scheme first and keeps the first holding packages
 * (an rpm installed on Debian leaves an empty rpmdb); the others are named in a warning.
 */
function choose(
  candidates: readonly Candidate[],
  platform: Platform | undefined,
  root: string,
  out: Diagnostic[],
): { c: Candidate; r: ReturnType<Candidate['read']> } {
  const scheme = platform ? schemeOf(platform) : undefined;
  const ordered = [...candidates].sort(
    (a, b) => Number(b.format === scheme) - Number(a.format === scheme),
  );
  let first: { c: Candidate; r: ReturnType<Candidate['read']> } | undefined;
  for (const c of ordered) {
    const r = c.read();
    first ??= { c, r };
    if (r.value.packages.length === 0) continue;
    first = { c, r };
    break;
  }
  const others = candidates.filter((c) => c !== first!.c).map((c) => c.inRoot);
  if (others.length > 0) {
    const message = `${root} holds several package databases; read ${first!.c.inRoot}, not ${others.join(', ')}`;
    out.push({ severity: 'warning', message, location: { file: root } });
  }
  return first!;
}
