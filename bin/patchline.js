#!/usr/bin/env -S node --max-semi-space-size=64
// A 64 MiB young generation: imports and evaluations allocate in bursts that outlive the default
// 16 MiB one, and promoting them costs a fifth of an import (docs/decisions/0006-bulk-ingest.md).
// Runs the compiled JavaScript in dist/. In a checkout (src/ present) it first rebuilds dist/
// when a source is newer than the last build, so stale code never runs.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, 'src'))) {
  const { ensureBuilt } = await import('./build.js');
  if (!(await ensureBuilt())) {
    process.stderr.write('patchline: the build failed (npm run build shows why)\n');
    process.exit(1);
  }
}
await import(pathToFileURL(join(root, 'dist', 'cli', 'bin.js')).href);
