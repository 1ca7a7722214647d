import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePayload } from '../src/advisories/fetch/payload.js';
import { importAdvisoryPaths } from '../src/app/import-advisories.js';
import { systemClock } from '../src/domain/clock.js';
import type { Advisory } from '../src/domain/advisory.js';
import { openStore } from '../src/store/index.js';
import { timeIt, type BenchContext, type BenchSuite, type Metric } from './harness.js';

const dsaList = fileURLToPath(
  new URL('../src/advisories/debian-tracker/__fixtures__/DSA-list.txt', import.meta.url),
);

/** The real DSA list's advisories, repeated under new ids up to `n`. */
function advisories(n: number): Advisory[] {
  const real = parsePayload(
    { name: 'DSA-list.txt', bytes: readFileSync(dsaList) },
    dsaList,
  ).groups.flatMap((g) => g.advisories);
  const out: Advisory[] = [];
  for (let copy = 0; out.length < n; copy++) {
    for (const a of real) {
      if (out.length === n) break;
      out.push(copy === 0 ? a : { ...a, id: `${a.id}~${copy}` });
    }
  }
  return out;
}

/**
 * Advisory ingest on SQLite: `import advisories` of the real DSA list (5406 DSAs, first and
 * repeated), then `upsertMany` and `all()` at feed scale (a full Debian tracker sync is ~50k
 * advisories). Targets are ours: a full re-sync of an unchanged feed must cost seconds.
 */
export const feedsBench: BenchSuite = {
  id: 'feeds',
  description: 'advisory ingest: import, idempotent re-import, upsertMany and all() on SQLite',
  async run(ctx: BenchContext): Promise<readonly Metric[]> {
    const n = ctx.scale === 'smoke' ? 5_000 : 50_000;
    const metrics: Metric[] = [];
    const store = await openStore(join(ctx.workDir, 'import.db'), systemClock);
    try {
      const opts = { actor: 'bench' };
      let count = 0;
      const first = await timeIt(async () => {
        count = (await importAdvisoryPaths(store, [dsaList], opts)).totals.inserted;
      });
      const again = await timeIt(() => importAdvisoryPaths(store, [dsaList], opts));
      metrics.push(
        { name: 'import DSA list (first)', value: first, unit: 'ms', note: `${count} DSAs` },
        {
          name: 'import DSA list (unchanged)',
          value: again,
          unit: 'ms',
          target: { op: '<=', value: 3000 },
        },
      );
    } finally {
      await store.close();
    }
    const big = await openStore(join(ctx.workDir, 'upsert.db'), systemClock);
    try {
      const list = advisories(n);
      const prov = { rawPayloadId: null, parserVersion: '1' };
      const insert = await timeIt(() => big.advisories.upsertMany(list, prov));
      const same = await timeIt(() => big.advisories.upsertMany(list, prov));
      let read = 0;
      const all = await timeIt(async () => {
        read = (await big.advisories.all()).length;
      });
      metrics.push(
        {
          name: `upsertMany ${n} new`,
          value: n / (insert / 1000),
          unit: 'advisories/s',
          target: { op: '>=', value: 5000 },
        },
        {
          name: `upsertMany ${n} unchanged`,
          value: n / (same / 1000),
          unit: 'advisories/s',
          target: { op: '>=', value: 10000 },
        },
        {
          name: `all() ${read} advisories`,
          value: all,
          unit: 'ms',
          target: { op: '<=', value: 5000 },
        },
      );
    } finally {
      await big.close();
    }
    return metrics;
  },
};
