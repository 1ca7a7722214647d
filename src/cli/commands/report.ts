import type { Command } from 'commander';
import type { ComplianceReport } from '../../app/compliance.js';
import { resolvePolicyPath } from '../../app/policy-source.js';
import {
  complianceFromStore,
  exposureFromStore,
  parseGroupBy,
  takeSnapshot,
  trendFromStore,
} from '../../app/report.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import { durationMs, loadPolicy, type Policy } from '../../policy/index.js';
import { renderHtml, type HtmlSection } from '../../report/html.js';
import { complianceSections, summaryLine } from '../../report/sections.js';
import { exposureTable, overdueTable, trendTable, waiverTable } from '../../report/tables.js';
import { toCsv } from '../csv.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable, type Io } from '../output.js';

export { summaryLine };

interface ReportFlags {
  readonly by: string;
  readonly format: string;
  readonly policy?: string;
  readonly dueSoon: string;
  readonly cve?: boolean;
  readonly since?: string;
}

const formats = ['table', 'json', 'csv', 'html'] as const;
type Format = (typeof formats)[number];

/**
 * Registers `patchline report compliance|overdue|waivers|exposure|trend|snapshot`. Reports are
 * as of the context's clock (`--at`, `PATCHLINE_NOW`).
 */
export function registerReport(program: Command, ctx: CliContext): void {
  const { io } = ctx;
  const report = program
    .command('report')
    .description('Compliance, overdue findings, waivers, exposure and history');
  const sub = (
    name: string,
    description: string,
    run: (f: ReportFlags) => Promise<void>,
    byDefault = 'tier',
  ) =>
    report
      .command(name)
      .description(description)
      .option('--by <grouping>', 'group by tier, platform, image or label:KEY', byDefault)
      .option('--format <format>', `output: ${formats.join(', ')}`, 'table')
      .option('--policy <path>', 'policy file or directory (default: PATCHLINE_POLICY)')
      .option('--due-soon <duration>', 'how long before its due date a finding is due soon', '3d')
      .action(run);
  sub('compliance', 'assets compliant / at risk / overdue per group, MTTR, waivers', (f) =>
    runCompliance(ctx, f, 'compliance'),
  );
  sub('overdue', 'overdue and due-soon findings, soonest due first', (f) =>
    runCompliance(ctx, f, 'overdue'),
  );
  sub('waivers', 'every waiver: findings waived, unused, expired and what expiry reopened', (f) =>
    runCompliance(ctx, f, 'waivers'),
  );
  sub('exposure', 'per-advisory exposure across hosts and images, with blast radius', (f) =>
    runExposure(ctx, f),
  ).option('--cve', 'per CVE instead of per advisory');
  sub(
    'trend',
    'the recorded daily snapshots (real history, not recomputed); --by all is the whole fleet',
    (f) => runTrend(ctx, f),
    'all',
  ).option('--since <day>', 'first day to show, e.g. 2026-11-01');
  sub('snapshot', "record today's compliance figures (evaluate also does, once a day)", (f) =>
    ctx.withStore(async (store) => {
      const r = await takeSnapshot(store, readPolicy(ctx, f), ctx.clock);
      io.out(`snapshot ${r.day}: ${r.rows} group rows recorded`);
    }),
  );
}

function formatOf(f: ReportFlags): Format {
  const fmt = formats.find((x) => x === f.format);
  if (!fmt) {
    throw new AppError(ErrorCode.InputInvalid, `--format ${f.format}: use ${formats.join(', ')}`);
  }
  return fmt;
}

function dueSoon(text: string): number {
  try {
    return durationMs(text);
  } catch (e) {
    throw new AppError(ErrorCode.InputInvalid, `--due-soon ${text}: a duration like 3d or 36h`, {
      cause: e,
    });
  }
}

function readPolicy(ctx: CliContext, f: ReportFlags): Policy {
  return loadPolicy(resolvePolicyPath(f.policy, ctx.config));
}

