import { describe, expect, it } from 'vitest';
import type { Advisory } from '../domain/advisory.js';
import { parsePlatform } from '../domain/platform.js';
import { schemeComparator } from './compare.js';
import { createIncrementalFleet, type WholeHost } from './incremental.js';
import type { DeltaHost } from './fleet.js';
import { sourceAdvisory } from '../../test/advisories.js';

function advisory(id: string, platform: string, name: string): Advisory {
  return sourceAdvisory(id, '1.1-r0', { platform, package: name, cves: [id] });
}

const alpine: DeltaHost = {
  asset: 'web-1',
  base: { id: 'b1', platform: parsePlatform('alpine:3.18.4'), packages: [] },
  removed: [],
  added: [],
};
const debian: DeltaHost = {
  asset: 'db-1',
  base: { id: 'b2', platform: parsePlatform('debian:12'), packages: [] },
  removed: [],
  added: [],
};
const unknown: WholeHost = {
  asset: 'mystery',
  inventory: { format: 'dpkg', platform: null, packages: [] },
};

const label = (a: ReturnType<ReturnType<typeof createIncrementalFleet>['assessmentOf']>) =>
  a === undefined ? 'unknown host' : a.status === 'assessed' ? a.status : a.reason;

describe('engine/assessment', () => {
  it('a host is assessed only while some advisory covers its stream', () => {
    const fleet = createIncrementalFleet(
      [alpine, debian, unknown],
      [advisory('DSA-1-1', 'debian:12', 'zlib')],
      schemeComparator,
    );
    const before = ['web-1', 'db-1', 'mystery', 'nobody'].map((a) => label(fleet.assessmentOf(a)));

    fleet.putAdvisory(advisory('ALPINE-1', 'alpine:3.18', 'musl'));
    const covered = label(fleet.assessmentOf('web-1'));
    fleet.removeAdvisory({ source: 'test', id: 'ALPINE-1' });
    const withdrawn = label(fleet.assessmentOf('web-1'));

    expect(before).toEqual([
      'no loaded feed covers alpine:3.18 (alpine:3.18.4)',
      'assessed',
      'platform unknown: the inventory names no operating-system release',
      'unknown host',
    ]);
    expect(covered).toBe('assessed');
    expect(withdrawn).toBe('no loaded feed covers alpine:3.18 (alpine:3.18.4)');
  });

  it('a revision that moves an advisory to another stream moves the coverage with it', () => {
    const fleet = createIncrementalFleet(
      [alpine],
      [advisory('X-1', 'alpine:3.18', 'musl')],
      schemeComparator,
    );

    fleet.putAdvisory(advisory('X-1', 'alpine:3.19', 'musl'));

    expect(label(fleet.assessmentOf('web-1'))).toBe(
      'no loaded feed covers alpine:3.18 (alpine:3.18.4)',
    );
  });

  it('a Windows build is covered only by a product entry naming that build', () => {
    const msrc: Advisory = {
      id: 'CVE-2023-36025',
      source: 'msrc-cvrf',
      severity: 'high',
      cves: ['CVE-2023-36025'],
      classification: 'security',
      affected: [
        {
          kind: 'kb',
          platform: 'windows:10.0.19045',
          product: 'Windows 10 Version 22H2 for x64-based Systems',
          status: 'fixed',
          kb: 'KB5032189',
        },
      ],
    };
    const host = (asset: string, build: string): WholeHost => ({
      asset,
      inventory: {
        format: 'windows',
        platform: parsePlatform(`windows:${build}`),
        packages: [],
        windows: { productName: 'Windows', build, kbs: [] },
      },
    });
    const fleet = createIncrementalFleet(
      [host('desk', '10.0.19045'), host('srv', '10.0.20348')],
      [msrc],
      schemeComparator,
    );

    expect([label(fleet.assessmentOf('desk')), label(fleet.assessmentOf('srv'))]).toEqual([
      'assessed',
      'no loaded feed covers windows:10.0.20348',
    ]);
  });
});
