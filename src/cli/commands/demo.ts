import type { Command } from 'commander';
import { runDemo, type DemoImport } from '../../app/demo.js';
import { loadConfig } from '../../app/config.js';
import { openAppStore } from '../../app/open-store.js';
import { demoCompliance } from '../../app/report.js';
import { systemClock } from '../../domain/clock.js';
import { printJson, renderFindingCounts, renderTable, type Io } from '../output.js';
import { summaryLine } from './report.js';

/** Registers `patchline demo`: README's main job on the embedded default. */
export function registerDemo(program: Command, io: Io): void {
  program
    .command('demo')
    .description(
      'import the bundled sample estate and feeds into the configured store (SQLite ./var/patchline.db by default), evaluate, and print the inventory and findings summaries',
    )
    .option('--json', 'print JSON instead of tables')
    .option('--verbose', 'list every parser note')
    .action(async (opts: { json?: boolean; verbose?: boolean }) => {
      const config = loadConfig(process.env);
      const store = await openAppStore(config, systemClock);
      try {
        const result = await runDemo(store);
        if (opts.json) {
          printJson(io, result);
          return;
        }
        io.out(`Imported ${result.imported} inventories into ${config.databaseUrl}\n`);
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
        io.out(renderFindingCounts(result.findings));
        const total = result.findings.reduce((n, f) => n + f.total, 0);
        io.out(`${total} findings on ${result.findings.filter((f) => f.total > 0).length} assets`);
        io.out(`\nCompliance: ${summaryLine(await demoCompliance(store, systemClock))}`);
        if (opts.verbose) {
          for (const d of result.diagnostics) {
            io.err(`note: ${d.location.file ?? ''}: ${d.message}`);
          }
        } else if (result.diagnostics.length > 0) {
          io.err(`${result.diagnostics.length} parser notes (--verbose lists them)`);
        }
      } finally {
        await store.close();
      }
    });
}

function storedAs(i: DemoImport | undefined): string {
  if (!i) return '';
  if (i.form === 'full') return 'full set';
  return `delta +${i.added} -${i.removed} ~${i.changed}`;
}
