import type { InstalledPackage } from '../../domain/inventory.js';
import type { PlatformHint } from '../types.js';

/**
 * alpine-baselayout builds seen in real images, by exact `version-rN` (extend only with
 * verified pairs; see readme.md).
 */
const baselayout: ReadonlyMap<string, string> = new Map([['3.4.3-r1', '3.18']]);

/**
 * Guesses the Alpine release: `alpine-release 3.18.4-r0` → `alpine:3.18` (that package
 * carries /etc/alpine-release); else a known `alpine-baselayout` build. Undefined otherwise.
 */
export function inferAlpinePlatform(
  packages: readonly InstalledPackage[],
): PlatformHint | undefined {
  const rel = packages.find((p) => p.name === 'alpine-release');
  const m = rel ? /^(\d+)\.(\d+)/.exec(rel.version) : null;
  if (rel && m) {
    const platform = { family: 'alpine', release: `${m[1]}.${m[2]}` } as const;
    return { platform, source: `alpine-release ${rel.version}`, inferred: true };
  }
  const bl = packages.find((p) => p.name === 'alpine-baselayout');
  const release = bl ? baselayout.get(bl.version) : undefined;
  if (!bl || !release) return undefined;
  const platform = { family: 'alpine', release } as const;
  return { platform, source: `alpine-baselayout ${bl.version}`, inferred: true };
}
