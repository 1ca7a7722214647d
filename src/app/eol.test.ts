import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledLifecycle } from '../advisories/eol/bundled.js';
import { fixedClock } from '../domain/clock.js';
import { openStore } from '../store/index.js';
import type { LifecycleEntry } from '../advisories/eol/index.js';
import {
  eolFindings,
  eolSettings,
  lifecycleFromStore,
  supportEnded,
  type LifecycleData,
} from './eol.js';
import { importAdvisoryPaths } from './import-advisories.js';
import type { AssetView } from './evaluation/index.js';

const life: LifecycleData = {
  byStream: new Map(bundledLifecycle().entries.map((e) => [e.stream, e])),
  sources: ['bundled'],
  diagnostics: [],
};
const entry = (stream: string): LifecycleEntry => life.byStream.get(stream)!;

function asset(over: Partial<AssetView> & Pick<AssetView, 'id' | 'platform'>): AssetView {
  return {
    name: over.id,
    kind: 'host',
    labels: {},
    image: null,
    imageId: null,
    ...over,
  };
}

describe('app/eol', () => {
  it.each`
    stream                | now                       | subscribed | lastDay         | what
    ${'centos:7'}         | ${'2024-06-30T23:59:59Z'} | ${false}   | ${null}         | ${null}
    ${'centos:7'}         | ${'2024-07-01T00:00:00Z'} | ${false}   | ${'2024-06-30'} | ${'standard support'}
    ${'debian:10'}        | ${'2023-01-01T00:00:00Z'} | ${false}   | ${null}         | ${null}
    ${'debian:10'}        | ${'2024-07-01T00:00:00Z'} | ${false}   | ${'2024-06-30'} | ${'LTS'}
    ${'ubuntu:18.04'}     | ${'2026-11-27T12:00:00Z'} | ${false}   | ${'2023-05-31'} | ${'standard support'}
    ${'ubuntu:18.04'}     | ${'2026-11-27T12:00:00Z'} | ${true}    | ${null}         | ${null}
    ${'ubuntu:18.04'}     | ${'2028-05-01T00:00:00Z'} | ${true}    | ${'2028-04-30'} | ${'ESM'}
    ${'windows:6.3.9600'} | ${'2026-10-13T12:00:00Z'} | ${true}    | ${null}         | ${null}
    ${'windows:6.3.9600'} | ${'2026-10-14T00:00:00Z'} | ${true}    | ${'2026-10-13'} | ${'ESU'}
    ${'windows:6.3.9600'} | ${'2025-01-01T00:00:00Z'} | ${false}   | ${'2023-10-10'} | ${'standard support'}
    ${'rhel:7'}           | ${'2026-11-27T12:00:00Z'} | ${false}   | ${'2024-06-30'} | ${'standard support'}
    ${'rhel:7'}           | ${'2026-11-27T12:00:00Z'} | ${true}    | ${null}         | ${null}
    ${'alpine:3.16'}      | ${'2026-11-27T12:00:00Z'} | ${false}   | ${'2024-05-23'} | ${'standard support'}
    ${'debian:12'}        | ${'2026-11-27T12:00:00Z'} | ${false}   | ${null}         | ${null}
  `(
    '$stream at $now (subscribed $subscribed): ended $lastDay ($what)',
    ({ stream, now, subscribed, lastDay, what }) => {
      const ended = supportEnded(entry(stream), new Date(now), subscribed);

      expect(ended === null ? [null, null] : [ended.lastDay, ended.what]).toEqual([lastDay, what]);
    },
  );

  it('names the paid programme an unsubscribed asset lacks while it still runs', () => {
    const ended = supportEnded(entry('ubuntu:18.04'), new Date('2026-11-27T12:00:00Z'), false);

    expect(ended?.missing).toEqual({ program: 'ESM', end: '2028-04-30' });
  });

  it('raises an open finding named after the stream, with date and source as evidence', () => {
    const now = new Date('2026-11-27T12:00:00Z');

    const out = eolFindings([asset({ id: 'c7', platform: 'centos:7' })], life, eolSettings(), now);

    expect(out.get('c7')).toMatchObject({
      asset: 'c7',
      advisory: 'EOL-centos-7',
      package: 'centos:7',
      severity: 'high',
      status: 'open',
      origin: 'host',
      evidence: {
        rule: 'end-of-life',
        supportEnded: '2024-06-30',
        source: 'https://www.redhat.com/en/topics/linux/centos-linux-eol',
      },
    });
    expect(out.get('c7')?.reason).toContain('standard support ended 2024-06-30');
  });

  it.each`
    policy                                                                | label           | severity      | found
    ${undefined}                                                          | ${'none'}       | ${'high'}     | ${true}
    ${{ eol: { severity: 'critical' } }}                                  | ${'none'}       | ${'critical'} | ${true}
    ${{ eol: { extendedSupport: { match: { support: 'ubuntu-pro' } } } }} | ${'ubuntu-pro'} | ${'high'}     | ${false}
    ${{ eol: { extendedSupport: { match: { support: 'ubuntu-pro' } } } }} | ${'none'}       | ${'high'}     | ${true}
  `(
    'applies the policy $policy to an asset labelled $label',
    ({ policy, label, severity, found }) => {
      const a = asset({ id: 'u18', platform: 'ubuntu:18.04', labels: { support: label } });

      const out = eolFindings([a], life, eolSettings(policy), new Date('2026-11-27T12:00:00Z'));

      expect(out.get('u18')?.severity).toBe(found ? severity : undefined);
    },
  );

  it.each`
    imageLabel      | cloneLabel      | cloneOrigin
    ${'none'}       | ${'none'}       | ${'inherited'}
    ${'ubuntu-pro'} | ${'none'}       | ${'introduced'}
    ${'none'}       | ${'ubuntu-pro'} | ${null}
  `(
    'gives a clone (image $imageLabel, clone $cloneLabel) origin $cloneOrigin',
    ({ imageLabel, cloneLabel, cloneOrigin }) => {
      const settings = eolSettings({
        eol: { extendedSupport: { match: { support: 'ubuntu-pro' } } },
      });
      const img = asset({
        id: 'img',
        kind: 'image',
        platform: 'ubuntu:18.04',
        labels: { support: imageLabel },
      });
      const clone = asset({
        id: 'clone',
        platform: 'ubuntu:18.04',
        labels: { support: cloneLabel },
        image: 'img',
        imageId: 'img',
      });

      const out = eolFindings([clone, img], life, settings, new Date('2026-11-27T12:00:00Z'));

      expect(out.get('clone')?.origin ?? null).toBe(cloneOrigin);
    },
  );

  it('raises nothing for a platform the table does not list or an asset with none', () => {
    const assets = [asset({ id: 'x', platform: 'fedora:40' }), asset({ id: 'y', platform: null })];

    expect(eolFindings(assets, life, eolSettings(), new Date('2030-01-01T00:00:00Z')).size).toBe(0);
  });

  it.each`
    bundledVersion | keptVersion | standardEnd     | warnings
    ${1}           | ${1}        | ${'2030-01-01'} | ${0}
    ${1}           | ${2}        | ${'2030-01-01'} | ${0}
    ${3}           | ${2}        | ${'2024-06-30'} | ${1}
  `(
    'lays a kept table (version $keptVersion) over the bundled one (version $bundledVersion)',
    async ({ bundledVersion, keptVersion, standardEnd, warnings }) => {
      const dir = mkdtempSync(join(tmpdir(), 'patchline-eol-'));
      const store = await openStore(':memory:', fixedClock('2026-11-27T12:00:00Z'));
      const file = join(dir, 'eol.json');
      const kept = { ...entry('centos:7'), standardEnd: '2030-01-01' };
      const table = { format: 'patchline-eol', version: keptVersion, updated: '2026-11-26' };
      writeFileSync(file, JSON.stringify({ ...table, entries: [kept] }));
      await importAdvisoryPaths(store, [file], { actor: 'test' });
      const bundled = { ...bundledLifecycle(), version: bundledVersion as number };

      const data = await lifecycleFromStore(store, bundled);

      await store.close();
      rmSync(dir, { recursive: true, force: true });
      expect(data.byStream.get('centos:7')?.standardEnd).toBe(standardEnd);
      expect(data.diagnostics.filter((d) => d.severity === 'warning')).toHaveLength(warnings);
      expect(data.byStream.get('debian:12')).toEqual(entry('debian:12'));
    },
  );
});
