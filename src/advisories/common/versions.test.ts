import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AffectedEntry, Advisory } from '../../domain/advisory.js';
import { parseAdvisoryFile } from '../registry.js';
import { skipUnreadableVersions } from './versions.js';

function advisory(affected: Partial<AffectedEntry>[]): Advisory {
  return {
    id: 'X-1',
    source: 'test',
    severity: 'high',
    cves: [],
    classification: 'security',
    affected: affected.map(
      (a) =>
        ({
          kind: 'package',
          platform: 'debian:12',
          package: 'zlib',
          packageKind: 'source',
          status: 'fixed',
          fixed: '1:1.2.13.dfsg-1',
          ...a,
        }) as AffectedEntry,
    ),
  };
}

describe('advisories/common/versions', () => {
  it.each`
    case                             | entries                                                                | kept | errors
    ${'valid dpkg'}                  | ${[{}]}                                                                | ${1} | ${[]}
    ${'dpkg fixed without digit'}    | ${[{ fixed: 'kernel-image-2.4.17' }, {}]}                              | ${1} | ${['X-1: zlib on debian:12: fixed version "kernel-image-2.4.17" is not a valid dpkg version; entry skipped']}
    ${'rpm introduced garbage'}      | ${[{ platform: 'almalinux:9', fixed: '1.2-3.el9', introduced: '1:' }]} | ${0} | ${['X-1: zlib on almalinux:9: introduced version "1:" is not a valid rpm version; entry skipped', 'X-1: no readable affected entry left; advisory skipped']}
    ${'apk trailing dot'}            | ${[{ platform: 'alpine:3.10', fixed: '4.8.0.-r1' }]}                   | ${0} | ${['X-1: zlib on alpine:3.10: fixed version "4.8.0.-r1" is not a valid apk version; entry skipped', 'X-1: no readable affected entry left; advisory skipped']}
    ${'unknown platform left alone'} | ${[{ platform: 'plan9:4', fixed: '???' }]}                             | ${1} | ${[]}
    ${'no-fix-yet without versions'} | ${[{ status: 'no-fix-yet', fixed: undefined }]}                        | ${1} | ${[]}
  `('$case', ({ entries, kept, errors }) => {
    const r = skipUnreadableVersions({ advisories: [advisory(entries)], diagnostics: [] }, 'f');

    expect(r.advisories.flatMap((a) => a.affected)).toHaveLength(kept);
    expect(r.diagnostics.map((d) => d.message)).toEqual(errors);
    for (const d of r.diagnostics) {
      expect(d).toMatchObject({ severity: 'error', location: { file: 'f' } });
    }
  });

  it('skips the one unreadable fix in the real Alpine 3.10 community secdb', () => {
    const file = join(import.meta.dirname, '../alpine-secdb/__fixtures__/v3.10-community.yaml');

    const r = parseAdvisoryFile({ name: 'v3.10-community.yaml', bytes: readFileSync(file) });

    const skipped = r.diagnostics.filter((d) => d.message.endsWith('entry skipped'));
    expect(skipped.map((d) => d.message)).toEqual([
      expect.stringContaining(
        'phpmyadmin on alpine:3.10: fixed version "4.8.0.-r1" is not a valid apk version',
      ),
    ]);
    expect(skipped[0]!.location).toMatchObject({ file: 'v3.10-community.yaml' });
    const stored = r.advisories.flatMap((a) => a.affected).filter((e) => e.kind === 'package');
    expect(stored.length).toBeGreaterThan(100);
    expect(stored.some((e) => e.fixed === '4.8.0.-r1')).toBe(false);
  });
});
