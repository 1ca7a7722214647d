import type { InstalledPackage } from '../../domain/inventory.js';
import type { PlatformHint } from '../types.js';

/** Ubuntu LTS releases by the `base-files` version prefix before `ubuntu` (see readme.md). */
const ubuntuBaseFiles: ReadonlyMap<string, string> = new Map([
  ['10.1', '18.04'],
  ['11', '20.04'],
  ['12', '22.04'],
  ['13', '24.04'],
]);

/**
 * Guesses the platform from the installed `base-files` package when no os-release is given:
 * Debian `12.4+deb12u11` → `debian:12`; Ubuntu `13ubuntu10` → `ubuntu:24.04` (LTS table only).
 * Returns undefined when base-files is missing or its version fits neither rule.
 */
export function inferDebianPlatform(
  packages: readonly InstalledPackage[],
): PlatformHint | undefined {
  const bf = packages.find((p) => p.name === 'base-files');
  if (!bf) return undefined;
  const source = `base-files ${bf.version}`;
  const u = bf.version.indexOf('ubuntu');
  if (u > 0) {
    const release = ubuntuBaseFiles.get(bf.version.slice(0, u));
    return release
      ? { platform: { family: 'ubuntu', release }, source, inferred: true }
      : undefined;
  }
  const m = /^(\d+)(?:\.\d+)?(?:\+deb\d+u\d+)?$/.exec(bf.version);
  if (!m) return undefined;
  return { platform: { family: 'debian', release: m[1]! }, source, inferred: true };
}
