import { Option, type Command } from 'commander';
import { checkAdvisorySource, feedCatalog, liveSyncDeps } from '../../app/feed-catalog.js';
import { enrichmentDefinitions } from '../../app/enrichment.js';
import {
  describeProgress,
  feedFreshness,
  newestOf,
  type SourceSyncResult,
} from '../../app/feeds.js';
import {
  importAdvisoryPaths,
  reparseStored,
  type ImportAdvisoriesResult,
} from '../../app/import-advisories.js';
import { syncAll, syncableSources } from '../../app/sync-all.js';
import type { Diagnostic } from '../../domain/diagnostics.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson, progressBar, renderTable, type Io } from '../output.js';
import { renderDiagnostic } from './inventory.js';

/** The feeds, where they are fetched from by default, and the variables that change that. */
function feedHelp(): string {
  const lines = [
    '',
    'Feeds (base URL: PATCHLINE_FEED_<SOURCE>_URL, options: PATCHLINE_FEED_<SOURCE>_<OPTION>):',
  ];
  for (const f of feedCatalog()) {
    lines.push(`  ${f.id.padEnd(15)}${f.defaultBaseUrl}`);
    for (const o of f.options) lines.push(`  ${''.padEnd(15)}${o.env}=${o.default || '(all)'}`);
  }
  lines.push('', 'Enrichment (document URL: PATCHLINE_FEED_<SOURCE>_URL; also `enrichment sync`):');
  for (const d of enrichmentDefinitions) lines.push(`  ${d.id.padEnd(15)}${d.defaultUrl}`);
  return lines.join('\n');
}

/** Diagnostics printed per feed; the rest are counted. */
const shownDiagnostics = 20;

/** Registers `patchline feeds sync|status|reparse`. */
export function registerFeeds(program: Command, ctx: CliContext): void {
  const feeds = program
    .command('feeds')
    .description('Download vendor advisory feeds and show how fresh they are');
  feeds
    .command('sync')
    .description(
      'Fetch feeds (conditional requests, retries); one failing feed does not stop others',
    )
    .argument('[source...]', `feeds to sync (default all: ${syncableSources().join(', ')})`)
    .option(
      '--base-url <url>',
      'base URL for the one SOURCE, document URL for kev/epss (else PATCHLINE_FEED_<SOURCE>_URL)',
    )
    .option('--json', 'print JSON for scripts')
    .action((sources: string[], flags: { baseUrl?: string; json?: boolean }) =>
      runSync(ctx, sources, flags),
    )
    .addHelpText('after', feedHelp);
  feeds
    .command('status')
    .description('Last attempt, last success and age of the data per feed')
    .option('--json', 'print JSON for scripts')
    .action((flags: { json?: boolean }) => runStatus(ctx, flags));
  feeds
    .command('reparse')
    .description('Parse kept raw payloads again (after a parser change) without fetching')
    .argument('[source]', 'only this source')
    .addOption(new Option('--all', 'also payloads already parsed by the current parser'))
    .option('--json', 'print JSON for scripts')
    .action((source: string | undefined, flags: { all?: boolean; json?: boolean }) =>
      runReparse(ctx, source, flags),
    );
}

