import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { Diagnostic } from '../../domain/diagnostics.js';
import { AppError, ErrorCode, formatLocation } from '../../domain/errors.js';
import { compareVersionLines, compareVersions, schemeIds } from '../../app/versions.js';
import type { CliContext } from '../context.js';
import { printJson, type Io } from '../output.js';

interface CompareFlags {
  readonly scheme: string;
  readonly batch?: string;
  readonly json?: boolean;
}

/** Registers `patchline version` (Patchline's own) and `patchline version compare`. */
export function registerVersion(program: Command, ctx: CliContext): void {
  const { io } = ctx;
  const version = program
    .command('version')
    .description(
      "Print Patchline's version (--json for JSON); `version compare` compares package versions",
    )
    // Not `.option('--json')`: the parent would take `version compare … --json` from compare.
    .allowUnknownOption()
    .allowExcessArguments()
    .action((_flags: unknown, cmd: Command) => {
      const other = cmd.args.find((a) => a !== '--json');
      if (other !== undefined) throw usage(`unknown argument ${other} (version takes --json)`);
      if (cmd.args.includes('--json')) printJson(io, { version: ctx.version });
      else io.out(ctx.version);
    });
  version
    .command('compare')
    .description('Compare two versions (prints -1, 0 or 1), or every A<TAB>B line of --batch FILE')
    .addOption(
      new Option('--scheme <scheme>', 'versioning scheme')
        .choices(schemeIds())
        .makeOptionMandatory(),
    )
    .option('--batch <file>', 'file of A<TAB>B lines ("-" reads stdin); # starts a comment')
    .option('--json', 'print JSON for scripts')
    .argument('[a]', 'first version')
    .argument('[b]', 'second version')
    .action((a: string | undefined, b: string | undefined, flags: CompareFlags) => {
      if (flags.batch !== undefined) {
        if (a !== undefined) throw usage('give either two versions or --batch FILE, not both');
        runBatch(flags.batch, flags, io);
        return;
      }
      if (a === undefined || b === undefined) throw usage('two versions are required');
      runPair(a, b, flags, io);
    });
}

function runPair(a: string, b: string, flags: CompareFlags, io: Io): void {
  const result = compareVersions(flags.scheme, a, b);
  if (flags.json) printJson(io, { scheme: flags.scheme, a, b, result });
  else io.out(String(result));
}

function runBatch(file: string, flags: CompareFlags, io: Io): void {
  const { value, diagnostics } = compareVersionLines(flags.scheme, readInput(file), file);
  if (flags.json) {
    printJson(io, {
      scheme: flags.scheme,
      results: value,
      errors: diagnostics.map((d) => ({ ...d.location, message: d.message })),
    });
  } else if (value.length > 0) {
    io.out(value.map((r) => String(r.result)).join('\n'));
  }
  for (const d of diagnostics) io.err(renderDiagnostic(d));
  if (diagnostics.length > 0) {
    // Some lines compared: partial (exit 1); none: the input is bad (exit 2).
    const code = value.length > 0 ? ErrorCode.Partial : ErrorCode.InputInvalid;
    const of = value.length > 0 ? ` of ${value.length + diagnostics.length}` : '';
    throw new AppError(code, `${diagnostics.length}${of} line(s) could not be compared`, {
      location: { file },
    });
  }
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new AppError(ErrorCode.InputInvalid, `cannot read ${file}: ${(e as Error).message}`, {
      cause: e,
      location: { file },
    });
  }
}

function renderDiagnostic(d: Diagnostic): string {
  return `${formatLocation(d.location)}: ${d.severity}: ${d.message}`;
}

function usage(message: string): AppError {
  return new AppError(ErrorCode.InputInvalid, message);
}
