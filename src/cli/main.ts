import { Command, CommanderError } from 'commander';
import { parseInstant } from '../app/config.js';
import { formatLocation, toAppError } from '../domain/errors.js';
import { CliContext, type CliDeps } from './context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { registerCommands } from './commands/index.js';

/** Builds the program over `ctx`, so tests run commands in-process with their own clock and env. */
export function buildProgram(ctx: CliContext): Command {
  const { io } = ctx;
  const program = new Command('patchline')
    .description(
      'Patch-management control plane: inventories x vendor bulletins -> findings, policy, remediation',
    )
    .version('0.1.0')
    .option('--at <time>', 'take this ISO 8601 instant as now (overrides PATCHLINE_NOW)')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .hook('preAction', (_program, action) => {
      const at = action.optsWithGlobals<{ at?: string }>().at;
      if (at !== undefined) ctx.pinClock(parseInstant(at, '--at'));
    });
  registerCommands(program, ctx);
  return program;
}

/**
 * Runs the CLI over injected dependencies and returns the exit code instead of exiting.
 * `bin.ts` is the composition root that supplies the real clock, environment and streams.
 */
export async function run(argv: readonly string[], deps: CliDeps): Promise<number> {
  const ctx = new CliContext(deps);
  const { io } = ctx;
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    }
    const err = toAppError(e);
    const where = formatLocation(err.location);
    io.err(`error ${err.code}: ${where ? `${where}: ` : ''}${err.message}`);
    if (err.code === 'INTERNAL' && e instanceof Error && e.stack) io.err(e.stack);
    return exitCodeFor(err);
  }
}