async function runSync(
  ctx: CliContext,
  sources: string[],
  flags: { baseUrl?: string; json?: boolean },
): Promise<void> {
  const { io } = ctx;
  const bar = progressBar(io, !flags.json, barFormat);
  let results: SourceSyncResult[];
  try {
    results = await ctx.withStore((store) =>
      syncAll(
        store,
        { sources, ...(flags.baseUrl !== undefined && { baseUrl: flags.baseUrl }) },
        liveSyncDeps(ctx.clock, ctx.env, (p) => {
          const detail = describeProgress(p);
          if (p.done === 0 && p.bytes === undefined && p.note === undefined) {
            bar?.start(p.total, 0, { source: p.source, detail });
          }
          bar?.update(p.done, { source: p.source, detail });
          if (p.done === p.total) bar?.stop();
        }),
      ),
    );
  } finally {
    bar?.stop();
  }
  if (flags.json) printJson(io, results);
  else {
    for (const r of results) printDiagnostics(io, r.source, r.diagnostics);
    io.out(renderSyncTable(results));
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    // Every failure partial (some records stored): PARTIAL; a feed that failed whole: unavailable.
    const partial = failed.every((r) => r.status === 'partial');
    throw new AppError(
      partial ? ErrorCode.Partial : ErrorCode.FeedUnavailable,
      `${failed.length} feed(s) ${partial ? 'incomplete' : 'failed'}: ${failed.map((r) => `${r.source}: ${r.error ?? 'failed'}`).join('; ')}`,
    );
  }
}

/** Per feed: documents fetched/unchanged/failed, advisories inserted/updated/unchanged. */
export function renderSyncTable(results: readonly SourceSyncResult[]): string {
  return renderTable(
    [
      'source',
      'status',
      'fetched',
      'unchanged',
      'failed',
      'inserted',
      'updated',
      'same',
      'diagnostics',
    ],
    results.map((r) => {
      // Enrichment rows are scores and flags by CVE, not advisories.
      const counts =
        'enrichment' in r
          ? ['-', '-', '-']
          : [r.advisories.inserted, r.advisories.updated, r.advisories.unchanged].map(String);
      return [
        r.source,
        r.ok ? 'ok' : 'FAILED',
        String(r.documents.fetched),
        String(r.documents.unchanged),
        String(r.documents.failed),
        ...counts,
        String(r.diagnostics.length),
      ];
    }),
  );
}

/** Prints up to `shownDiagnostics` of a source's diagnostics to stderr. */
export function printDiagnostics(io: Io, source: string, list: readonly Diagnostic[]): void {
  for (const d of list.slice(0, shownDiagnostics)) io.err(`${source}: ${renderDiagnostic(d)}`);
  if (list.length > shownDiagnostics) {
    io.err(`${source}: … ${list.length - shownDiagnostics} more diagnostic(s)`);
  }
}

async function runStatus(ctx: CliContext, flags: { json?: boolean }): Promise<void> {
  const { io } = ctx;
  await ctx.withStore(async (store) => {
    const list = await feedFreshness(store, ctx.clock);
    if (flags.json) {
      printJson(io, list);
      return;
    }
    io.out(
      renderTable(
        [
          'source',
          'last success',
          'age',
          'data as of',
          'data age',
          'last attempt',
          'advisories',
          'last error',
        ],
        list.map((f) => [
          f.source,
          f.lastSuccessAt ?? 'never',
          f.ageSeconds === null ? '-' : `${formatAge(f.ageSeconds)}${f.stale ? ' (stale)' : ''}`,
          newestOf(f.newestAdvisory, f.documentDate) ?? '-',
          f.dataAgeSeconds === null ? '-' : formatAge(f.dataAgeSeconds),
          f.lastAttemptAt ?? 'never',
          String(f.advisories),
          f.lastError ?? '',
        ]),
      ),
    );
  });
}

