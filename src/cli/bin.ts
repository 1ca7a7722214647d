import { userInfo } from 'node:os';
import { systemClock } from '../domain/clock.js';
import { run } from './main.js';
import { processIo } from './output.js';

// The composition root: the one module that reads the process's clock, environment, working
// directory and user. Everything below takes them from here.
process.exitCode = await run(process.argv.slice(2), {
  io: processIo,
  clock: systemClock,
  env: process.env,
  cwd: process.cwd(),
  user: userInfo().username,
});
