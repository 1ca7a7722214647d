import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { EvaluationService } from '../src/app/evaluation/index.js';
import { openStore } from '../src/app/open-store.js';
import { systemClock } from '../src/domain/clock.js';
import { fullFleet, generateFleet, type FleetSpec } from './fleet/generate.js';
import { ingestAdvisories, ingestHosts, ingestImages } from './fleet/store.js';
import type { BenchSuite, Metric } from './harness.js';

const smoke: FleetSpec = { ...fullFleet, hosts: 1_000, templates: 8, ranges: 20_000 };

/**
 * On the embedded store: ingest the synthetic fleet (images, then clones with their
 * lineage), store its advisories, then evaluate everything from a cold start that reads the
 * store (a fresh connection, no caches).
 */
export const evaluateStoreBench: BenchSuite = {
  id: 'evaluate-store',
  description: 'ingest a synthetic fleet into SQLite and evaluate it from a cold start',
  async run(ctx) {
    const spec = ctx.scale === 'full' ? fullFleet : smoke;
    const fleet = generateFleet(spec);
    const path = join(ctx.workDir, 'fleet.db');
    let store = await openStore(path, systemClock);
    await ingestImages(store, fleet);
    const ingestMs = await ingestHosts(store, fleet.hosts);
    await ingestAdvisories(store, fleet);
    await store.close();

    const t1 = performance.now();
    store = await openStore(path, systemClock);
    const advisories = await store.advisories.all();
    const loadMs = performance.now() - t1;
    const service = await EvaluationService.open(store, { advisories });
    const coldMs = performance.now() - t1;
    const rssMiB = process.memoryUsage().rss / 2 ** 20;
    const findings = service.current().summary().findings;
    await store.close();

    const metrics: Metric[] = [
      { name: 'hosts', value: fleet.hosts.length, unit: 'hosts' },
      {
        name: 'inventory_ingest',
        value: (fleet.hosts.length * 1000) / ingestMs,
        unit: 'inventories/s',
        target: { op: '>=', value: 2000 },
        note: 'clones with lineage, importInventories in transactions of 500; lists arrive parsed (parse not timed)',
      },
      { name: 'advisories_load', value: loadMs / 1000, unit: 's' },
      {
        name: 'full_evaluation_cold_from_store',
        value: coldMs / 1000,
        unit: 's',
        target: { op: '<=', value: 60 },
        note: 'fresh connection: read advisories and base + delta inventories, evaluate every asset',
      },
      {
        name: 'rss_after_cold_evaluation',
        value: rssMiB,
        unit: 'MiB',
        target: { op: '<=', value: 4096 },
      },
      { name: 'findings', value: findings, unit: 'host findings' },
    ];
    return metrics;
  },
};
