import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Advisory } from '../src/domain/advisory.js';
import type { Inventory } from '../src/domain/inventory.js';
import { schemeComparator } from '../src/engine/compare.js';
import { createEvaluator } from '../src/engine/evaluate.js';
import { buildMatchIndex } from '../src/engine/match-index.js';
import {
  compressDebsecanFeed,
  findingPairs,
  parseDebsecanSimple,
  renderDebsecanFeed,
} from '../src/engine/oracles/debsecan-feed.js';
import { parseInventory } from '../src/inventory/index.js';
import { seeded } from './fleet/random.js';
import { median, type BenchSuite, type Metric } from './harness.js';

/**
 * Advisories for every source package installed here, `perSource` each: most fixed below the
 * installed version (history), some above it, so a realistic share hits.
 */
function advisoriesFor(inv: Inventory, perSource: number): Advisory[] {
  const rand = seeded(7);
  const sources = new Map(inv.packages.map((p) => [p.sourceName, p.sourceVersion]));
  const out: Advisory[] = [];
  let n = 0;
  for (const [name, version] of sources) {
    for (let i = 0; i < perSource; i++) {
      const hit = rand() < 0.02;
      out.push({
        id: `BENCH-${n}`,
        source: 'bench',
        severity: 'high',
        cves: [`CVE-2098-${String(n).padStart(6, '0')}`],
        classification: 'security',
        affected: [
          {
            kind: 'package',
            platform: 'debian:12',
            package: name,
            packageKind: 'source',
            status: 'fixed',
            fixed: hit ? `${version}+bench${i}` : `${version}~bench${i}`,
          },
        ],
      });
      n++;
    }
  }
  return out;
}

/**
 * Issue 3 §4: per-host evaluation time against debsecan on the same host (this machine's real
 * dpkg status) and the same data rendered as its feed; both must report the same pairs.
 */
export const debsecanBench: BenchSuite = {
  id: 'debsecan',
  description: 'per-host evaluation: engine vs debsecan on the same status and data',
  run(ctx) {
    if (spawnSync('debsecan', ['--help'], { stdio: 'ignore' }).error) {
      return Promise.resolve([
        {
          name: 'debsecan_installed',
          value: 0,
          unit: 'bool',
          target: { op: '>=', value: 1 },
          note: 'run test/peers/setup.sh',
        },
      ] satisfies Metric[]);
    }
    const status = readFileSync('/var/lib/dpkg/status', 'utf8');
    const inv = parseInventory(status, {
      format: 'dpkg',
      platform: { family: 'debian', release: '12' },
    }).value;
    const advisories = advisoriesFor(inv, ctx.scale === 'full' ? 30 : 5);
    const feed = renderDebsecanFeed(advisories, { platform: 'debian:12' });
    writeFileSync(join(ctx.workDir, 'bookworm'), compressDebsecanFeed(feed.value));
    writeFileSync(join(ctx.workDir, 'status'), status);
    const args = [
      '--suite',
      'bookworm',
      '--source',
      `file://${ctx.workDir}/`,
      '--status',
      join(ctx.workDir, 'status'),
      '--history',
      join(ctx.workDir, 'history'),
      '--format',
      'simple',
    ];
    const debsecanMs: number[] = [];
    let stdout = '';
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      stdout = execFileSync('debsecan', args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
      debsecanMs.push(performance.now() - t0);
    }
    const index = buildMatchIndex(advisories);
    const engineMs: number[] = [];
    let pairs = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const evaluator = createEvaluator(index, { compareFor: schemeComparator });
      const t0 = performance.now();
      pairs = findingPairs(evaluator.evaluate('host', inv));
      engineMs.push(performance.now() - t0);
    }
    const shared = createEvaluator(index, { compareFor: schemeComparator });
    shared.evaluate('warm-up', inv);
    const warmMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      shared.evaluate(`clone-${i}`, inv);
      warmMs.push(performance.now() - t0);
    }
    const oracle = parseDebsecanSimple(stdout);
    const same = oracle.size === pairs.size && [...pairs].every((p) => oracle.has(p));
    const ratio = median(debsecanMs) / median(engineMs);
    const fleetRatio = median(debsecanMs) / median(warmMs);
    return Promise.resolve([
      { name: 'packages', value: inv.packages.length, unit: 'packages' },
      { name: 'advisories', value: advisories.length, unit: 'advisories' },
      {
        name: 'debsecan_per_host',
        value: median(debsecanMs),
        unit: 'ms',
        note: 'median of 3 runs, process start included',
      },
      {
        name: 'engine_per_host',
        value: median(engineMs),
        unit: 'ms',
        note: 'median of 20 cold evaluators on a shared index',
      },
      {
        name: 'engine_per_host_in_fleet',
        value: median(warmMs),
        unit: 'ms',
        note: 'verdicts shared with hosts already evaluated, as in a fleet of clones',
      },
      {
        name: 'speedup_vs_debsecan_cold',
        value: ratio,
        unit: 'x',
        note: 'a lone host, nothing cached',
      },
      {
        name: 'speedup_vs_debsecan_in_fleet',
        value: fleetRatio,
        unit: 'x',
        target: { op: '>=', value: 100 },
      },
      {
        name: 'same_pairs_as_debsecan',
        value: same ? 1 : 0,
        unit: 'bool',
        target: { op: '>=', value: 1 },
        note: `${pairs.size} (package, CVE) pairs`,
      },
    ] satisfies Metric[]);
  },
};
