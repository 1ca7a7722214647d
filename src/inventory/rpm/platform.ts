import type { InstalledPackage } from '../../domain/inventory.js';
import type { PlatformFamily } from '../../domain/platform.js';
import type { PlatformHint } from '../types.js';

/** `*-release` packages and the family they announce, most specific first (see readme.md). */
const releasePackages: readonly (readonly [string, PlatformFamily])[] = [
  ['almalinux-release', 'almalinux'],
  ['rocky-release', 'rocky'],
  ['oraclelinux-release', 'ol'],
  ['centos-stream-release', 'centos'],
  ['centos-release', 'centos'],
  ['fedora-release-common', 'fedora'],
  ['fedora-release', 'fedora'],
  ['redhat-release', 'rhel'],
  ['redhat-release-server', 'rhel'],
];

/**
 * Guesses the platform from the distribution's release package: `redhat-release 8.1-3.3.el8`
 * → `rhel:8`, `centos-release 7-6.1810.2.el7.centos` → `centos:7`, Amazon's
 * `system-release 1:2-11.amzn2` → `amzn:2` (`2023.…amzn2023` → `amzn:2023`).
 */
export function inferRpmPlatform(packages: readonly InstalledPackage[]): PlatformHint | undefined {
  const byName = new Map(packages.map((p) => [p.name, p]));
  for (const [name, family] of releasePackages) {
    const p = byName.get(name);
    const major = p ? majorOf(p.version) : undefined;
    if (p && major) {
      return {
        platform: { family, release: major },
        source: `${name} ${p.version}`,
        inferred: true,
      };
    }
  }
  const sys = byName.get('system-release');
  const major = sys && sys.version.includes('amzn') ? majorOf(sys.version) : undefined;
  if (!sys || !major) return undefined;
  const platform = { family: 'amzn', release: major } as const;
  return { platform, source: `system-release ${sys.version}`, inferred: true };
}

/** Major number of the VERSION part of `[E:]V-R`. */
function majorOf(evr: string): string | undefined {
  const colon = evr.indexOf(':');
  return /^\d+/.exec(evr.slice(colon + 1))?.[0];
}
