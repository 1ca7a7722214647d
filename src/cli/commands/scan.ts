import type { Command } from 'commander';
import { scanFiles, type ScanResult } from '../../app/scan.js';
import { severityOrder } from '../../domain/advisory.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Finding } from '../../app/scan.js';
import type { CliContext } from '../context.js';
import { findingNotes } from '../finding-notes.js';
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
      'inventory files (dpkg status, rpm -qa, apk db, systeminfo, CycloneDX) or root file system directories',
    )
    .requiredOption(
      '--advisories <path...>',
      'advisory files or directories (OSV, Debian, USN, CSAF, MSRC CVRF, Alpine secdb, OVAL, OpenVEX, end-of-life tables; .gz/.bz2/.xz)',
    )
    .option('--platform <platform>', 'override the platform of every inventory, e.g. almalinux:9')
    .option('--json', 'print the findings as a JSON array')
    .addHelpText(
      'after',
      `
Exit codes: 0 every input read; 1 PARTIAL: some files or records were skipped (listed on
stderr) and the findings cover the rest; 2 bad input (a missing file, a bad --platform).`,
    )
    .action(async (opts: ScanOptions) => {
      const result = await scanFiles({
        inventories: opts.inventory,
        advisories: opts.advisories,
        maxInputBytes: ctx.config.maxInputBytes,
        ...(opts.platform !== undefined && { platform: opts.platform }),
      });
      const skipped = result.diagnostics.filter((x) => x.severity === 'error');
      for (const d of skipped) {
        io.err(
          `skipped: ${d.location.file ?? ''}${d.location.record ? ` ${d.location.record}` : ''}: ${d.message}`,
        );
      }
      if (opts.json) printJson(io, sortFindings(result.findings));
      else io.out(renderScan(result));
      if (skipped.length > 0) {
        throw new AppError(
          ErrorCode.Partial,
          `${skipped.length} item(s) could not be read (listed above); the findings cover the rest`,
          { location: { ...(skipped[0]?.location.file && { file: skipped[0].location.file }) } },
        );
      }
    });
}

function renderScan(result: ScanResult): string {
  const findings = sortFindings(result.findings);
  const notes = findingNotes(findings);
  const table = renderTable(
    ['severity', 'asset', 'advisory', 'package', 'installed', 'fixed', 'status'],
    findings.map((f, i) => [
      f.severity,
      f.asset,
      f.advisory,
      f.package,
      f.installed,
      f.fixed ?? '',
      notes.status(i),
    ]),
  );
  const unjudged = result.assets.flatMap((a) =>
    a.notAssessed === undefined
      ? []
      : [`${a.asset} (${a.platform ?? 'platform unknown'}): not assessed — ${a.notAssessed}`],
  );
  const summary = `${result.findings.length} findings on ${result.assets.length} assets from ${result.advisoryCount} advisories`;
  return [table, ...notes.lines, summary, ...unjudged].join('\n');
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
