import type { Command } from 'commander';
import {
  enrichmentDefinitions,
  enrichmentStatus,
  importEnrichmentFile,
  syncEnrichment,
  type EnrichmentResult,
} from '../../app/enrichment.js';
import { liveSyncDeps } from '../../app/feed-catalog.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable, type Io } from '../output.js';
import { formatAge, printDiagnostics } from './feeds.js';

const ids = enrichmentDefinitions.map((d) => d.id).join(', ');

function sourcesHelp(): string {
  const lines = ['', 'Sources (document URL: PATCHLINE_FEED_<SOURCE>_URL):'];
  for (const d of enrichmentDefinitions) lines.push(`  ${d.id.padEnd(6)}${d.defaultUrl}`);
  return lines.join('\n');
}

/** Registers `patchline enrichment sync|status`: CISA KEV and FIRST EPSS, by CVE. */
export function registerEnrichment(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('enrichment')
    .description('Known-exploited (CISA KEV) and exploit-likelihood (FIRST EPSS) data by CVE');
  cmd
    .command('sync')
    .description('Fetch KEV and EPSS (conditional requests, retries) and replace what is stored')
    .argument('[source...]', `sources to sync (default all: ${ids})`)
    .option('--url <url>', 'document URL for the one SOURCE (else PATCHLINE_FEED_<SOURCE>_URL)')
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', sourcesHelp)
    .action((sources: string[], flags: { url?: string; json?: boolean }) =>
      ctx.withStore(async (store) => {
        const results = await syncEnrichment(
          store,
          { sources, ...(flags.url !== undefined && { url: flags.url }) },
          liveSyncDeps(ctx.clock, ctx.env, undefined),
        );
        report(ctx.io, results, flags.json === true);
      }),
    );
  cmd
    .command('status')
    .description('What each source holds: rows, document version and date, age')
    .option('--json', 'print JSON for scripts')
    .action((flags: { json?: boolean }) =>
      ctx.withStore(async (store) => {
        const list = await enrichmentStatus(store, ctx.clock);
        if (flags.json) {
          printJson(ctx.io, list);
          return;
        }
        ctx.io.out(
          renderTable(
            ['source', 'rows', 'version', 'document date', 'stored', 'age', 'last error'],
            list.map((s) => [
              s.source,
              String(s.rows),
              s.version ?? '-',
              s.documentDate ?? '-',
              s.storedAt ?? 'never',
              s.ageSeconds === null ? '-' : formatAge(s.ageSeconds),
              s.lastError ?? '',
            ]),
          ),
        );
      }),
    );
}

/** Adds `import kev FILE` and `import epss FILE` under `import` (air-gapped sites). */
export function registerImportEnrichment(importCmd: Command, ctx: CliContext): void {
  for (const d of enrichmentDefinitions) {
    importCmd
      .command(d.id)
      .description(`Replace the stored ${d.title} with a downloaded file (.gz/.bz2/.xz read)`)
      .argument(
        '<file>',
        d.id === 'kev' ? 'known_exploited_vulnerabilities.json' : 'epss_scores-YYYY-MM-DD.csv.gz',
      )
      .option('--json', 'print JSON for scripts')
      .action((file: string, flags: { json?: boolean }) =>
        ctx.withStore(async (store) => {
          const r = await importEnrichmentFile(store, d.id, file, {
            maxInputBytes: ctx.config.maxInputBytes,
          });
          report(ctx.io, [r], flags.json === true);
        }),
      );
  }
}

/**
 * Prints the results; a failed source throws FEED_UNAVAILABLE (exit 1), skipped rows with the
 * rest stored throw PARTIAL (exit 1), both after the table.
 */
function report(io: Io, results: readonly EnrichmentResult[], json: boolean): void {
  if (json) printJson(io, results);
  else {
    for (const r of results) printDiagnostics(io, r.source, r.diagnostics);
    io.out(
      renderTable(
        ['source', 'status', 'rows', 'skipped', 'version', 'document date'],
        results.map((r) => [
          r.source,
          r.status,
          String(r.rows),
          String(r.skipped),
          r.version ?? '-',
          r.documentDate ?? '-',
        ]),
      ),
    );
  }
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    throw new AppError(
      ErrorCode.FeedUnavailable,
      `${failed.length} source(s) failed: ${failed.map((r) => `${r.source}: ${r.error ?? 'failed'}`).join('; ')}`,
    );
  }
  const partial = results.filter((r) => r.status === 'partial');
  if (partial.length > 0) {
    throw new AppError(
      ErrorCode.Partial,
      `${partial.map((r) => `${r.source}: ${r.skipped} row(s) skipped`).join('; ')}, the others stored`,
    );
  }
}
