import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { checkPolicy, loadPolicy, nextWindows, assignTier } from '../src/policy/index.js';
import { generatedPolicyText } from '../src/policy/testing.js';
import { medianMs, type BenchContext, type BenchSuite, type Metric } from './harness.js';

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
 * `policy check` (read, parse, validate, every check) of generated policies of growing size
 * (`generatedPolicyText`: per tier one rule, a tenth of a waiver, a hundredth of a window), as
 * milliseconds and as the growth of the per-tier cost from the smallest to the largest size:
 * linear checks keep it near 1 (the quadratic ones it replaced made it grow with the size).
 */
function scaling(ctx: BenchContext): Metric[] {
  const sizes = ctx.scale === 'smoke' ? [300, 1_000, 3_000] : [1_000, 10_000, 30_000];
  const perTier: number[] = [];
  const out: Metric[] = [];
  for (const tiers of sizes) {
    const file = join(ctx.workDir, `policy-${tiers}.yaml`);
    writeFileSync(file, generatedPolicyText(tiers));
    const ms = medianMs(
      () => {
        const r = checkPolicy(file);
        if (!r.policy) throw new Error(`generated policy invalid: ${r.diagnostics[0]?.message}`);
      },
      tiers >= 10_000 ? 1 : 3,
    );
    perTier.push(ms / tiers);
    out.push({
      name: `policy check (${tiers.toLocaleString('en')} tiers)`,
      value: ms,
      unit: 'ms',
      ...(tiers === 10_000 && { target: { op: '<=', value: 2000 } as const }),
    });
  }
  out.push({
    name: `per-tier cost growth ${sizes[0]!.toLocaleString('en')} → ${sizes[2]!.toLocaleString('en')} tiers`,
    value: perTier[2]! / perTier[0]!,
    unit: 'ratio',
    target: { op: '<=', value: 2 },
    note: `${sizes[2]! / sizes[0]!}x the tiers; 1 is linear`,
  });
  return out;
}

/**
 * Policy load/validate time for the shipped sample (all checks, including a year of window
 * overlap), next-window listings per second, and tier assignment per second.
 */
export const policyBench: BenchSuite = {
  id: 'policy',
  description:
    'policy validation and its scaling in tiers, next maintenance windows, tier assignment',
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
      ...scaling(ctx),
      { name: 'policy check (sample)', value: 1000 / checks, unit: 'ms' },
      { name: 'nextWindows(count 10, 3 windows)', value: listings, unit: 'calls/s' },
      { name: 'assignTier', value: assigns, unit: 'assets/s' },
    ]);
  },
};
