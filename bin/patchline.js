#!/usr/bin/env -S node --max-semi-space-size=64
// A 64 MiB young generation: imports and evaluations allocate in bursts that outlive the default
// 16 MiB one, and promoting them costs a fifth of an import (docs/decisions/0006-bulk-ingest.md).
// In a checkout, runs the TypeScript sources through tsx so a stale build is never used;
// an installed package (no src/) runs the build in dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'bin.ts');
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(join(root, 'dist', 'cli', 'bin.js')).href);
}
