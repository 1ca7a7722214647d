import type { Command } from 'commander';
import { scanFiles } from '../../app/scan.js';
import { severityOrder } from '../../domain/advisory.js';
import type { Finding } from '../../engine/types.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

interface ScanOptions {
  inventory: string[];
  advisories: string[];
  platform?: string;
  json?: boolean;
}

/** Registers `patchline scan`: a one-shot scan that needs no store. */
export function registerScan(program: Command, ctx: CliContext): void {
  const { io } = ctx;
  program
    .command('scan')
    .description('match inventory files against advisory files or directories; needs no store')
    .requiredOption(
      '--inventory <file...>',
      'inventory files (dpkg status, rpm -qa, apk db, systeminfo, CycloneDX)',
    )
    .requiredOption(
      '--advisories <path...>',
      'advisory files or directories (OSV, Debian, USN, CSAF, MSRC CVRF, Alpine secdb; .gz/.bz2/.xz)',
    )
    .option('--platform <platform>', 'override the platform of every inventory, e.g. almalinux:9')
    .option('--json', 'print the findings as a JSON array')
    .action(async (opts: ScanOptions) => {
      const result = await scanFiles({
        inventories: opts.inventory,
        advisories: opts.advisories,
        maxInputBytes: ctx.config.maxInputBytes,
        ...(opts.platform !== undefined && { platform: opts.platform }),
      });
      for (const d of result.diagnostics.filter((x) => x.severity === 'error')) {
        io.err(
          `skipped: ${d.location.file ?? ''}${d.location.record ? ` ${d.location.record}` : ''}: ${d.message}`,
        );
      }
      if (opts.json) {
        printJson(io, sortFindings(result.findings));
        return;
      }
      io.out(
        renderTable(
          ['severity', 'asset', 'advisory', 'package', 'installed', 'fixed', 'status'],
          sortFindings(result.findings).map((f) => [
            f.severity,
            f.asset,
            f.advisory,
            f.package,
            f.installed,
            f.fixed ?? '',
            f.status,
          ]),
        ),
      );
      io.out(
        `${result.findings.length} findings on ${result.assets.length} assets from ${result.advisoryCount} advisories`,
      );
    });
}

/** Most severe first, then by asset, advisory and package, so output is stable. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => severityOrder.indexOf(f.severity);
  return [...findings].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.asset.localeCompare(b.asset) ||
      a.advisory.localeCompare(b.advisory) ||
      a.package.localeCompare(b.package),
  );
}
