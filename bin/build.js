// Builds dist/ from src/ (tsc -p tsconfig.build.json) and stamps it, so bin/patchline.js can
// tell a current build from a stale one. `npm run build` and npm's `prepare` (after `npm ci`)
// run this file; bin/patchline.js calls ensureBuilt() before every run in a checkout.
import process from 'node:process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
const lock = join(root, 'dist', '.build-lock');
/** Files outside src/ that change what the build emits. */
const inputs = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

/** Newest modification time (ms) of the build's inputs: src/ (tests aside) and its config. */
export function newestSource() {
  let newest = Math.max(...inputs.map((f) => statSync(join(root, f)).mtimeMs));
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  return newest;
}

/** Modification time of the stamp of the last build, or -1 when there is none. */
function stampTime() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -1;
  }
}

export function isStale() {
  return stampTime() < newestSource();
}

/**
 * Compiles src/ into dist/. The stamp is written before tsc starts, so an edit made during
 * the build is newer than it and triggers the next one. tsc emits despite type errors (exit
 * 2), which fails only a `strict` build; one that emitted nothing (exit 1) always fails.
 */
export async function build({ strict = false } = {}) {
  // Loaded here: the check that usually finds dist/ current should stay cheap.
  const [{ spawnSync }, { createRequire }] = await Promise.all([
    import('node:child_process'),
    import('node:module'),
  ]);
  mkdirSync(join(root, 'dist'), { recursive: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    // tsc reports on stdout; the command's own stdout must carry only its output.
    stdio: ['ignore', 2, 'inherit'],
  });
  if (r.status === 0) return true;
  if (r.status === 2 && !strict) {
    process.stderr.write('patchline: the build has type errors (npm run typecheck); ran anyway\n');
    return true;
  }
  rmSync(stamp, { force: true });
  return false;
}

/**
 * Rebuilds dist/ when a source is newer than the last build. One process builds while others
 * wait for it (a lock directory; one left by a build that died is taken over after 2 minutes).
 */
export async function ensureBuilt() {
  if (!isStale()) return true;
  for (;;) {
    try {
      mkdirSync(join(root, 'dist'), { recursive: true });
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!isStale()) return true;
    process.stderr.write('patchline: sources changed since the last build; building dist/ …\n');
    return await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `npm run build` fails on type errors too; the bin runs what tsc emitted despite them.
  process.exitCode = (await build({ strict: true })) ? 0 : 1;
}
