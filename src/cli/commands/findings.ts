import { Option, type Command } from 'commander';
import { evaluate } from '../../app/evaluate-fleet.js';
import type { AssetFinding, NotAssessedAsset } from '../../app/evaluation/index.js';
import {
  exposure,
  findingOrigins,
  FindingStatus,
  listFindings,
  notAssessedStatus,
  parseSort,
  type FeedFreshness,
  type FindingOrigin,
} from '../../app/findings.js';
import { parseEpssMin } from '../../app/enrich-findings.js';
import { kbRollup } from '../../app/kb-rollup.js';
import { eolSettings } from '../../app/eol.js';
import { optionalPolicy } from '../../app/policy.js';
import { configuredPolicyPath } from '../../app/policy-source.js';
import { Severity, severityOrder } from '../../domain/advisory.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { toCsv } from '../../report/csv.js';
import { findingColumns as columns } from '../../app/finding-columns.js';
import { findingNotes } from '../finding-notes.js';
import { printJson, progressBar, renderFindingCounts, renderTable } from '../output.js';

function freshnessLine(f: readonly FeedFreshness[]): string {
  if (f.length === 0) return 'feeds: none synced (data from `import advisories` only)';
  return `feeds: ${f.map((x) => `${x.source} fetched ${x.lastSuccessAt ?? 'never'}${x.dataAsOf === null ? '' : ` (data as of ${x.dataAsOf})`}${x.lastError ? ' (last sync failed)' : ''}`).join(', ')}`;
}

/** Hosts the engine could not judge, apart from the findings, with why. */
function notAssessedLines(list: readonly NotAssessedAsset[]): string[] {
  if (list.length === 0) return [];
  return [
    `${list.length} ${list.length === 1 ? 'asset' : 'assets'} not assessed (no finding means nothing was checked):`,
    ...list.map((n) => `  ${n.asset} (${n.platform ?? 'platform unknown'}): ${n.reason}`),
  ];
}

/**
 * The advisory cell of the table: the primary id, and how many other feeds' advisories report
 * the same finding ("DSA-5514-1 +1"); `--fields advisories` or `--json` lists them.
 */
export function advisoryCell(f: Pick<AssetFinding, 'advisory' | 'advisories'>): string {
  const others = (f.advisories?.length ?? 1) - 1;
  return others > 0 ? `${f.advisory} +${others}` : f.advisory;
}
const defaultFields = [
  'asset',
  'kind',
  'image',
  'origin',
  'severity',
  'advisory',
  'cves',
  'package',
  'installed',
  'fixed',
  'status',
];

interface FindingsFlags {
  asset?: string;
  advisory?: string;
  cve?: string;
  severity?: string;
  status?: FindingStatus | typeof notAssessedStatus;
  origin?: FindingOrigin;
  tier?: string;
  policy?: string;
  label: string[];
  sort?: string;
  fields?: string;
  limit?: string;
  kev?: boolean;
  epssMin?: string;
  json?: boolean;
  csv?: boolean;
  rollup?: boolean;
}

