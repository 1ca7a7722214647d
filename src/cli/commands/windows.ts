import type { Command } from 'commander';
import { AppError, ErrorCode } from '../../domain/errors.js';
import {
  storedOrConfiguredPolicy,
  upcomingWindows,
  type Policy,
  type WindowOccurrence,
} from '../../app/policy.js';
import { configuredPolicyPath } from '../../app/policy-source.js';
import type { CliContext } from '../context.js';
import { printJson, renderTable } from '../output.js';

interface NextFlags {
  readonly tier?: string;
  readonly assetLabels?: string;
  readonly policy?: string;
  readonly count: string;
  readonly from?: string;
  readonly skipFrozen?: boolean;
  readonly json?: boolean;
}

/** Registers `patchline windows next`; `--from` overrides the context's clock. */
export function registerWindows(program: Command, ctx: CliContext): void {
  const windows = program.command('windows').description('Maintenance windows and freezes');
  windows
    .command('next')
    .description('List the next maintenance windows, marking those inside a freeze')
    .option('--tier <tier>', 'tier whose windows to list')
    .option('--asset-labels <labels>', 'asset labels k=v,k2=v2 (the tier is derived from them)')
    .option(
      '--policy <path>',
      'policy file or directory (default: PATCHLINE_POLICY, then the active stored version)',
    )
    .option('--count <n>', 'how many windows', '5')
    .option('--from <iso>', 'look from this instant instead of now (ISO 8601)')
    .option('--skip-frozen', 'leave out windows that fall in a freeze')
    .option('--json', 'print JSON for scripts')
    .action((flags: NextFlags) => runNext(flags, ctx));
}

async function runNext(flags: NextFlags, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const count = Number(flags.count);
  if (!Number.isInteger(count) || count < 1) {
    throw new AppError(
      ErrorCode.InputInvalid,
      `--count must be a positive whole number, not ${flags.count}`,
    );
  }
  const from = flags.from === undefined ? ctx.clock.now() : new Date(flags.from);
  if (Number.isNaN(from.getTime())) {
    throw new AppError(ErrorCode.InputInvalid, `--from ${flags.from} is not an ISO 8601 time`);
  }
  // The store is opened only when no file is named: it holds the fallback.
  const policy: string | Policy =
    configuredPolicyPath(flags.policy, ctx.config) ??
    (await ctx.withStore((store) =>
      storedOrConfiguredPolicy(store, undefined, ctx.config, ctx.clock.now()),
    ));
  const result = upcomingWindows(
    {
      policy,
      ...(flags.tier !== undefined && { tier: flags.tier }),
      ...(flags.assetLabels !== undefined && { labels: flags.assetLabels }),
      from,
      count,
      skipFrozen: flags.skipFrozen === true,
    },
    ctx.config,
  );
  if (flags.json) {
    printJson(io, result);
    return;
  }
  const list = result.windows;
  if (list.length === 0) {
    io.out('no maintenance windows apply in the next three years');
    return;
  }
  io.out(renderTable(['window', 'start', 'end', 'time zone', 'freeze'], list.map(row)));
}

function row(w: WindowOccurrence): string[] {
  const freeze = w.freeze
    ? `${w.freeze.name}: ${w.freeze.reason} (allowed: ${w.freeze.allow.join(', ') || 'none'})`
    : '';
  return [w.window, w.localStart, w.localEnd, w.timezone, freeze];
}
