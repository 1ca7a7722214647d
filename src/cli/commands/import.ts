import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadEstate } from '../../app/estate.js';
import {
  importEstate,
  type EstateAssetOutcome,
  type ImportEstateResult,
} from '../../app/import-estate.js';
import {
  importInventoryFile,
  inventoryFormats,
  parseLabels,
  type ImportInventoryFileResult,
} from '../../app/import-inventory.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { InventoryFormat } from '../../domain/inventory.js';
import type { CliContext } from '../context.js';
import { errorJson, reportedInJson } from '../json-errors.js';
import { printJson, progressBar, renderTable } from '../output.js';
import { registerImportEnrichment } from './enrichment.js';
import { registerImportAdvisories } from './feeds.js';
import { renderDiagnostic } from './inventory.js';

interface ImportFlags {
  readonly name: string;
  readonly label: string[];
  readonly imageVersion?: string;
  readonly format: InventoryFormat | 'auto';
  readonly platform?: string;
  readonly kind: 'host' | 'image';
  readonly osRelease?: string;
  readonly kernel?: string;
  readonly reason?: string;
  readonly allowShrink?: boolean;
  readonly json?: boolean;
}

interface EstateFlags {
  readonly batchSize: number;
  readonly reason?: string;
  readonly json?: boolean;
}

/** Registers `patchline import inventory FILE --name N …` and `import estate PATH`. */
export function registerImport(program: Command, ctx: CliContext): void {
  const cmd = program.command('import').description('Import data into the store');
  cmd
    .command('inventory')
    .description('Store a host or image-version inventory (upsert by name; replaces its inventory)')
    .argument(
      '<file>',
      'dpkg status, rpm -qa output, apk installed db, systeminfo, CycloneDX; or a directory: a root file system (mounted image, unpacked rootfs)',
    )
    .requiredOption('--name <name>', 'asset name (an image version may be written NAME@VERSION)')
    .option('--label <key=value>', 'label, repeatable; replaces the stored labels', collect, [])
    .option('--image-version <id>', 'id or name of the image version this host was cloned from')
    .addOption(
      new Option('--format <format>', 'inventory format')
        .choices(['auto', ...inventoryFormats])
        .default('auto'),
    )
    .option(
      '--platform <platform>',
      'platform, e.g. debian:12 or windows:10.0.17763:server:x64[:core] (overrides what the file says)',
    )
    .addOption(new Option('--kind <kind>', 'asset kind').choices(['host', 'image']).default('host'))
    .option('--os-release <file>', '/etc/os-release captured from the same machine')
    .option('--kernel <release>', '`uname -r` of the running kernel')
    .option('--reason <text>', 'why, for the audit log')
    .option('--allow-shrink', 'store it even if it lost over half the packages or libc/base/kernel')
    .option('--json', 'print JSON for scripts')
    .action((file: string, flags: ImportFlags) => runImport(file, flags, ctx));
  cmd
    .command('estate')
    .description(
      'Store every inventory an estate manifest lists, in batches of one transaction each; a file that cannot be read or parsed, or an asset the store refuses, is reported and the rest are stored',
    )
    .argument('<path>', 'directory holding estate.json, or the manifest file itself')
    .option('--batch-size <n>', 'assets per transaction', positiveInt, 500)
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      `
The manifest is JSON: {"assets": [{"name", "kind": "host"|"image", "file", "platform"?,
"imageVersion"?, "labels"?}]}, files relative to it. Images are stored first, so their clones
are stored as deltas. See samples/estate/estate.json.

Exit codes: 0 every asset stored; 1 PARTIAL: some assets refused (listed), the rest stored;
2 unusable manifest. When every asset is refused, the first refusal is the error (its code).`,
    )
    .action((path: string, flags: EstateFlags) => runImportEstate(path, flags, ctx));
  registerImportAdvisories(cmd, ctx);
  registerImportEnrichment(cmd, ctx);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
}

async function runImport(file: string, flags: ImportFlags, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const labels = flags.label.length > 0 ? parseLabels(flags.label) : undefined;
  await ctx.withStore(async (store) => {
    const result = await importInventoryFile(store, {
      file,
      name: flags.name,
      kind: flags.kind,
      format: flags.format,
      actor: ctx.actor,
      maxInputBytes: ctx.config.maxInputBytes,
      ...(labels && { labels }),
      ...(flags.imageVersion !== undefined && { imageVersion: flags.imageVersion }),
      ...(flags.platform !== undefined && { platform: flags.platform }),
      ...(flags.osRelease !== undefined && { osReleaseFile: flags.osRelease }),
      ...(flags.kernel !== undefined && { kernel: flags.kernel }),
      ...(flags.reason !== undefined && { reason: flags.reason }),
      ...(flags.allowShrink && { allowShrink: true }),
    });
    for (const d of result.diagnostics) io.err(renderDiagnostic(d));
    if (flags.json) {
      printJson(io, toJson(result));
      return;
    }
    io.out(renderResult(result));
  });
}

function toJson(r: ImportInventoryFileResult): unknown {
  const a = r.asset;
  return {
    created: r.created,
    asset: {
      id: a.id,
      kind: a.kind,
      name: a.name,
      platform: a.platform,
      labels: a.labels,
      clonedFrom: a.clonedFrom,
      imageVersion: r.imageVersion,
      packageCount: r.inventory.packageCount,
      lastInventoryAt: a.lastInventoryAt,
    },
    inventory: r.inventory,
    assessment: r.assessment,
    ...(r.root && { root: r.root }),
    diagnostics: r.diagnostics,
  };
}

