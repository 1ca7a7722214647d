import type { Command } from 'commander';
import type { ComplianceReport } from '../../app/compliance.js';
import { evaluateStore } from '../../app/evaluation/index.js';
import { kbRollup } from '../../app/kb-rollup.js';
import { parseDuration, storedOrConfiguredPolicy, type Policy } from '../../app/policy.js';
import {
  complianceFromStore,
  exposureFromStore,
  filterAtRisk,
  parseGroupBy,
  takeSnapshot,
  trendFromStore,
  type ExploitFilter,
} from '../../app/report.js';
import { parseEpssMin } from '../../app/enrich-findings.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import {
  complianceDocument,
  exposureDocument,
  overdueDocument,
  trendDocument,
  waiversDocument,
} from '../../report/documents.js';
import { renderHtml, type HtmlReport, type HtmlSection } from '../../report/html.js';
import { kbRollupSection } from '../../report/kb-rollup.js';
import {
  complianceSections,
  notAssessedSections,
  overdueSection,
  summaryLine,
  waiversSection,
} from '../../report/sections.js';
import {
  complianceTable,
  displayRows,
  exposureTable,
  keysOf,
  labelsOf,
  overdueTable,
  snapshotTable,
  trendTable,
  waiverTable,
  type Tabular,
} from '../../report/tables.js';
import { toCsv } from '../../report/csv.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable, type Io } from '../output.js';
import type { Store } from '../../app/open-store.js';
import { reportSink, type ReportSink } from './report-output.js';

export { summaryLine };

interface ReportFlags {
  readonly by: string;
  readonly format: string;
  readonly policy?: string;
  readonly dueSoon: string;
  readonly cve?: boolean;
  readonly since?: string;
  readonly output?: string;
  readonly kev?: boolean;
  readonly epssMin?: string;
}

const formats = ['table', 'json', 'csv', 'html'] as const;
type Format = (typeof formats)[number];

/**
 * Registers `patchline report compliance|overdue|waivers|exposure|trend|snapshot`. Reports are
 * as of the context's clock (`--at`, `PATCHLINE_NOW`). Tables and HTML name columns in words;
 * CSV headers and JSON keep the stable field names.
 */
export function registerReport(program: Command, ctx: CliContext): void {
  const report = program
    .command('report')
    .description('Compliance, overdue findings, waivers, exposure and history');
  const sub = (
    name: string,
    description: string,
    run: (f: ReportFlags) => Promise<void>,
    opts: { by?: string; formats?: readonly Format[] } = {},
  ) =>
    report
      .command(name)
      .description(description)
      .option('--by <grouping>', 'group by tier, platform, image or label:KEY', opts.by ?? 'tier')
      .option('--format <format>', `output: ${(opts.formats ?? formats).join(', ')}`, 'table')
      .option(
        '--policy <path>',
        'policy file or directory (default: PATCHLINE_POLICY, then the active stored version)',
      )
      .option('--due-soon <duration>', 'how long before its due date a finding is due soon', '3d')
      .option('-o, --output <file>', 'write the report to FILE (atomically) instead of stdout')
      .action(run);
  sub('compliance', 'assets compliant / at risk / overdue per group, MTTR, waivers', (f) =>
    runCompliance(ctx, f, 'compliance'),
  );
  exploitFilters(
    sub('overdue', 'overdue and due-soon findings, soonest due first', (f) =>
      runCompliance(ctx, f, 'overdue'),
    ),
  );
  sub('waivers', 'every waiver: findings waived, unused, expired and what expiry reopened', (f) =>
    runCompliance(ctx, f, 'waivers'),
  );
  exploitFilters(
    sub('exposure', 'per-advisory exposure across hosts and images, with blast radius', (f) =>
      runExposure(ctx, f),
    ).option('--cve', 'per CVE instead of per advisory'),
  );
  sub(
    'trend',
    'the recorded daily snapshots (real history, not recomputed); --by all is the whole fleet',
    (f) => runTrend(ctx, f),
    { by: 'all' },
  ).option('--since <day>', 'first day to show, e.g. 2026-11-01');
  sub(
    'snapshot',
    "record today's compliance figures (evaluate also does, once a day)",
    (f) => runSnapshot(ctx, f),
    { formats: ['table', 'json', 'csv'] },
  );
}

/** `--kev` and `--epss-min` on the reports that list findings or advisories. */
function exploitFilters(cmd: Command): Command {
  return cmd
    .option('--kev', 'only known-exploited findings (vendor flag or CISA KEV)')
    .option('--epss-min <score>', 'only findings with an EPSS score at least this (0.5 or 50%)');
}

function exploitFilter(f: ReportFlags): ExploitFilter {
  return {
    ...(f.kev && { kev: true }),
    ...(f.epssMin !== undefined && { epssMin: parseEpssMin(f.epssMin) }),
  };
}

function formatOf(f: ReportFlags, allowed: readonly Format[] = formats): Format {
  const fmt = allowed.find((x) => x === f.format);
  if (!fmt) {
    throw new AppError(ErrorCode.InputInvalid, `--format ${f.format}: use ${allowed.join(', ')}`);
  }
  return fmt;
}

function dueSoon(text: string): number {
  return parseDuration(text, '--due-soon');
}

function readPolicy(ctx: CliContext, f: ReportFlags, store: Store): Promise<Policy> {
  return storedOrConfiguredPolicy(store, f.policy, ctx.config, ctx.clock.now());
}

