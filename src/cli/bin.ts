import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { systemClock } from '../domain/clock.js';

// The composition root: the one module that reads the process's clock, environment, working
// directory, user and streams. Everything below takes them from here.

/** The version in package.json (two folders up from src/cli and from dist/cli alike). */
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

// A reader that closes early (`patchline findings | head -1`) ends the command quietly: the
// output has nowhere to go, and it is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
}

const argv = process.argv.slice(2);
if (argv.length === 1 && ['--version', '-V', 'version'].includes(argv[0]!)) {
  // Answered before the command tree (and everything it imports) is loaded.
  process.stdout.write(`${version}\n`);
} else {
  const [{ run }, { streamIo }] = await Promise.all([import('./main.js'), import('./output.js')]);
  process.exitCode = await run(argv, {
    io: streamIo(process.stdout, process.stderr),
    clock: systemClock,
    env: process.env,
    cwd: process.cwd(),
    user: userInfo().username,
    version,
    onShutdown: (fn) => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, fn);
    },
  });
}
