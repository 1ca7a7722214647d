import { Argument, Command, CommanderError } from 'commander';
import { parseInstant } from '../app/config.js';
import { AppError, ErrorCode, formatLocation, toAppError } from '../domain/errors.js';
import { errorJson, wasReportedInJson } from './json-errors.js';
import { CliContext, type CliDeps } from './context.js';
import { completionScript, completionShells } from './completion.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { printJson, withTableLayout, type Io } from './output.js';
import { registerCommands } from './commands/index.js';

/**
 * Builds the program over `ctx`, so tests run commands in-process with their own clock and env.
 * With `command`, only the module that registers it is loaded (see `registerCommands`).
 */
export async function buildProgram(ctx: CliContext, command?: string): Promise<Command> {
  const { io } = ctx;
  const program = new Command('patchline')
    .description(
      'Patch-management control plane: inventories x vendor bulletins -> findings, policy, remediation',
    )
    .version(ctx.version)
    .option('--at <time>', 'take this ISO 8601 instant as now (overrides PATCHLINE_NOW)')
    .option('--wide', 'print tables in full, however wide, instead of fitting the terminal')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .hook('preAction', (_program, action) => {
      const opts = action.optsWithGlobals<{ at?: string; wide?: boolean }>();
      if (opts.at !== undefined) ctx.pinClock(parseInstant(opts.at, '--at'));
      if (opts.wide) ctx.layout.width = undefined;
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok; 1 partial (code PARTIAL: some items done, the rest reported) or a failure
on our side or a peer's; 2 bad input. With --json, an error is JSON on stdout too:
{"error": {"code", "message", "where"}}.`,
    );
  await registerCommands(program, ctx, command);
  program
    .command('completion')
    .description('Print a shell completion script, e.g. source <(patchline completion bash)')
    .addArgument(new Argument('<shell>', 'shell').choices(completionShells))
    .action((shell: (typeof completionShells)[number]) => {
      io.out(completionScript(shell, program));
    });
  return program;
}

/**
 * Runs the CLI over injected dependencies and returns the exit code instead of exiting.
 * `bin.ts` is the composition root that supplies the real clock, environment and streams.
 * With `--json`, JSON a command prints is held until it ends, so an error joins it in one
 * document: `{...result, "error": {...}}`, or `{"error": {...}}` when nothing was printed.
 */
export async function run(argv: readonly string[], deps: CliDeps): Promise<number> {
  const json = new HeldJson(deps.io);
  const ctx = new CliContext({ ...deps, io: json.io });
  const program = await buildProgram(ctx, commandOf(argv));
  let code: number = ExitCode.Ok;
  let error: AppError | undefined;
  try {
    await withTableLayout(ctx.layout, () => program.parseAsync([...argv], { from: 'user' }));
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already said what is wrong (and shown help) on stderr.
      if (e.exitCode !== 0) error = commanderError(e);
      code = e.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    } else {
      error = toAppError(e);
      const where = formatLocation(error.location);
      deps.io.err(`error ${error.code}: ${where ? `${where}: ` : ''}${error.message}`);
      if (error.code === 'INTERNAL' && e instanceof Error && e.stack) deps.io.err(e.stack);
      code = exitCodeFor(error);
    }
  }
  json.flush(error !== undefined && wantsJson(argv) ? error : undefined);
  return code;
}

/** The command `argv` names: its first word that is neither an option nor `--at`'s value. */
export function commandOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a === '--at') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** `--json`, or `--format json` (the report commands), before any `--`. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  return args.some(
    (a, i) =>
      a === '--json' || a === '--format=json' || (a === '--format' && args[i + 1] === 'json'),
  );
}

/** The `error` member of a JSON error document. */

function commanderError(e: CommanderError): AppError {
  const message =
    e.code === 'commander.help' || e.code === 'commander.executeSubCommandAsync'
      ? 'a command is required (see --help)'
      : e.message.replace(/^error: /, '');
  return new AppError(ErrorCode.InputInvalid, message, { details: { commander: e.code } });
}

/** Holds JSON documents until the command ends; other output passes straight through. */
class HeldJson {
  readonly io: Io;
  private readonly held: unknown[] = [];
  private readonly target: Io;

  constructor(target: Io) {
    this.target = target;
    this.io = {
      out: (t) => target.out(t),
      err: (t) => target.err(t),
      json: (v) => this.held.push(v),
      ...(target.isTTY !== undefined && { isTTY: target.isTTY }),
      ...(target.columns !== undefined && { columns: target.columns }),
      ...(target.progressStream !== undefined && { progressStream: target.progressStream }),
      ...(target.readStdin !== undefined && { readStdin: () => target.readStdin!() }),
    };
  }

  flush(error: AppError | undefined): void {
    if (error !== undefined && wasReportedInJson(error)) error = undefined;
    if (error === undefined) {
      for (const v of this.held) printJson(this.target, v);
      return;
    }
    const last = this.held.at(-1);
    const e = { error: errorJson(error) };
    if (last === undefined) printJson(this.target, e);
    else if (isPlainObject(last)) printJson(this.target, { ...last, ...e });
    else printJson(this.target, { result: last, ...e });
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
