import { performance } from 'node:perf_hooks';
import { schemeComparator } from '../src/engine/compare.js';
import { createEvaluator } from '../src/engine/evaluate.js';
import { createFleetEvaluator, packageIdentity, type DeltaHost } from '../src/engine/fleet.js';
import { createIncrementalFleet } from '../src/engine/incremental.js';
import { buildMatchIndex } from '../src/engine/match-index.js';
import { findingKey } from '../src/engine/origin.js';
import type { Finding } from '../src/engine/types.js';
import { fullFleet, generateFleet, smokeFleet } from './fleet/generate.js';
import type { BenchSuite, Metric } from './harness.js';

function hostPackages(h: DeltaHost) {
  const gone = new Set(h.removed.map(packageIdentity));
  return [...h.base.packages.filter((p) => !gone.has(packageIdentity(p))), ...h.added].sort(
    (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

const keys = (fs: readonly Finding[]) => fs.map(findingKey).sort().join('\n');

/**
 * Issue 3 §4 (in-memory part): full fleet evaluation cold and warm on the base + delta form,
 * checked against a naive per-host evaluator on a sample of hosts, with the speed-up ratio.
 */
export const engineBench: BenchSuite = {
  id: 'engine',
  description: 'fleet evaluation: base + delta vs naive per-host',
  run(ctx) {
    const spec = ctx.scale === 'full' ? fullFleet : smokeFleet;
    let t = performance.now();
    const fleet = generateFleet(spec);
    const genMs = performance.now() - t;

    t = performance.now();
    const index = buildMatchIndex(fleet.advisories);
    const indexMs = performance.now() - t;

    t = performance.now();
    const evaluator = createEvaluator(index, { compareFor: schemeComparator });
    const fe = createFleetEvaluator(evaluator);
    let findings = 0;
    for (const h of fleet.hosts) {
      const r = fe.evaluateHost(h);
      findings += r.inherited.length + r.introduced.length;
    }
    const coldMs = performance.now() - t;
    const rssMiB = process.memoryUsage().rss / 2 ** 20;

    t = performance.now();
    for (const h of fleet.hosts) fe.evaluateHost(h);
    const warmMs = performance.now() - t;

    t = performance.now();
    for (const h of fleet.hosts) fe.evaluateHost(h, { fresh: true });
    const recomputeMs = performance.now() - t;

    const sample = fleet.hosts.filter((_, i) => i % Math.ceil(fleet.hosts.length / 500) === 0);
    let mismatches = 0;
    t = performance.now();
    const naive = sample.map((h) => {
      const fresh = createEvaluator(index, { compareFor: schemeComparator });
      return fresh.evaluate(h.asset, {
        format: 'dpkg',
        platform: fleet.platform,
        packages: hostPackages(h),
      });
    });
    const naiveMs = performance.now() - t;
    sample.forEach((h, i) => {
      const r = fe.evaluateHost(h);
      if (keys([...r.inherited, ...r.introduced]) !== keys(naive[i]!)) mismatches++;
    });
    const live = createIncrementalFleet(fleet.hosts, fleet.advisories, schemeComparator);
    const extra = generateFleet({
      ...spec,
      hosts: 0,
      ranges: 2000,
    }).advisories;
    const latencies: number[] = [];
    let touchedHosts = 0;
    let touchedBases = 0;
    for (const [i, a] of extra.slice(0, 200).entries()) {
      const t0 = performance.now();
      const r = live.addAdvisory({ ...a, id: `NEW-${i}` });
      latencies.push(performance.now() - t0);
      touchedHosts += r.hostsTouched;
      touchedBases += r.basesTouched;
    }
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
    const perHostFast = coldMs / fleet.hosts.length;
    const perHostNaive = naiveMs / sample.length;

    const metrics: Metric[] = [
      { name: 'hosts', value: fleet.hosts.length, unit: 'hosts' },
      { name: 'affected_ranges', value: fleet.rangeCount, unit: 'ranges' },
      { name: 'generate_fleet', value: genMs / 1000, unit: 's' },
      { name: 'build_index', value: indexMs / 1000, unit: 's' },
      {
        name: 'full_evaluation_cold_in_memory',
        value: coldMs / 1000,
        unit: 's',
        target: { op: '<=', value: 60 },
        note: 'engine only; reading the store is not included yet',
      },
      { name: 'rss_after_cold', value: rssMiB, unit: 'MiB', target: { op: '<=', value: 4096 } },
      {
        name: 'warm_reevaluation',
        value: warmMs / 1000,
        unit: 's',
        target: { op: '<=', value: 5 },
        note: 'same index, unchanged hosts: per-host results are reused',
      },
      {
        name: 'warm_recompute_all_hosts',
        value: recomputeMs / 1000,
        unit: 's',
        note: 'every host recomputed with warm verdict and base-set caches',
      },
      { name: 'findings', value: findings, unit: 'host findings' },
      {
        name: 'new_advisory_to_host_results_p99',
        value: p99,
        unit: 'ms',
        target: { op: '<=', value: 100 },
        note: `${latencies.length} new advisories; ${touchedBases} base sets and ${touchedHosts} drifted hosts updated`,
      },
      { name: 'naive_sample_hosts', value: sample.length, unit: 'hosts' },
      {
        name: 'naive_mismatches',
        value: mismatches,
        unit: 'hosts',
        target: { op: '<=', value: 0 },
      },
      {
        name: 'speedup_vs_naive',
        value: perHostNaive / perHostFast,
        unit: 'x',
        note: 'per host, cold',
      },
    ];
    return Promise.resolve(metrics);
  },
};