/** Registers `evaluate`, `findings` and `exposure`: the detection results over the store. */
export function registerFindings(program: Command, ctx: CliContext): void {
  const { io } = ctx;
  program
    .command('evaluate')
    .description(
      'evaluate every stored asset against the stored advisories, record SLA clocks (and with a policy, today’s snapshot) and summarise per asset',
    )
    .option(
      '--policy <path>',
      'policy file or directory (default: PATCHLINE_POLICY, then the active stored version)',
    )
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean; policy?: string }) =>
      ctx.withStore(async (store) => {
        const bar = progressBar(io, !opts.json);
        const policyPath = configuredPolicyPath(opts.policy, ctx.config);
        const result = await evaluate(store, {
          clock: ctx.clock,
          ...(policyPath !== undefined && { policyPath }),
          onProgress: (done, total) => {
            if (done === 1) bar?.start(total, 0);
            bar?.update(done);
          },
        });
        bar?.stop();
        if (opts.json) {
          printJson(io, result);
          return;
        }
        io.out(renderFindingCounts(result.assets, new Set(result.notAssessed.map((n) => n.asset))));
        io.out(
          `${result.totals.findings} findings on ${result.totals.assets} assets from ${result.advisoryCount} advisories`,
        );
        for (const line of notAssessedLines(result.notAssessed)) io.out(line);
        io.out(freshnessLine(result.freshness));
      }),
    );

  program
    .command('findings')
    .description('list findings from the stored fleet and advisories')
    .option('--asset <name>', 'only this asset (evaluates only it and its image version)')
    .option('--advisory <id>', 'only this advisory (any letter case)')
    .option('--cve <id>', 'only findings naming this CVE (any letter case)')
    .option('--severity <severity>', `only this severity (${severityOrder.join(', ')})`)
    .addOption(
      new Option(
        '--status <status>',
        'only this status (unverifiable: a version could not be compared; not-assessed: list the hosts no loaded feed could judge, with the reason)',
      ).choices([...Object.values(FindingStatus), notAssessedStatus]),
    )
    .addOption(
      new Option(
        '--origin <origin>',
        'only this origin (regressed: image findings a clone has fixed, otherwise not listed)',
      ).choices(findingOrigins),
    )
    .option('--tier <tier>', "only assets in this tier (from the policy's assignment)")
    .option(
      '--policy <path>',
      'policy file or directory for --tier (default: PATCHLINE_POLICY, then the active stored version)',
    )
    .option(
      '--label <key=value>',
      'only assets with this label (repeatable: all must match)',
      (v: string, acc: string[]) => [...acc, v],
      [],
    )
    .option('--sort <fields>', `sort by field[,field], - for descending, e.g. -severity,asset`)
    .option('--fields <fields>', `table/CSV columns (${Object.keys(columns).join(', ')})`)
    .option('--limit <n>', 'show at most n findings (after sorting)')
    .option('--kev', 'only known-exploited findings (vendor flag or CISA KEV)')
    .option('--epss-min <score>', 'only findings with an EPSS score at least this (0.5 or 50%)')
    .option('--json', 'print JSON')
    .addOption(new Option('--csv', 'print CSV (one header row, RFC 4180)').conflicts('json'))
    .addOption(
      new Option(
        '--rollup',
        'Windows: which KBs to deploy, each open finding under the newest KB that clears it (supersedence included): KB, CVEs, hosts',
      ).conflicts([
        'csv',
        'asset',
        'advisory',
        'cve',
        'severity',
        'status',
        'origin',
        'tier',
        'label',
        'sort',
        'fields',
        'limit',
        'kev',
        'epssMin',
      ]),
    )
    .action((opts: FindingsFlags) =>
      ctx.withStore(async (store) => {
        if (opts.rollup) {
          const r = await kbRollup(store);
          if (opts.json) {
            printJson(io, r);
            return;
          }
          io.out(
            renderTable(
              ['kb', 'cves', 'hosts', 'findings'],
              r.rows.map((x) => [x.kb, x.cves.length, x.hosts.length, x.findings]),
            ),
          );
          for (const x of r.rows.slice(0, 3)) {
            io.out(
              `${x.kb} clears ${plural(x.cves.length, 'CVE')} on ${plural(x.hosts.length, 'host')}`,
            );
          }
          io.out(
            `${r.findings} open Windows findings under ${r.rows.length} KBs` +
              (r.unassigned > 0
                ? `; ${r.unassigned} without a KB (unverifiable or no KB named)`
                : ''),
          );
          return;
        }
        const policy = (await optionalPolicy(store, opts.policy, ctx.config, ctx.clock.now()))
          ?.policy;
        const report = await listFindings(store, {
          now: ctx.clock.now(),
          eol: eolSettings(policy),
          ...(opts.asset !== undefined && { asset: opts.asset }),
          ...(opts.advisory !== undefined && { advisory: opts.advisory }),
          ...(opts.cve !== undefined && { cve: opts.cve }),
          ...(opts.severity !== undefined && { severity: parseSeverity(opts.severity) }),
          ...(opts.status !== undefined && { status: opts.status }),
          ...(opts.origin !== undefined && { origin: opts.origin }),
          ...(opts.tier !== undefined && { tier: opts.tier }),
          ...(opts.tier !== undefined && policy !== undefined && { policy }),
          ...(opts.label.length > 0 && { labels: parseLabels(opts.label) }),
          ...(opts.sort !== undefined && { sort: parseSort(opts.sort) }),
          ...(opts.limit !== undefined && { limit: parseLimit(opts.limit) }),
          ...(opts.kev && { kev: true }),
          ...(opts.epssMin !== undefined && { epssMin: parseEpssMin(opts.epssMin) }),
        });
        const fields =
          opts.fields !== undefined
            ? parseFields(opts.fields)
            : opts.status === FindingStatus.Unverifiable
              ? [...withEnrichment(report.findings), 'reason']
              : withEnrichment(report.findings);
        const rows = report.findings.map((f) => fields.map((c) => columns[c]!(f)));
        if (opts.json) printJson(io, report);
        else if (opts.status === notAssessedStatus) {
          const head = ['asset', 'platform', 'reason'];
          const list = report.notAssessed.map((n) => [n.asset, n.platform, n.reason]);
          io.out(opts.csv ? toCsv(head, list) : renderTable(head, list));
          if (!opts.csv) io.out(`${list.length} not assessed`);
        } else if (opts.csv) io.out(toCsv(fields, rows));
        else {
          // Reasons as footnotes on the status cell, unless shown as a column already.
          const status = fields.indexOf('status');
          const noted = status >= 0 && !fields.includes('reason');
          const notes = findingNotes(noted ? report.findings : []);
          const cell = (f: AssetFinding, c: string) =>
            c === 'advisory' ? advisoryCell(f) : columns[c]!(f);
          io.out(
            renderTable(
              fields,
              report.findings.map((f, i) =>
                fields.map((c, j) => {
                  if (j === status && notes.lines.length > 0) return notes.status(i);
                  const v = cell(f, c);
                  return Array.isArray(v) ? v.slice(0, 3).join(' ') : v;
                }),
              ),
            ),
          );
          for (const line of notes.lines) io.out(line);
          const shown =
            report.total > report.findings.length
              ? `${report.findings.length} of ${report.total} findings`
              : `${report.total} findings`;
          for (const line of notAssessedLines(report.notAssessed)) io.out(line);
          io.out(`${shown}; ${freshnessLine(report.freshness)}`);
        }
      }),
    );

  program
    .command('exposure')
    .description(
      'which assets an advisory or CVE reaches, and the blast radius of each image version it hits',
    )
    .argument('<advisory-or-cve>', 'advisory id (DSA-5532-1, ALSA-2024:2447) or CVE id, any case')
    .option('--json', 'print JSON')
    .action((query: string, opts: { json?: boolean }) =>
      ctx.withStore(async (store) => {
        const e = await exposure(store, { query });
        if (opts.json) {
          printJson(io, e);
          return;
        }
        io.out(`${query}: ${e.advisories.join(', ')}`);
        io.out(
          renderTable(
            ['asset', 'kind', 'platform', 'image', 'origin', 'packages'],
            e.assets.map((a) => [
              a.asset,
              a.kind,
              a.platform,
              a.image,
              a.origins.join(' '),
              a.packages.join(' '),
            ]),
          ),
        );
        for (const img of e.images) {
          io.out(
            `image ${img.image}: ${img.clones} clones, ${img.exposedClones.length} still exposed, ${img.fixedClones.length} fixed on the host only`,
          );
        }
      }),
    );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The default columns, plus KEV due date and EPSS when any listed finding has them. */
