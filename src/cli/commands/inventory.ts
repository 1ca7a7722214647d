import { Option, type Command } from 'commander';
import type { Diagnostic } from '../../domain/diagnostics.js';
import { formatLocation } from '../../domain/errors.js';
import type { Inventory, InventoryFormat } from '../../domain/inventory.js';
import { formatPlatform } from '../../domain/platform.js';
import { inventoryFormats, readInventoryPath } from '../../app/import-inventory.js';
import type { RootFacts } from '../../app/import-inventory.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable, type Io } from '../output.js';

interface ParseFlags {
  readonly format: InventoryFormat | 'auto';
  readonly platform?: string;
  readonly osRelease?: string;
  readonly kernel?: string;
  readonly json?: boolean;
}

/** Rows shown in the table before pointing at --json. */
const tableRows = 20;

/** Registers `patchline inventory parse FILE`. */
export function registerInventory(program: Command, ctx: CliContext): void {
  const { io } = ctx;
  const inventory = program.command('inventory').description('Read host and image inventories');
  inventory
    .command('parse')
    .description(
      'Parse an inventory file, or inventory a root file system, and print the normalized asset',
    )
    .argument(
      '<file>',
      'dpkg status, rpm -qa output, apk installed db, systeminfo/qfe, CycloneDX JSON; or a directory: a root file system (mounted image, unpacked rootfs, chroot)',
    )
    .addOption(
      new Option('--format <format>', 'inventory format')
        .choices(['auto', ...inventoryFormats])
        .default('auto'),
    )
    .option(
      '--platform <platform>',
      'platform, e.g. debian:12 or windows:10.0.17763:server:x64[:core] (overrides what the file says)',
    )
    .option('--os-release <file>', '/etc/os-release captured from the same host')
    .option('--kernel <release>', '`uname -r` of the running kernel')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      `
A directory is read as a root that is not running: its os-release, its package database
(var/lib/dpkg/status; the rpm database read natively, without rpm: rpmdb.sqlite, Packages.db
or Berkeley DB Packages under var/lib/rpm or usr/lib/sysimage/rpm; lib/apk/db/installed) and
its installed kernels. Symbolic links resolve inside the root, never out of it.`,
    )
    .action((file: string, flags: ParseFlags) =>
      runParse(file, flags, io, ctx.config.maxInputBytes),
    );
}

async function runParse(
  file: string,
  flags: ParseFlags,
  io: Io,
  maxInputBytes: number,
): Promise<void> {
  const parsed = await readInventoryPath({
    file,
    format: flags.format,
    maxInputBytes,
    ...(flags.platform ? { platform: flags.platform } : {}),
    ...(flags.osRelease ? { osReleaseFile: flags.osRelease } : {}),
    ...(flags.kernel ? { kernel: flags.kernel } : {}),
  });
  for (const d of parsed.diagnostics) io.err(renderDiagnostic(d));
  const inv = parsed.value;
  const root = parsed.root;
  if (flags.json) {
    const platform = inv.platform ? formatPlatform(inv.platform) : null;
    printJson(io, { ...inv, platform, ...(root && { root }) });
    return;
  }
  io.out(renderSummary(inv, root));
}

function renderRoot(root: RootFacts): string[] {
  const db = root.backend ? `${root.database} (${root.backend})` : root.database;
  const kernels = root.kernels.length ? root.kernels.join(' ') : '(none found)';
  return [`database: ${db}`, `kernels:  ${kernels}`];
}

/** `FILE:LINE: reason`, or `FILE: at /json/pointer: reason`; warnings say so. */
export function renderDiagnostic(d: Diagnostic): string {
  const { file, line, column, pointer } = d.location;
  const head = formatLocation({ file, line, column, pointer });
  const reason = d.severity === 'warning' ? `warning: ${d.message}` : d.message;
  return head ? `${head}: ${reason}` : reason;
}

function renderSummary(inv: Inventory, root: RootFacts | undefined): string {
  const head = [
    `format:   ${inv.format}`,
    `platform: ${inv.platform ? formatPlatform(inv.platform) : '(unknown)'}`,
    ...(root ? renderRoot(root) : []),
    ...(inv.hostname ? [`hostname: ${inv.hostname}`] : []),
    ...(inv.runningKernel ? [`kernel:   ${inv.runningKernel}`] : []),
  ];
  if (inv.windows) {
    const w = inv.windows;
    const build = w.ubr === undefined ? w.build : `${w.build}.${w.ubr}`;
    head.push(`product:  ${w.productName || '(unknown)'}`, `build:    ${build || '(unknown)'}`);
    head.push(`KBs (${w.kbs.length}): ${w.kbs.join(' ')}`);
    return head.join('\n');
  }
  head.push(`packages: ${inv.packages.length}`);
  const rows = inv.packages
    .slice(0, tableRows)
    .map((p) => [
      p.name,
      p.version,
      p.arch,
      p.sourceName === p.name && p.sourceVersion === p.version
        ? ''
        : `${p.sourceName} ${p.sourceVersion}`,
    ]);
  const more = inv.packages.length - rows.length;
  const table = rows.length ? [renderTable(['name', 'version', 'arch', 'source'], rows)] : [];
  return [...head, ...table, ...(more > 0 ? [`… ${more} more (use --json)`] : [])].join('\n');
}
