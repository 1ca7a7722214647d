import type { Advisory, AffectedPackage } from '../../domain/advisory.js';
import type { InstalledPackage } from '../../domain/inventory.js';

/*
 * RHEL 8 ruby module streams, shaped like Red Hat's errata: one advisory per stream, the same
 * package name, each fixed by a build of its own stream (versions follow Red Hat's modular
 * release pattern). Shared by the engine's and the store's module-stream tests.
 */

/** The fixed builds of the ruby:2.7 and ruby:3.1 streams. */
export const fix27 = '2.7.8-139.module+el8.8.0+18745+f1bef313';
export const fix31 = '3.1.4-141.module+el8.8.0+18743+6aa3ddf4';

/** The MODULARITYLABEL of an installed ruby:2.7 build. */
export const label27 = 'ruby:2.7:8070020220719142356:ad008a3a';

/** The reason a finding on a package with no label gives, spelled out. */
export const noLabel = 'module stream unknown: the inventory does not carry MODULARITYLABEL';

/** A fixed-by-`fixed` binary entry on rhel:8, in `module` where one is given. */
export function moduleFix(fixed: string, module?: string, name = 'ruby'): AffectedPackage {
  return {
    kind: 'package',
    platform: 'rhel:8',
    package: name,
    packageKind: 'binary',
    status: 'fixed',
    fixed,
    ...(module !== undefined && module !== '' && { module }),
  };
}

/** A high-severity security advisory for CVE-2023-28755. */
export function streamAdvisory(id: string, affected: AffectedPackage[]): Advisory {
  return {
    id,
    source: 'test',
    severity: 'high',
    cves: ['CVE-2023-28755'],
    classification: 'security',
    affected,
  };
}

/** One erratum per stream, each fixed by its own stream's build. */
export const ruby27 = streamAdvisory('RHSA-TEST:27', [moduleFix(fix27, 'ruby:2.7')]);
export const ruby31 = streamAdvisory('RHSA-TEST:31', [moduleFix(fix31, 'ruby:3.1')]);

/** An installed x86_64 ruby, with its MODULARITYLABEL where `label` is given. */
export function ruby(version: string, label?: string): InstalledPackage {
  return {
    name: 'ruby',
    version,
    arch: 'x86_64',
    sourceName: 'ruby',
    sourceVersion: version,
    ...(label !== undefined && { modularityLabel: label }),
  };
}
