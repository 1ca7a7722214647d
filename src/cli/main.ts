import { Command, CommanderError } from 'commander';
import { formatLocation, toAppError } from '../domain/errors.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { processIo, type Io } from './output.js';
import { registerCommands } from './commands/index.js';

/** Builds the program; `io` is injected so tests run commands in-process. */
export function buildProgram(io: Io = processIo): Command {
  const program = new Command('patchline')
    .description(
      'Patch-management control plane: inventories x vendor bulletins -> findings, policy, remediation',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  registerCommands(program, io);
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so it can be tested. */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
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

const isEntry =
  process.argv[1] !== undefined && /(?:main\.[jt]s|patchline(?:\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await run(process.argv.slice(2));
}
