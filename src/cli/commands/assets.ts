import { Option, type Command } from 'commander';
import { listAssets } from '../../app/list-assets.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

interface AssetsFlags {
  readonly kind?: 'host' | 'image';
  readonly json?: boolean;
}

/** Registers `patchline assets [--kind K] [--json]`. */
export function registerAssets(program: Command, ctx: CliContext): void {
  program
    .command('assets')
    .description('List hosts and image versions with their platform, lineage and inventory size')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(['host', 'image']))
    .option('--json', 'print JSON for scripts')
    .action((flags: AssetsFlags) => runAssets(flags, ctx));
}

async function runAssets(flags: AssetsFlags, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  await ctx.withStore(async (store) => {
    const assets = await listAssets(store, flags.kind ? { kind: flags.kind } : {});
    if (flags.json) {
      printJson(io, assets);
      return;
    }
    if (assets.length === 0) {
      io.out('no assets yet: patchline import inventory FILE --name NAME');
      return;
    }
    const rows = assets.map((a) => [
      a.name,
      a.kind,
      a.platform ?? '',
      a.packageCount ?? '',
      a.clonedFrom?.name ?? '',
      Object.entries(a.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      a.lastInventoryAt ?? '',
    ]);
    io.out(
      renderTable(
        ['name', 'kind', 'platform', 'packages', 'image version', 'labels', 'last inventory'],
        rows,
      ),
    );
  });
}
