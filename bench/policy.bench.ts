import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { checkPolicy, loadPolicy, nextWindows, assignTier } from '../src/policy/index.js';
import type { BenchContext, BenchSuite, Metric } from './harness.js';

const samplePath = fileURLToPath(
  new URL('../samples/policy/patchline-policy.yaml', import.meta.url),
);

/** Runs `fn` `n` times and returns operations per second. */
function perSecond(n: number, fn: (i: number) => void): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return (n * 1000) / (performance.now() - t0);
}

/**
 * Policy load/validate time for the shipped sample (all checks, including a year of window
 * overlap), next-window listings per second, and tier assignment per second.
 */
export const policyBench: BenchSuite = {
  id: 'policy',
  description: 'policy validation, next maintenance windows, tier assignment',
  run(ctx: BenchContext): Promise<readonly Metric[]> {
    const text = readFileSync(samplePath, 'utf8');
    const rounds = ctx.scale === 'smoke' ? 3 : 20;
    checkPolicy({ text });
    const checks = perSecond(rounds, () => checkPolicy({ text }));
    const policy = loadPolicy({ text });
    const day = 86_400_000;
    const base = Date.UTC(2026, 0, 1);
    const listings = perSecond(rounds * 10, (i) =>
      nextWindows(policy, { from: new Date(base + i * day), count: 10 }),
    );
    const labelSets: Record<string, string>[] = [
      { env: 'prod', app: 'payments' },
      { env: 'prod', app: 'wiki' },
      { env: 'test' },
      { team: 'x' },
    ];
    const n = ctx.scale === 'smoke' ? 10_000 : 1_000_000;
    const assigns = perSecond(n, (i) => assignTier(policy, labelSets[i % labelSets.length]!));
    return Promise.resolve([
      { name: 'policy check (sample)', value: 1000 / checks, unit: 'ms' },
      { name: 'nextWindows(count 10, 3 windows)', value: listings, unit: 'calls/s' },
      { name: 'assignTier', value: assigns, unit: 'assets/s' },
    ]);
  },
};