/** `3d 4h`, `5h 12m`, `42s`. */
export function formatAge(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m`;
  return `${seconds}s`;
}

async function runReparse(
  ctx: CliContext,
  source: string | undefined,
  flags: { all?: boolean; json?: boolean },
): Promise<void> {
  const { io } = ctx;
  if (source !== undefined) checkAdvisorySource(source);
  await ctx.withStore(async (store) => {
    const r = await reparseStored(store, {
      ...(source !== undefined && { source }),
      ...(flags.all && { all: true }),
    });
    if (flags.json) {
      printJson(io, r);
      return;
    }
    printDiagnostics(io, source ?? 'reparse', r.diagnostics);
    const c = r.counts;
    io.out(
      `re-parsed ${r.reparsed} payload(s), ${r.current} already current: ` +
        `${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged` +
        (r.failedDocuments > 0 ? `, ${r.failedDocuments} document(s) unreadable` : ''),
    );
  });
}

/** Adds `import advisories PATH…` under the `import` command (air-gapped sites). */
export function registerImportAdvisories(importCmd: Command, ctx: CliContext): void {
  importCmd
    .command('advisories')
    .description('Store advisory files or directories, format detected (.gz/.bz2/.xz/.zip read)')
    .argument('<path...>', 'files or directories of vendor advisory data')
    .option('--source <id>', 'read every file with this parser instead of detecting it')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      `
Exit codes: 0 every file read; 1 PARTIAL: some files could not be read (named), the rest were
stored; 2 no file could be read (the first one's error), or a bad path or --source.`,
    )
    .action((paths: string[], flags: { source?: string; json?: boolean }) =>
      runImportAdvisories(ctx, paths, flags),
    );
}

async function runImportAdvisories(
  ctx: CliContext,
  paths: string[],
  flags: { source?: string; json?: boolean },
): Promise<void> {
  const { io } = ctx;
  const bar = progressBar(io, !flags.json, barFormat);
  let r: ImportAdvisoriesResult;
  try {
    r = await ctx.withStore((store) =>
      importAdvisoryPaths(store, paths, {
        actor: ctx.actor,
        maxInputBytes: ctx.config.maxInputBytes,
        ...(flags.source !== undefined && { source: flags.source }),
        onProgress: (done, total) => {
          if (done === 0) bar?.start(total, 0, { source: 'import', detail: '' });
          bar?.update(done);
        },
      }),
    );
  } finally {
    bar?.stop();
  }
  if (flags.json) printJson(io, { ...r, files: r.files.map(({ diagnostics: _d, ...f }) => f) });
  else {
    printDiagnostics(io, 'import', r.diagnostics);
    io.out(
      renderTable(
        ['file', 'source', 'documents', 'failed', 'inserted', 'updated', 'same', 'payload'],
        r.files.map((f) => [
          f.file,
          f.sources.join(',') || '-',
          String(f.documents),
          String(f.failedDocuments),
          String(f.counts.inserted),
          String(f.counts.updated),
          String(f.counts.unchanged),
          f.newPayload ? 'new' : 'known',
        ]),
      ),
    );
    const t = r.totals;
    io.out(`${t.inserted} inserted, ${t.updated} updated, ${t.unchanged} unchanged`);
  }
  throwIfFailed(r);
  throwIfPartial(r);
}

const barFormat = '{source} [{bar}] {value}/{total} {detail}';

/**
 * Files none of whose documents could be read: when others were stored, PARTIAL (exit 1)
 * naming them; when every file failed, the first file's own failure.
 */
function throwIfFailed(r: ImportAdvisoriesResult): void {
  const failed = r.files.filter((f) => f.documents > 0 && f.failedDocuments === f.documents);
  const first = failed[0];
  if (!first) return;
  const reason = first.diagnostics.find((d) => d.severity === 'error');
  if (failed.length === r.files.length) {
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more files like it)` : '';
    throw new AppError(
      ErrorCode.AdvisoryInvalid,
      `${reason?.message ?? 'no advisory could be read'}${more}`,
      { location: reason?.location ?? { file: first.file } },
    );
  }
  const stored = r.files.length - failed.length;
  throw new AppError(
    ErrorCode.Partial,
    `${failed.length} of ${r.files.length} files could not be read (${failed.map((f) => f.file).join(', ')}); the other ${stored} were stored`,
    { location: { file: first.file } },
  );
}

/** Documents inside otherwise readable files that could not be read: PARTIAL (exit 1). */
function throwIfPartial(r: ImportAdvisoriesResult): void {
  if (r.ok) return;
  throw new AppError(
    ErrorCode.Partial,
    `${r.failedDocuments} document(s) inside the files could not be read; the others were stored`,
  );
}
