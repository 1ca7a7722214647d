import { Option, type Command } from 'commander';
import { loadConfig } from '../../app/config.js';
import { listAssets } from '../../app/list-assets.js';
import { openAppStore } from '../../app/open-store.js';
import { systemClock } from '../../domain/clock.js';
import { printJson, renderTable, type Io } from '../output.js';

interface AssetsFlags {
  readonly kind?: 'host' | 'image';
  readonly json?: boolean;
}

/** Registers `patchline assets [--kind K] [--json]`. */
export function registerAssets(program: Command, io: Io): void {
  program
    .command('assets')
    .description('List hosts and image versions with their platform, lineage and inventory size')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(['host', 'image']))
    .option('--json', 'print JSON for scripts')
    .action((flags: AssetsFlags) => runAssets(flags, io));
}

async function runAssets(flags: AssetsFlags, io: Io): Promise<void> {
  const store = await openAppStore(loadConfig(process.env), systemClock);
  try {
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
  } finally {
    await store.close();
  }
}
