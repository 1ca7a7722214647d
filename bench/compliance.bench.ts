import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { computeCompliance, type AssetMeta, type EvaluatedAsset } from '../src/app/compliance.js';
import { sampleEstateDir } from '../src/app/estate.js';
import { schemeComparator } from '../src/engine/compare.js';
import { createEvaluator } from '../src/engine/evaluate.js';
import { createFleetEvaluator } from '../src/engine/fleet.js';
import { buildMatchIndex } from '../src/engine/match-index.js';
import { findingKey } from '../src/engine/origin.js';
import { loadPolicy } from '../src/policy/index.js';
import { planClocks, type ClockRow } from '../src/policy/sla/index.js';
import { fullFleet, generateFleet, smokeFleet } from './fleet/generate.js';
import type { BenchSuite, Metric } from './harness.js';

const day = 86_400_000;
const envs = ['prod', 'prod', 'dev', 'test'];
const apps = ['payments', 'web', 'batch', 'legacy-reports', 'ci'];

/**
 * SLA state and the compliance report for 100,000 hosts' findings on the synthetic
 * fleet (bench/fleet/generate.ts), evaluated by the engine first (not timed here). Clocks are
 * synthetic: image rows plus per-host rows for introduced findings, first seen over 60 days.
 */
export const complianceBench: BenchSuite = {
  id: 'compliance',
  description: 'SLA state per finding and the compliance report over a 100k-host fleet',
  run(ctx) {
    const spec = ctx.scale === 'full' ? fullFleet : smokeFleet;
    const fleet = generateFleet(spec);
    const fe = createFleetEvaluator(
      createEvaluator(buildMatchIndex(fleet.advisories), { compareFor: schemeComparator }),
    );
    const policy = loadPolicy(join(sampleEstateDir, '..', 'policy', 'patchline-policy.yaml'));
    const now = new Date('2026-11-27T09:00:00Z');
    const assets: AssetMeta[] = [];
    const evaluation: EvaluatedAsset[] = [];
    const clocks: ClockRow[] = [];
    let t = performance.now();
    const clock = (assetId: string, f: { advisory: string; package: string; severity: string }) =>
      clocks.push({
        assetId,
        advisory: f.advisory,
        package: f.package,
        severity: f.severity,
        firstSeen: new Date(now.getTime() - ((clocks.length * 7919) % 60) * day).toISOString(),
        fixedAt: clocks.length % 50 === 0 ? now.toISOString() : null,
      });
    for (const base of fleet.bases) {
      const ev = fe.evaluateHost({ asset: base.id, base, removed: [], added: [] });
      const findings = [...ev.inherited, ...ev.introduced];
      assets.push({
        id: base.id,
        kind: 'image',
        name: base.id,
        labels: {},
        platform: 'debian:12',
        clonedFrom: null,
      });
      evaluation.push({ asset: base.id, findings });
      for (const f of findings) clock(base.id, f);
    }
    let findings = 0;
    for (const [i, h] of fleet.hosts.entries()) {
      const ev = fe.evaluateHost(h);
      const labels = { env: envs[i % envs.length]!, app: apps[i % apps.length]! };
      assets.push({
        id: h.asset,
        kind: 'host',
        name: h.asset,
        labels,
        platform: 'debian:12',
        clonedFrom: h.base.id,
      });
      evaluation.push({
        asset: h.asset,
        findings: ev.introduced,
        inherits: { image: h.base.id, except: new Set(ev.regressed.map(findingKey)) },
      });
      for (const f of ev.introduced) clock(h.asset, f);
      findings += ev.inherited.length + ev.introduced.length;
    }
    const evalMs = performance.now() - t;

    t = performance.now();
    const report = computeCompliance(assets, evaluation, clocks, { policy, now });
    const complianceMs = performance.now() - t;

    t = performance.now();
    // The next evaluation: 1 % of findings fixed, the fixed ones back, 1 % new.
    const seen = [
      ...clocks.filter((_, i) => i % 100 !== 1),
      ...clocks
        .filter((_, i) => i % 100 === 0)
        .map((c) => ({ ...c, advisory: `${c.advisory}-new` })),
    ];
    const plan = planClocks(clocks, seen, new Set(assets.map((a) => a.id)), now.toISOString());
    const planMs = performance.now() - t;

    const metrics: Metric[] = [
      { name: 'hosts', value: fleet.hosts.length, unit: 'hosts' },
      { name: 'host_findings', value: findings, unit: 'findings' },
      { name: 'clock_rows', value: clocks.length, unit: 'rows', note: 'images + introduced only' },
      {
        name: 'engine_evaluation',
        value: evalMs / 1000,
        unit: 's',
        note: 'input preparation, not the target',
      },
      {
        name: 'sla_state_and_compliance_report',
        value: complianceMs / 1000,
        unit: 's',
        target: { op: '<=', value: 5 },
        note: `${report.total.overdue} overdue, ${report.atRisk.length} overdue/due-soon rows, ${report.groups.length} tier groups`,
      },
      {
        name: 'plan_clock_updates',
        value: planMs / 1000,
        unit: 's',
        note: `${plan.put.length} rows to write after an evaluation`,
      },
      { name: 'rss', value: process.memoryUsage().rss / 2 ** 20, unit: 'MiB' },
    ];
    return Promise.resolve(metrics);
  },
};
