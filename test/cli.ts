import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../src/app/config.js';
import { fixedClock, type Clock } from '../src/domain/clock.js';
import { run } from '../src/cli/main.js';
import type { Io } from '../src/cli/output.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The instant CLI tests run at unless they pass their own clock. */
export const cliTestNow = '2026-11-27T12:00:00Z';

export interface RunCliOptions {
  readonly clock?: Clock;
  /** Replaces the environment; by default the process's, with a private PATCHLINE_HOME. */
  readonly env?: Env;
  readonly cwd?: string;
  /** Pretend stdout is a terminal this wide (tables are fitted only then). */
  readonly columns?: number;
  /** A stream standing in for a stderr terminal: progress bars draw to it. */
  readonly progressStream?: NodeJS.WritableStream;
  /** What the command reads on stdin (passwords); absent: the process's stdin. */
  readonly stdin?: string;
}

/** The version package.json gives, as bin.ts reads it. */
export const packageVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

let privateHome: string | undefined;

/** Runs the CLI in-process on a fixed clock and captures what it prints. */
export async function runCli(
  argv: readonly string[],
  opts: RunCliOptions = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (t) => {
      stdout += t.endsWith('\n') ? t : `${t}\n`;
    },
    err: (t) => {
      stderr += t.endsWith('\n') ? t : `${t}\n`;
    },
    ...(opts.columns !== undefined && { isTTY: true, columns: opts.columns }),
    ...(opts.progressStream !== undefined && { progressStream: opts.progressStream }),
    ...(opts.stdin !== undefined && { readStdin: () => Promise.resolve(opts.stdin!) }),
  };
  privateHome ??= mkdtempSync(join(tmpdir(), 'patchline-home-'));
  const env = opts.env ?? { PATCHLINE_HOME: privateHome, ...process.env };
  const code = await run(argv, {
    io,
    clock: opts.clock ?? fixedClock(cliTestNow),
    env,
    cwd: opts.cwd ?? process.cwd(),
    user: 'tester',
    version: packageVersion,
  });
  return { code, stdout, stderr };
}
