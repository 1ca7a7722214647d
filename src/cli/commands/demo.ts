import { Option, type Command } from 'commander';
import { runDemo, type DemoImport } from '../../app/demo.js';
import { redactUrl } from '../../app/config.js';
import { sampleAsOf } from '../../app/estate.js';
import { withAppStore } from '../../app/open-store.js';
import { demoCompliance } from '../../app/report.js';
import type { CliContext } from '../context.js';
import { printJson, renderFindingCounts, renderTable } from '../output.js';
import { summaryLine } from './report.js';

/** Registers `patchline demo`: README's main job on the embedded default. */
export function registerDemo(program: Command, ctx: CliContext): void {
  const { io } = ctx;
  program
    .command('demo')
    .description(
      `import the bundled sample estate and feeds into the configured store (SQLite under PATCHLINE_HOME by default), evaluate, and print the inventory and findings summaries; runs as of the samples' own date (${sampleAsOf.toISOString()}) unless --at or PATCHLINE_NOW is given`,
    )
    .option('--json', 'print JSON instead of tables')
    .addOption(
      new Option('--verbose', 'list every parser note (JSON holds them all already)').conflicts(
        'json',
      ),
    )
    .action(async (opts: { json?: boolean; verbose?: boolean }) => {
      const clock = ctx.clockOr(sampleAsOf);
      const { config } = ctx;
      await withAppStore(config, clock, async (store) => {
        const result = await runDemo(store);
        if (opts.json) {
          printJson(io, result);
          return;
        }
        io.out(`Imported ${result.imported} inventories into ${redactUrl(config.databaseUrl)}\n`);
        io.out(
          renderTable(
            ['asset', 'kind', 'platform', 'packages', 'cloned from', 'stored as', 'labels'],
            result.assets.map((a) => [
              a.name,
              a.kind,
              a.platform ?? '?',
              a.packageCount ?? '',
              a.clonedFrom?.name ?? '',
              storedAs(result.imports.find((i) => i.name === a.name)),
              Object.entries(a.labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(' '),
            ]),
          ),
        );
        const a = result.advisories;
        io.out(
          `\nImported ${a.files} advisory files: ${a.inserted} new, ${a.updated} updated, ${a.unchanged} unchanged`,
        );
        const unjudged = result.notAssessed;
        io.out(renderFindingCounts(result.findings, new Set(unjudged.map((n) => n.asset))));
        const total = result.findings.reduce((n, f) => n + f.total, 0);
        io.out(`${total} findings on ${result.findings.filter((f) => f.total > 0).length} assets`);
        for (const n of unjudged) {
          io.out(`${n.asset} (${n.platform ?? 'platform unknown'}): not assessed — ${n.reason}`);
        }
        io.out(
          `\nCompliance as of ${clock.now().toISOString()}: ${summaryLine(await demoCompliance(store, clock))}`,
        );
        if (opts.verbose) {
          for (const d of result.diagnostics) {
            io.err(`note: ${d.location.file ?? ''}: ${d.message}`);
          }
        } else if (result.diagnostics.length > 0) {
          io.err(`${result.diagnostics.length} parser notes (--verbose lists them)`);
        }
      });
    });
}

function storedAs(i: DemoImport | undefined): string {
  if (!i) return '';
  if (i.form === 'full') return 'full set';
  return `delta +${i.added} -${i.removed} ~${i.changed}`;
}
