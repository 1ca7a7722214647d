import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { rpmQueryFormat } from '../src/inventory/rpm/index.js';
import { readRootInventory } from '../src/inventory/rootfs/index.js';
import { performance } from 'node:perf_hooks';
import type { BenchContext, BenchSuite, Metric } from './harness.js';

const build = join(import.meta.dirname, '../test/peers/rpmroot/rpmdb-root.sh');
const define = { sqlite: [], bdb: ['--define', '_db_backend bdb_ro'] } as const;

/**
 * Reading a root's rpm database natively against `rpm --root R -qa` on the same root, one
 * run each way per backend: the root is built by rpm itself (test/peers/rpmroot/rpmdb-root.sh).
 * The native figure is the whole root inventory (os-release, database, kernels) in process;
 * rpm's includes starting the binary, which is what a scan without the native reader pays.
 * The fastest run of each counts, so load from other processes on a shared machine weighs on
 * neither side.
 */
export const rpmdbBench: BenchSuite = {
  id: 'rpmdb',
  description: 'native rpmdb reader vs rpm --root -qa on a generated root (sqlite, Berkeley DB)',
  run(ctx: BenchContext): Promise<readonly Metric[]> {
    const count = ctx.scale === 'smoke' ? 200 : 1_000;
    const runs = ctx.scale === 'smoke' ? 5 : 21;
    const metrics: Metric[] = [];
    for (const backend of ['sqlite', 'bdb'] as const) {
      const root = join(ctx.workDir, backend);
      execFileSync('bash', [build, root, String(count), backend], { stdio: 'inherit' });
      const qa = () =>
        execFileSync(
          'rpm',
          [
            '--root',
            root,
            '--dbpath',
            '/var/lib/rpm',
            ...define[backend],
            '-qa',
            '--qf',
            rpmQueryFormat,
          ],
          {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
            maxBuffer: 64 * 1024 * 1024,
          },
        );
      const listed = qa()
        .split('\n')
        .filter((l) => l !== '').length;
      const native = readRootInventory(root).value.packages.length;
      if (native !== listed) {
        throw new Error(`${backend}: native read ${native} packages, rpm listed ${listed}`);
      }
      const { nativeMs, rpmMs } = bestOf(() => readRootInventory(root), qa, runs);
      metrics.push(
        {
          name: `${backend} ${native} pkgs: native root inventory (fastest of runs)`,
          value: nativeMs,
          unit: 'ms',
        },
        {
          name: `${backend} ${native} pkgs: rpm --root -qa --qf (fastest of runs)`,
          value: rpmMs,
          unit: 'ms',
        },
        {
          name: `${backend} ${native} pkgs: native speed-up over rpm`,
          value: rpmMs / nativeMs,
          unit: '×',
          target: { op: '>=', value: 5 },
        },
      );
    }
    return Promise.resolve(metrics);
  },
};

/**
 * Fastest milliseconds of `a` and of `b`, each over `runs` runs after a warm-up, in blocks: the
 * minimum is what each costs when nothing else competes for the cores, and blocks keep rpm's
 * process start-up from evicting the reader's warm caches between its runs.
 */
function bestOf(
  a: () => unknown,
  b: () => unknown,
  runs: number,
): { nativeMs: number; rpmMs: number } {
  return { nativeMs: fastest(a, runs), rpmMs: fastest(b, runs) };
}

function fastest(fn: () => unknown, runs: number): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