/** Runs one report into stdout or, with `-o`, into the file, then says where it went. */
async function withSink(
  ctx: CliContext,
  f: ReportFlags,
  label: string,
  run: (io: Io) => Promise<void>,
): Promise<void> {
  const sink: ReportSink = reportSink(ctx.io, ctx.cwd, f.output);
  await run(sink.io);
  const note = sink.finish(label);
  if (note) ctx.io.err(note);
}

/** RFC 4180 as is: CRLF after every record, the last one included. */
function csv(io: Io, t: Tabular): void {
  io.out(toCsv(keysOf(t), t.rows));
}

/** Terminal tables: words for headers, cells as people read them, the empty case said. */
function tables(io: Io, sections: readonly HtmlSection[]): void {
  for (const s of sections) {
    io.out(s.table.title);
    if (s.table.rows.length === 0) io.out(s.empty ?? '(none)');
    else io.out(renderTable(labelsOf(s.table), displayRows(s.table)));
  }
}

function html(io: Io, doc: HtmlReport): void {
  io.out(renderHtml(doc));
}

type ComplianceKind = 'compliance' | 'overdue' | 'waivers';

async function runCompliance(ctx: CliContext, f: ReportFlags, what: ComplianceKind) {
  const fmt = formatOf(f);
  const by = parseGroupBy(f.by);
  const now = ctx.clock.now();
  const dueSoonMs = dueSoon(f.dueSoon);
  const filter = exploitFilter(f);
  await withSink(ctx, f, `${what} report (${fmt})`, async (io) => {
    const [policy, report] = await ctx.withStore(async (store) => {
      const p = await readPolicy(ctx, f, store);
      const r = await complianceFromStore(store, { policy: p, now, by, dueSoonMs });
      return [p, await filterAtRisk(store, r, filter)] as const;
    });
    const provenance = { policyFiles: policy.sources };
    if (fmt === 'json') {
      printJson(io, what === 'compliance' ? report : pick(report, what));
    } else if (fmt === 'csv') {
      const t = { compliance: complianceTable, overdue: overdueTable, waivers: waiverTable }[what];
      csv(io, t(report));
    } else if (fmt === 'html') {
      const doc = { compliance: complianceDocument, overdue: overdueDocument };
      html(
        io,
        what === 'waivers' ? waiversDocument(report, provenance) : doc[what](report, provenance),
      );
    } else {
      tables(
        io,
        what === 'overdue'
          ? [...notAssessedSections(report), overdueSection(report)]
          : what === 'waivers'
            ? [waiversSection(report)]
            : complianceSections(report, true),
      );
      if (report.atRiskTotal > report.atRisk.length) {
        io.out(`(listing the ${report.atRisk.length} soonest due of ${report.atRiskTotal})`);
      }
      io.out(summaryLine(report));
    }
  });
}

function pick(r: ComplianceReport, what: ComplianceKind): unknown {
  const { at: when, policyHash, clockRule } = r;
  return what === 'overdue'
    ? { at: when, policyHash, clockRule, findings: r.atRisk, notAssessed: r.notAssessed }
    : { at: when, policyHash, waivers: r.waivers };
}

async function runExposure(ctx: CliContext, f: ReportFlags): Promise<void> {
  const fmt = formatOf(f);
  const filter = exploitFilter(f);
  await withSink(ctx, f, `exposure report (${fmt})`, async (io) => {
    const [x, rollup] = await ctx.withStore(async (store) => {
      const evaluation = await evaluateStore(store, { now: ctx.clock.now() });
      return [
        await exposureFromStore(store, evaluation, filter),
        await kbRollup(store, { evaluation }),
      ] as const;
    });
    const main = f.cve ? exposureTable('cve', x.cves) : exposureTable('advisory', x.advisories);
    // The Windows roll-up follows, when the fleet has Windows findings.
    const extra = rollup.rows.length + rollup.unassigned > 0 ? [kbRollupSection(rollup)] : [];
    if (fmt === 'json') printJson(io, extra.length > 0 ? { ...x, kbRollup: rollup } : x);
    else if (fmt === 'csv') csv(io, main);
    else if (fmt === 'html') {
      const doc = exposureDocument(x, f.cve === true, ctx.clock.now().toISOString());
      html(io, { ...doc, sections: [...doc.sections, ...extra] });
    } else tables(io, [{ table: main, empty: 'No advisory is open on any asset.' }, ...extra]);
  });
}

async function runTrend(ctx: CliContext, f: ReportFlags): Promise<void> {
  const fmt = formatOf(f);
  const kind = f.by;
  await withSink(ctx, f, `trend report (${fmt})`, async (io) => {
    const points = await ctx.withStore((store) => trendFromStore(store, kind, f.since));
    if (fmt === 'json') printJson(io, { groupKind: kind, points });
    else if (fmt === 'csv') csv(io, trendTable(points));
    else if (fmt === 'html') html(io, trendDocument(kind, points));
    else tables(io, [{ table: trendTable(points), empty: 'No daily snapshot recorded yet.' }]);
  });
}

async function runSnapshot(ctx: CliContext, f: ReportFlags): Promise<void> {
  const fmt = formatOf(f, ['table', 'json', 'csv']);
  await withSink(ctx, f, `snapshot (${fmt})`, async (io) => {
    const r = await ctx.withStore(async (store) =>
      takeSnapshot(store, await readPolicy(ctx, f, store), ctx.clock),
    );
    if (fmt === 'json') printJson(io, r);
    else if (fmt === 'csv') csv(io, snapshotTable(r));
    else io.out(`snapshot ${r.day}: ${r.rows} group rows recorded`);
  });
}
