import type { InstalledPackage } from '../domain/inventory.js';
import type { SchemeId } from '../domain/platform.js';
import { getScheme } from '../versioning/registry.js';

/**
 * Why a package's version or source version is not one its scheme can read (so it could never
 * be compared with an advisory), or null when both are valid.
 */
export function badVersion(scheme: SchemeId, pkg: InstalledPackage): string | null {
  const s = getScheme(scheme);
  if (!s.isValid(pkg.version)) {
    return `package ${pkg.name}: version "${pkg.version.slice(0, 40)}" is not a valid ${scheme} version`;
  }
  if (pkg.sourceVersion !== pkg.version && !s.isValid(pkg.sourceVersion)) {
    return `package ${pkg.name}: source version "${pkg.sourceVersion.slice(0, 40)}" is not a valid ${scheme} version`;
  }
  return null;
}
