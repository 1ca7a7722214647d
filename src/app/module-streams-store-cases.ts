import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { label27, noLabel, ruby, ruby27, ruby31 } from '../engine/testing/modules.js';
import type { Store } from '../store/index.js';
import { listFindings } from './findings.js';
import { importAdvisoryPaths } from './import-advisories.js';
import { importInventory } from './import-inventory.js';

const rocky = join(import.meta.dirname, '__fixtures__', 'modules', 'RLSA-2024_3671.json');

const v27 = '2.7.6-138.module+el8.7.0+15051+f1ee7ac3';
const v31 = '3.1.2-141.module+el8.7.0+15051+9b1b3ee3';
const label31 = 'ruby:3.1:8070020220817132806:c5368fd8';

function rpm(platform: string, ...packages: InstalledPackage[]): Inventory {
  return { format: 'rpm', platform: parsePlatform(platform), packages };
}

async function put(store: Store, name: string, inventory: Inventory, imageVersion?: string) {
  await store.transaction((tx) =>
    importInventory(tx, {
      name,
      kind: name.includes('@') ? 'image' : 'host',
      inventory,
      actor: 'test',
      ...(imageVersion !== undefined && { imageVersion }),
    }),
  );
}

/**
 * Store-backed evaluation of modular packages (docs/decisions/0012-module-streams.md): labels
 * imported with an inventory come back from the store, so each host is matched against its own
 * stream only; a host stored without labels gets unverifiable findings with the reason.
 */
export function storedModuleStreamCases(open: () => Promise<Store>): void {
  it('matches each stored host against its own module stream', async () => {
    const store = await open();
    try {
      await store.advisories.upsertMany([ruby27, ruby31], {
        rawPayloadId: null,
        parserVersion: '1',
      });
      await importAdvisoryPaths(store, [rocky], { actor: 'test' });
      await put(store, 'rhel8-ruby27', rpm('rhel:8', ruby(v27, label27)));
      await put(store, 'rhel8-ruby31', rpm('rhel:8', ruby(v31, label31)));
      await put(store, 'rhel8-unlabeled', rpm('rhel:8', ruby(v27)));
      await put(store, 'rhel8-plain', rpm('rhel:8', ruby('2.5.9-111.el8', '')));
      // An image stored without labels, and a clone that only adds its label: a delta row.
      await put(store, 'rhel8-ruby@1', rpm('rhel:8', ruby(v27)));
      await put(store, 'rhel8-clone', rpm('rhel:8', ruby(v27, label27)), 'rhel8-ruby@1');
      const v33 = '3.3.0-1.module+el9.4.0+20001+0a1b2c3d';
      await put(
        store,
        'rocky9-ruby33',
        rpm('rocky:9', ruby(v33, 'ruby:3.3:9040020240125120000:9')),
      );
      await put(
        store,
        'rocky9-ruby31',
        rpm('rocky:9', ruby(v31, 'ruby:3.1:9010020221119221509:8')),
      );

      const report = await listFindings(store, {});

      const rows = report.findings
        .map((f) => {
          const named = (f.advisories ?? []).map((a) => a.id).join('+');
          return [f.asset, named || f.advisory, f.status, f.reason ?? ''].join(' | ');
        })
        .sort();
      expect(rows).toEqual([
        'rhel8-clone | RHSA-TEST:27 | open | ',
        `rhel8-ruby27 | RHSA-TEST:27 | open | `,
        `rhel8-ruby31 | RHSA-TEST:31 | open | `,
        // Both streams' fixes name the same CVE: one finding, naming both advisories.
        `rhel8-ruby@1 | RHSA-TEST:31+RHSA-TEST:27 | unverifiable | ${noLabel}`,
        `rhel8-unlabeled | RHSA-TEST:31+RHSA-TEST:27 | unverifiable | ${noLabel}`,
        'rocky9-ruby33 | RLSA-2024:3671 | open | ',
      ]);
      const kept = await store.inventories.get((await store.assets.findByName('rhel8-clone'))!.id);
      expect(kept?.packages).toEqual([ruby(v27, label27)]);
    } finally {
      await store.close();
    }
  });
}
