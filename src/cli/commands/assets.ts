import { Option, type Command } from 'commander';
import { deleteAsset, retireAsset } from '../../app/asset-lifecycle.js';
import { listAssets } from '../../app/list-assets.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

interface ListFlags {
  readonly kind?: 'host' | 'image';
  readonly all?: boolean;
  readonly json?: boolean;
}

interface ChangeFlags {
  readonly reason?: string;
  readonly json?: boolean;
}

/**
 * Registers `patchline assets [list] [--kind K] [--all] [--json]` (listing is the default, so
 * the bare `assets` keeps working), `assets retire NAME` and `assets delete NAME`.
 */
export function registerAssets(program: Command, ctx: CliContext): void {
  const listOptions = (c: Command): Command =>
    c
      .addOption(new Option('--kind <kind>', 'only this kind').choices(['host', 'image']))
      .option('--all', 'include retired assets, with when they were retired')
      .option('--json', 'print JSON for scripts');
  const cmd = listOptions(
    program
      .command('assets')
      .description(
        'List hosts and image versions with their platform, lineage and inventory size; retire or delete them',
      ),
  ).action((flags: ListFlags) => runList(flags, ctx));
  listOptions(cmd.command('list').description('List assets (the default action)')).action(
    (flags: ListFlags) => runList(flags, ctx),
  );
  cmd
    .command('retire')
    .description(
      'Retire an asset: it leaves evaluation and reports, and keeps its inventory, clocks and audit trail; importing it again makes it live',
    )
    .argument('<name>', 'asset name')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON for scripts')
    .action((name: string, flags: ChangeFlags) => runRetire(name, flags, ctx));
  cmd
    .command('delete')
    .description(
      'Delete an asset with its inventory and SLA clocks (the audit log keeps its trail)',
    )
    .argument('<name>', 'asset name')
    .option('--reason <text>', 'why, for the audit log')
    .option('--force', 'delete an image version even while live clones point at it')
    .option('--json', 'print JSON for scripts')
    .action((name: string, flags: ChangeFlags & { force?: boolean }) =>
      runDelete(name, flags, ctx),
    );
}

async function runList(flags: ListFlags, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  await ctx.withStore(async (store) => {
    const assets = await listAssets(store, {
      ...(flags.kind && { kind: flags.kind }),
      includeRetired: flags.all === true,
    });
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
      ...(flags.all ? [a.retiredAt ?? ''] : []),
    ]);
    const head = [
      'name',
      'kind',
      'platform',
      'packages',
      'image version',
      'labels',
      'last inventory',
    ];
    io.out(renderTable(flags.all ? [...head, 'retired'] : head, rows));
  });
}

async function runRetire(name: string, flags: ChangeFlags, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const result = await ctx.withStore((store) =>
    retireAsset(store, name, {
      actor: ctx.actor,
      ...(flags.reason !== undefined && { reason: flags.reason }),
    }),
  );
  if (flags.json) {
    printJson(io, result);
    return;
  }
  const a = result.asset;
  if (!result.changed) {
    io.out(`${a.kind} ${a.name} is already retired (since ${a.retiredAt ?? '?'})`);
    return;
  }
  io.out(
    `retired ${a.kind} ${a.name} at ${a.retiredAt ?? '?'}: it leaves evaluation and reports; its history is kept (assets --all lists it, importing it again makes it live)`,
  );
  if (result.liveClones > 0) {
    io.err(
      `note: ${result.liveClones} live clone(s) still point at ${a.name}; it stays in evaluation for their lineage until they are retired`,
    );
  }
}

async function runDelete(
  name: string,
  flags: ChangeFlags & { force?: boolean },
  ctx: CliContext,
): Promise<void> {
  const { io } = ctx;
  const deletion = await ctx
    .withStore((store) =>
      deleteAsset(store, name, {
        actor: ctx.actor,
        force: flags.force === true,
        ...(flags.reason !== undefined && { reason: flags.reason }),
      }),
    )
    .catch((e: unknown) => {
      throw withForceHint(e);
    });
  if (flags.json) {
    printJson(io, deletion);
    return;
  }
  const a = deletion.asset;
  const detached =
    deletion.detachedClones > 0
      ? `; ${deletion.detachedClones} clone(s) no longer name it as their image version`
      : '';
  io.out(
    `deleted ${a.kind} ${a.name} with ${deletion.inventories} inventory and ${deletion.clocks} SLA clock row(s)${detached}`,
  );
}

/** The store's refusal, told as what to do on the command line. */
function withForceHint(e: unknown): unknown {
  if (!(e instanceof AppError) || e.code !== ErrorCode.Conflict || !e.details?.liveClones) return e;
  return new AppError(
    ErrorCode.Conflict,
    `${e.message}: retire or delete them first, or pass --force to delete it and detach them`,
    { cause: e, details: e.details, ...(e.location && { location: e.location }) },
  );
}
