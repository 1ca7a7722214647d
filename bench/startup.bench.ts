import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, type BenchContext, type BenchSuite, type Metric } from './harness.js';

const bin = fileURLToPath(new URL('../bin/patchline.js', import.meta.url));

/** The `p`th percentile (nearest rank) of `xs`. */
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

/** Wall milliseconds of one run of `node ARGS`. */
function wallTime(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--max-semi-space-size=64', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')}: ${String(r.stderr)}`);
  return ms;
}

/**
 * Start-up of the installed command: `patchline --version` (node, the bin shim's build check,
 * the compiled entry point) against the 0.3 s target, and `patchline --help`, which loads the
 * whole command tree, for comparison; a bare `node -e ""` in the same run is the floor (on a
 * shared machine it moves, and the difference is what Patchline adds). One untimed run first
 * rebuilds dist/ if it is stale.
 */
export const startupBench: BenchSuite = {
  id: 'startup',
  description: 'CLI start-up wall time: --version, one command, --help',
  run(ctx: BenchContext): Promise<readonly Metric[]> {
    const runs = ctx.scale === 'smoke' ? 5 : 30;
    wallTime([bin, '--version']);
    // Interleaved, so that the floor and the CLI see the same load on a shared machine.
    const version: number[] = [];
    const bare: number[] = [];
    const help: number[] = [];
    const compare: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(wallTime(['-e', '']));
      version.push(wallTime([bin, '--version']));
      if (i % 3 === 0) {
        help.push(wallTime([bin, '--help']));
        compare.push(wallTime([bin, 'version', 'compare', '--scheme', 'dpkg', '1.0', '1.1']));
      }
    }
    const target = { op: '<=', value: 300 } as const;
    return Promise.resolve([
      { name: 'patchline --version median', value: median(version), unit: 'ms', target },
      { name: 'patchline --version p90', value: percentile(version, 90), unit: 'ms', target },
      { name: 'node -e "" median (floor)', value: median(bare), unit: 'ms' },
      {
        name: 'patchline --version over the floor',
        value: median(version) - median(bare),
        unit: 'ms',
      },
      {
        name: 'patchline version compare median',
        value: median(compare),
        unit: 'ms',
        note: 'one command through commander, loading only its module',
      },
      {
        name: 'patchline --help median',
        value: median(help),
        unit: 'ms',
        note: 'loads every command module',
      },
    ]);
  },
};
