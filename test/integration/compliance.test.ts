import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordClocks } from '../../src/app/compliance.js';
import { runDemo } from '../../src/app/demo.js';
import { sampleEstateDir } from '../../src/app/estate.js';
import { evaluateStored } from '../../src/app/findings.js';
import { importInventoryFile } from '../../src/app/import-inventory.js';
import { complianceFromStore, takeSnapshot, trendFromStore } from '../../src/app/report.js';
import { fixedClock, type FixedClock } from '../../src/domain/clock.js';
import { loadPolicy } from '../../src/policy/index.js';
import { openStore, type Store } from '../../src/store/index.js';

/** Real PostgreSQL (test/peers/setup.d/20-postgres.sh); unreachable means failed, not skipped. */
const url = process.env.PATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `pl_compliance_${process.pid}_${Date.now().toString(36)}`;
const policy = loadPolicy(join(sampleEstateDir, '..', 'policy', 'patchline-policy.yaml'));
let admin: pg.Client;
let dir: string;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  dir = mkdtempSync(join(tmpdir(), 'patchline-compliance-int-'));
});

afterAll(async () => {
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

/** The same history on a store: evaluate, a clone appears, a host drifts back to its image. */
async function history(store: Store, clock: FixedClock) {
  await runDemo(store);
  const step = async (iso: string) => {
    clock.set(new Date(iso));
    await recordClocks(store, await evaluateStored(store), clock);
    await takeSnapshot(store, policy, clock, { onlyIfMissing: true });
  };
  await step('2026-11-01T09:00:00Z');
  clock.set(new Date('2026-11-03T09:00:00Z'));
  await importInventoryFile(store, {
    name: 'web-03',
    file: join(sampleEstateDir, 'debian12-base.status'),
    imageVersion: 'debian12-base@2026.11.1',
    labels: { env: 'prod', app: 'web' },
    actor: 'test',
  });
  await importInventoryFile(store, {
    name: 'web-01',
    file: join(sampleEstateDir, 'debian12-base.status'),
    actor: 'test',
  });
  await step('2026-11-03T09:00:00Z');
  return {
    // Clocks from first detection: the history checks that a clone keeps its image's clock.
    report: await complianceFromStore(store, {
      policy: { ...policy, sla: { ...policy.sla, clockStart: 'detected' } },
      now: new Date('2026-11-27T09:00:00Z'),
    }),
    clocks: (await store.clocks.all()).map((c) => [c.advisory, c.package, c.firstSeen, c.fixedAt]),
    trend: await trendFromStore(store, 'all'),
  };
}

describe('app/compliance on SQLite and PostgreSQL', () => {
  it('records the same clocks, figures and history on both databases', async () => {
    const sqliteClock = fixedClock('2026-11-01T09:00:00Z');
    const pgClock = fixedClock('2026-11-01T09:00:00Z');
    const sqlite = await openStore(join(dir, 'p.db'), sqliteClock);
    const postgres = await openStore(url, pgClock, { schema, poolSize: 2 });
    try {
      const a = await history(sqlite, sqliteClock);
      const b = await history(postgres, pgClock);

      const sorted = (xs: unknown[][]) => xs.map((x) => JSON.stringify(x)).sort();
      expect(sorted(b.clocks)).toEqual(sorted(a.clocks));
      expect(b.report).toEqual(a.report);
      expect(b.trend).toEqual(a.trend);
      expect(a.trend.map((p) => p.day)).toEqual(['2026-11-01', '2026-11-03']);
      expect(a.report.total.fixed).toBeGreaterThan(0);
      expect(a.report.atRisk.filter((r) => r.asset === 'web-03')[0]?.firstSeen).toBe(
        '2026-11-01T09:00:00.000Z',
      );
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});
