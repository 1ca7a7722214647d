import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { countFindings } from '../../app/evaluate-fleet.js';
import {
  evaluateStored,
  exposure,
  feedFreshness,
  listFindings,
  type FeedFreshness,
} from '../../app/findings.js';
import { afterEvaluate } from '../../app/report.js';
import { Severity, severityOrder } from '../../domain/advisory.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { toCsv } from '../csv.js';
import { printJson, renderFindingCounts, renderTable } from '../output.js';

function freshnessLine(f: readonly FeedFreshness[]): string {
  if (f.length === 0) return 'feeds: none synced (data from `import advisories` only)';
  return `feeds: ${f.map((x) => `${x.source} ${x.lastSuccessAt ?? 'never'}${x.lastError ? ' (last sync failed)' : ''}`).join(', ')}`;
}

/** Registers `evaluate`, `findings` and `exposure`: the detection results over the store. */
export function registerFindings(program: Command, ctx: CliContext): void {
  const { io } = ctx;
  program
    .command('evaluate')
    .description(
      'evaluate every stored asset against the stored advisories and summarise per asset',
    )
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      ctx.withStore(async (store) => {
        const bar =
          process.stderr.isTTY && !opts.json ? new SingleBar({ clearOnComplete: true }) : undefined;
        const result = await evaluateStored(store, (done, total) => {
          if (done === 1) bar?.start(total, 0);
          bar?.update(done);
        });
        bar?.stop();
        await afterEvaluate(store, result, ctx.clock, ctx.config.policy);
        const freshness = await feedFreshness(store);
        const rows = result.assets.map(countFindings);
        if (opts.json) {
          printJson(io, { advisoryCount: result.advisoryCount, freshness, assets: rows });
          return;
        }
        io.out(renderFindingCounts(rows));
        const total = rows.reduce((n, r) => n + r.total, 0);
        io.out(
          `${total} findings on ${result.assets.length} assets from ${result.advisoryCount} advisories`,
        );
        io.out(freshnessLine(freshness));
      }),
    );

  program
    .command('findings')
    .description('list findings from the stored fleet and advisories')
    .option('--asset <name>', 'only this asset')
    .option('--advisory <id>', 'only this advisory')
    .option('--severity <severity>', `only this severity (${severityOrder.join(', ')})`)
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV (one header row, RFC 4180)')
    .action(
      (opts: {
        asset?: string;
        advisory?: string;
        severity?: string;
        json?: boolean;
        csv?: boolean;
      }) =>
        ctx.withStore(async (store) => {
          const severity = opts.severity === undefined ? undefined : parseSeverity(opts.severity);
          const report = await listFindings(store, {
            ...(opts.asset !== undefined && { asset: opts.asset }),
            ...(opts.advisory !== undefined && { advisory: opts.advisory }),
            ...(severity !== undefined && { severity }),
          });
          const head = [
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
          const rows = report.findings.map((f) => [
            f.asset,
            f.kind,
            f.image,
            f.origin,
            f.severity,
            f.advisory,
            f.cves,
            f.package,
            f.installed,
            f.fixed,
            f.status,
          ]);
          if (opts.json) printJson(io, report);
          else if (opts.csv) io.out(toCsv(head, rows));
          else {
            io.out(
              renderTable(
                head,
                rows.map((r) => r.map((c) => (Array.isArray(c) ? c.slice(0, 3).join(' ') : c))),
              ),
            );
            io.out(`${report.findings.length} findings; ${freshnessLine(report.freshness)}`);
          }
        }),
    );

  program
    .command('exposure')
    .description(
      'which assets an advisory or CVE reaches, and the blast radius of each image version it hits',
    )
    .argument('<advisory-or-cve>', 'advisory id (DSA-5532-1, ALSA-2024:2447) or CVE id')
    .option('--json', 'print JSON')
    .action((query: string, opts: { json?: boolean }) =>
      ctx.withStore(async (store) => {
        const e = await exposure(store, query);
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
              a.origin,
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
