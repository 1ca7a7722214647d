import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { EvaluationService } from '../src/app/evaluation/index.js';
import { importInventories, importInventory } from '../src/app/import-inventory.js';
import { openStore } from '../src/app/open-store.js';
import { systemClock } from '../src/domain/clock.js';
import type { InstalledPackage } from '../src/domain/inventory.js';
import { packageIdentity, type DeltaHost } from '../src/engine/fleet.js';
import { comparePackages } from '../src/store/package-set.js';
import { fullFleet, generateFleet, type FleetSpec } from './fleet/generate.js';
import type { BenchSuite, Metric } from './harness.js';

const smoke: FleetSpec = { ...fullFleet, hosts: 1_000, templates: 8, ranges: 20_000 };

/**
 * A host's package list as an importer receives it: parsed from a document (JSON here), so each
 * string is flat. The generator's strings are concatenation ropes, which no parser produces and
 * which make every comparison walk the rope.
 */
function hostPackages(h: DeltaHost): InstalledPackage[] {
  const gone = new Set(h.removed.map(packageIdentity));
  const list = [...h.base.packages.filter((p) => !gone.has(packageIdentity(p))), ...h.added];
  return JSON.parse(JSON.stringify(list.sort(comparePackages))) as InstalledPackage[];
}

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
    await store.transaction(async (tx) => {
      for (const b of fleet.bases) {
        await importInventory(tx, {
          name: b.id,
          kind: 'image',
          inventory: { format: 'dpkg', platform: b.platform, packages: b.packages },
          actor: 'bench',
        });
      }
    });
    // Timed around the import calls only: building each host's list is the generator's work.
    let ingestMs = 0;
    const batch = 500;
    for (let i = 0; i < fleet.hosts.length; i += batch) {
      const inputs = fleet.hosts.slice(i, i + batch).map((h) => ({
        name: h.asset,
        inventory: {
          format: 'dpkg' as const,
          platform: h.base.platform,
          packages: hostPackages(h),
        },
        imageVersion: h.base.id,
        actor: 'bench',
      }));
      const t = performance.now();
      const outcomes = await store.transaction((tx) => importInventories(tx, inputs));
      ingestMs += performance.now() - t;
      const refused = outcomes.find((o) => !o.ok);
      if (refused) throw refused.error;
    }
    for (let i = 0; i < fleet.advisories.length; i += 2000) {
      await store.advisories.upsertMany(fleet.advisories.slice(i, i + 2000), {
        rawPayloadId: null,
        parserVersion: '1',
      });
    }
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
