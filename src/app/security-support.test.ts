import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import type { Store } from '../store/index.js';
import { runDemo } from './demo.js';
import { sampleEstateDir } from './estate.js';
import { evaluate } from './evaluate-fleet.js';
import { listFindings } from './findings.js';
import { importAdvisoryPaths } from './import-advisories.js';
import { importInventoryFile } from './import-inventory.js';
import { openStore } from './open-store.js';
import { supportNoticeInEffect } from './security-support.js';

const header =
  '# List of packages whose security support ends before the distribution EOL\n' +
  '# File format: Columns, separated by one or more space characters\n';

describe('app/security-support', () => {
  it.each`
    source                       | published       | now                       | applies
    ${'debian-security-support'} | ${'2026-06-12'} | ${'2026-06-11T23:59:59Z'} | ${false}
    ${'debian-security-support'} | ${'2026-06-12'} | ${'2026-06-12T00:00:00Z'} | ${true}
    ${'debian-security-support'} | ${'2026-06-12'} | ${undefined}              | ${false}
    ${'debian-security-support'} | ${undefined}    | ${undefined}              | ${true}
    ${'debian-tracker'}          | ${'2099-01-01'} | ${'2026-06-11T00:00:00Z'} | ${true}
  `(
    '$source published $published applies at $now: $applies',
    ({ source, published, now, applies }) => {
      const at = now === undefined ? undefined : new Date(now as string);

      expect(supportNoticeInEffect({ source, published }, at)).toBe(applies);
    },
  );

  describe('in findings', () => {
    let dir: string;
    let store: Store;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'patchline-dss-'));
      store = await openStore(join(dir, 'p.db'), fixedClock('2026-11-27T09:00:00Z'));
      await runDemo(store);
      // A Debian 12 host like the base image, without the bc source package.
      const base = readFileSync(join(sampleEstateDir, 'debian12-base.status'), 'utf8');
      const withoutBc = base
        .split(/\n\n+/)
        .filter((stanza) => !/^Package: bc$/m.test(stanza))
        .join('\n\n');
      expect(withoutBc.length).toBeLessThan(base.length);
      writeFileSync(join(dir, 'min-01.status'), withoutBc);
      await importInventoryFile(store, {
        name: 'min-01',
        file: join(dir, 'min-01.status'),
        actor: 'test',
      });
      const list = join(dir, 'security-support-ended.deb12');
      writeFileSync(list, `${header}bc    1.07.1-3    2026-06-12    no longer maintained\n`);
      await importAdvisoryPaths(store, [list], { actor: 'test' });
    });

    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it.each`
      now                       | assets
      ${'2026-06-11T23:59:59Z'} | ${[]}
      ${'2026-06-12T00:00:00Z'} | ${['debian12-base@2026.11.1', 'web-01', 'web-02']}
      ${undefined}              | ${[]}
    `('raises the ended-support finding at $now on hosts with bc only', async ({ now, assets }) => {
      const report = await listFindings(store, {
        advisory: 'DSS-debian-12-bc',
        ...(now !== undefined && { now: new Date(now as string) }),
      });

      const min = await listFindings(store, {
        asset: 'min-01',
        now: new Date('2026-11-27T09:00:00Z'),
      });

      expect(report.findings.map((f) => f.asset).sort()).toEqual(assets);
      expect(min.notAssessed).toEqual([]);
      expect(min.findings.map((f) => f.advisory)).not.toContain('DSS-debian-12-bc');
      for (const f of report.findings) {
        expect(f).toMatchObject({
          status: 'will-not-fix',
          severity: 'medium',
          sourcePackage: 'bc',
        });
      }
    });

    it.each(['2026-06-11T23:59:59Z', '2026-06-12T00:00:00Z'])(
      'counts in evaluate what findings lists at %s',
      async (now) => {
        const at = new Date(now);
        const counted = await evaluate(store, { clock: fixedClock(now) });
        const listed = await listFindings(store, { now: at });

        expect(listed.total).toBe(counted.totals.findings);
      },
    );
  });
});