function withEnrichment(findings: readonly AssetFinding[]): string[] {
  return [
    ...defaultFields,
    ...(findings.some((f) => f.kev) ? ['kevDue'] : []),
    ...(findings.some((f) => f.epss) ? ['epss'] : []),
  ];
}

function parseSeverity(s: string): Severity {
  const v = Object.values(Severity).find((x) => x === s.toLowerCase());
  if (!v) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `unknown severity "${s}" (use ${severityOrder.join(', ')})`,
    );
  }
  return v;
}

function parseFields(text: string): string[] {
  const fields = text.split(',').map((f) => f.trim());
  const unknown = fields.find((f) => !(f in columns));
  if (unknown !== undefined) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `--fields ${text}: unknown field "${unknown}" (use ${Object.keys(columns).join(', ')})`,
      { location: { record: unknown } },
    );
  }
  return fields;
}

function parseLabels(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const at = p.indexOf('=');
    if (at <= 0) {
      throw new AppError(ErrorCode.InputInvalid, `--label ${p}: use key=value`, {
        location: { record: p },
      });
    }
    out[p.slice(0, at)] = p.slice(at + 1);
  }
  return out;
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new AppError(ErrorCode.InputInvalid, `--limit ${text}: a whole number of findings`);
  }
  return n;
}