export function renderResult(r: ImportInventoryFileResult): string {
  const inv = r.inventory;
  const what = `${r.created ? 'imported' : 're-imported'} ${r.asset.kind} ${r.asset.name} (${r.asset.platform ?? 'unknown platform'})`;
  const notes =
    noteCounts(r.diagnostics) +
    (r.assessment.status === 'not-assessed' ? `; not assessed — ${r.assessment.reason}` : '');
  if (r.windows) {
    const w = r.windows;
    const build = w.ubr === undefined ? w.build : `${w.build}.${w.ubr}`;
    const back = inv.unretired ? `; no longer retired (retired ${inv.unretired.at})` : '';
    return `${what}: ${w.kbs.length} KBs, build ${build || 'unknown'}${notes}${back}`;
  }
  const how =
    inv.form === 'delta'
      ? `stored as delta to ${r.imageVersion ?? '?'} (+${inv.added} -${inv.removed} ~${inv.changed})`
      : `stored as package set ${inv.contentHash.slice(0, 12)}`;
  const back = inv.unretired ? `; no longer retired (retired ${inv.unretired.at})` : '';
  const line = `${what}: ${inv.packageCount} packages, ${how}${notes}${back}`;
  if (!r.root) return line;
  // A root is not running: these are the kernels it has, not the one it runs.
  const kernels = r.root.kernels.length ? r.root.kernels.join(' ') : '(none found)';
  return `${line}\nkernels installed: ${kernels}`;
}

/** `, 2 records skipped, 1 warning`: errors are records left out, warnings are only notes. */
function noteCounts(list: readonly { readonly severity: string }[]): string {
  const skipped = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - skipped;
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return [
    ...(skipped > 0 ? [plural(skipped, 'record') + ' skipped'] : []),
    ...(warnings > 0 ? [plural(warnings, 'warning')] : []),
  ]
    .map((p) => `, ${p}`)
    .join('');
}

/** Above this many assets the table lists the refused ones only; `--json` lists every one. */
const tableLimit = 1000;

async function runImportEstate(path: string, flags: EstateFlags, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const estate = await loadEstate(path);
  const bar = progressBar(io, !flags.json);
  const listAll = estate.assets.length <= tableLimit;
  const rows: EstateAssetOutcome[] = [];
  const json = flags.json ? jsonStream(io) : undefined;
  let result: ImportEstateResult;
  try {
    result = await ctx.withStore((store) =>
      importEstate(store, estate, {
        actor: ctx.actor,
        batchSize: flags.batchSize,
        onProgress: (done, total) => {
          if (done === 0) bar?.start(total, 0);
          else bar?.update(done);
        },
        onAsset: (a) => {
          if (json) json.asset(a);
          else if (listAll || a.status === 'refused') rows.push(a);
        },
        ...(flags.reason !== undefined && { reason: flags.reason }),
      }),
    );
  } finally {
    bar?.stop();
  }
  for (const d of result.diagnostics) io.err(renderDiagnostic(d));
  const total = estate.assets.length;
  const failure = estateFailure(result, total, path);
  if (json) {
    const { stored, created, refused, full, delta, files, diagnostics } = result;
    json.end({
      stored,
      created,
      refused,
      full,
      delta,
      files,
      diagnostics,
      ...(failure && { error: errorJson(failure) }),
    });
  } else {
    io.out(
      renderTable(
        ['asset', 'kind', 'packages', 'stored as'],
        rows.map((a) => [a.name, a.kind, a.status === 'stored' ? a.packageCount : '', storedAs(a)]),
      ),
    );
    if (!listAll) {
      io.out(`(${result.stored} stored assets not listed: over ${tableLimit}; --json lists all)`);
    }
    io.out(
      `${total} assets: ${result.stored} stored (${result.created} new), ${result.refused} refused`,
    );
  }
  if (failure) throw json ? reportedInJson(failure) : failure;
}

/** PARTIAL when some assets were refused; the first refusal itself when nothing was stored. */
function estateFailure(
  result: ImportEstateResult,
  total: number,
  path: string,
): AppError | undefined {
  const refused = result.refusedAssets;
  const first = refused[0];
  if (!first) return undefined;
  if (result.stored === 0) {
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more assets refused)` : '';
    return new AppError(first.error.code, `${first.name}: ${first.error.message}${more}`, {
      cause: first.error,
      ...(first.error.location && { location: first.error.location }),
    });
  }
  return new AppError(
    ErrorCode.Partial,
    `${refused.length} of ${total} assets refused, the others were stored: ${refused.map((a) => `${a.name} (${a.error.code})`).join(', ')}`,
    { location: { file: path } },
  );
}

/**
 * Writes `{"assets": [...], ...totals}` as the assets are stored, one per line, so the output
 * of a large estate is never held in memory. On a store failure the document stops short.
 */
function jsonStream(io: CliContext['io']) {
  let held: EstateAssetOutcome | undefined;
  io.out('{\n  "assets": [');
  return {
    asset(a: EstateAssetOutcome): void {
      if (held) io.out(`    ${JSON.stringify(held)},`);
      held = a;
    },
    end(totals: Record<string, unknown>): void {
      if (held) io.out(`    ${JSON.stringify(held)}`);
      io.out(`  ],\n${JSON.stringify(totals, null, 2).slice(2)}`);
    },
  };
}

function storedAs(a: EstateAssetOutcome): string {
  if (a.status === 'refused') {
    const l = a.error.location;
    const where =
      l?.line === undefined
        ? ''
        : l.file === a.file
          ? ` (line ${l.line})`
          : ` (${l.file ?? ''}:${l.line}:${l.column ?? 1})`;
    return `REFUSED ${a.error.code}: ${a.error.message}${where}`;
  }
  const back = a.unretired ? `, no longer retired (retired ${a.unretired.at})` : '';
  if (a.form === 'full') return `full${back}`;
  return `delta +${a.added} -${a.removed} ~${a.changed}${back}`;
}