function emit(io: Io, fmt: Format, title: string, meta: Record<string, string>, s: HtmlSection[]) {
  if (fmt === 'csv') {
    const t = s[0]!.table;
    io.out(toCsv(t.head, t.rows).replace(/\r\n$/, ''));
    return;
  }
  if (fmt === 'html') {
    io.out(renderHtml({ title, meta, sections: s }));
    return;
  }
  for (const { table } of s) {
    io.out(`${table.title}`);
    io.out(table.rows.length === 0 ? '(none)' : renderTable(table.head, table.rows));
  }
}

async function runCompliance(ctx: CliContext, f: ReportFlags, what: string): Promise<void> {
  const { io } = ctx;
  const fmt = formatOf(f);
  const policy = readPolicy(ctx, f);
  const by = parseGroupBy(f.by);
  const now = ctx.clock.now();
  const dueSoonMs = dueSoon(f.dueSoon);
  const report = await ctx.withStore((store) =>
    complianceFromStore(store, { policy, now, by, dueSoonMs }),
  );
  if (fmt === 'json') {
    printJson(io, what === 'compliance' ? report : pick(report, what));
    return;
  }
  const meta = {
    'as of': report.at,
    'policy sha256': report.policyHash,
    'policy files': policy.sources.join(', '),
  };
  const sections: HtmlSection[] =
    what === 'overdue'
      ? [{ table: overdueTable(report) }]
      : what === 'waivers'
        ? [{ table: waiverTable(report) }]
        : complianceSections(report, fmt === 'table');
  emit(io, fmt, `Patchline ${what} report`, meta, sections);
  if (fmt !== 'table') return;
  if (report.atRiskTotal > report.atRisk.length) {
    io.out(`(listing the ${report.atRisk.length} soonest due of ${report.atRiskTotal})`);
  }
  io.out(summaryLine(report));
}

function pick(r: ComplianceReport, what: string): unknown {
  const { at: when, policyHash } = r;
  return what === 'overdue'
    ? { at: when, policyHash, findings: r.atRisk }
    : { at: when, policyHash, waivers: r.waivers };
}

async function runExposure(ctx: CliContext, f: ReportFlags): Promise<void> {
  const { io } = ctx;
  const fmt = formatOf(f);
  const x = await ctx.withStore((store) => exposureFromStore(store));
  if (fmt === 'json') {
    printJson(io, x);
    return;
  }
  const main = f.cve ? exposureTable('cve', x.cves) : exposureTable('advisory', x.advisories);
  const other = f.cve ? exposureTable('advisory', x.advisories) : exposureTable('cve', x.cves);
  const top = (f.cve ? x.cves : x.advisories).slice(0, 20);
  emit(io, fmt, 'Patchline exposure report', {}, [
    {
      table: main,
      chart: {
        kind: 'bars',
        title: 'Hosts exposed and blast radius',
        series: [
          { name: 'hosts exposed', color: '#d2463c' },
          { name: 'images', color: '#7b5cd6' },
          { name: 'blast radius', color: '#e0a526' },
        ],
        bars: top.map((e) => ({ label: e.id, values: [e.hosts, e.images, e.blastRadius] })),
      },
    },
    ...(fmt === 'html' ? [{ table: other }] : []),
  ]);
}

async function runTrend(ctx: CliContext, f: ReportFlags): Promise<void> {
  const { io } = ctx;
  const fmt = formatOf(f);
  const kind = f.by;
  const points = await ctx.withStore((store) => trendFromStore(store, kind, f.since));
  if (fmt === 'json') {
    printJson(io, { groupKind: kind, points });
    return;
  }
  const overall = kind === 'all' ? points : [];
  emit(io, fmt, 'Patchline compliance trend', { 'group kind': kind }, [
    {
      table: trendTable(points),
      chart: {
        kind: 'line',
        title: 'SLA adherence over time',
        points: overall.map((p) => ({ x: p.day, y: p.adherencePct })),
      },
    },
  ]);
}
