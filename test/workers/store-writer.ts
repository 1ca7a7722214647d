/**
 * One writer of the store-concurrency test, run as its own OS process through tsx:
 *   store-writer.ts ROLE URL WORKER ROUNDS [SCHEMA]
 * ROLE is `inventory` (batches of hosts, as `import estate` stores them), `advisories`
 * (advisory upserts plus an audit event) or `evaluate` (reads the fleet and advisories, then
 * records the result in the audit log). Prints one JSON line with what it wrote.
 */
import { evaluateStore } from '../../src/app/evaluation/index.js';
import { importInventories } from '../../src/app/import-inventory.js';
import { fixedClock } from '../../src/domain/clock.js';
import { openStore } from '../../src/store/index.js';
import { sourceAdvisory } from '../advisories.js';

const [role, url, worker, roundsText, schema] = process.argv.slice(2);
const rounds = Number(roundsText);
const clock = fixedClock('2026-11-27T12:00:00Z');
let ids = 0;
const store = await openStore(url!, clock, {
  newId: () => `${worker}-${++ids}`,
  ...(schema && { schema, poolSize: 2 }),
});
const perBatch = 5;
let wrote = 0;
try {
  for (let r = 0; r < rounds; r++) {
    if (role === 'inventory') {
      const inputs = Array.from({ length: perBatch }, (_, i) => ({
        name: `${worker}-host-${r}-${i}`,
        kind: 'host' as const,
        actor: `test:${worker}`,
        inventory: {
          format: 'dpkg' as const,
          platform: { family: 'debian' as const, release: '12' },
          packages: [
            {
              name: 'openssl',
              version: `3.0.${r}-1`,
              arch: 'amd64',
              sourceName: 'openssl',
              sourceVersion: `3.0.${r}-1`,
            },
            {
              name: `pkg-${worker}-${i}`,
              version: '1.0',
              arch: 'amd64',
              sourceName: `pkg-${worker}-${i}`,
              sourceVersion: '1.0',
            },
          ],
        },
      }));
      const out = await store.transaction((tx) => importInventories(tx, inputs));
      wrote += out.filter((o) => o.ok).length;
    } else if (role === 'advisories') {
      await store.transaction(async (tx) => {
        const list = Array.from({ length: perBatch }, (_, i) =>
          sourceAdvisory(`DSA-${worker}-${r}-${i}`, `3.0.${r}-2`),
        );
        await tx.advisories.upsertMany(list, { rawPayloadId: null, parserVersion: '1' });
        await tx.audit.append({
          actor: `test:${worker}`,
          action: 'advisories.import',
          object: `round:${r}`,
        });
      });
      wrote += perBatch;
    } else if (role === 'evaluate') {
      const result = await evaluateStore(store);
      await store.audit.append({
        actor: `test:${worker}`,
        action: 'evaluate',
        object: `round:${r}`,
        details: { assets: result.summary().assets },
      });
      wrote += 1;
    } else {
      throw new Error(`unknown role ${role}`);
    }
  }
  process.stdout.write(`${JSON.stringify({ role, worker, wrote })}\n`);
} finally {
  await store.close();
}
