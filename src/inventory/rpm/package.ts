import type { InstalledPackage } from '../../domain/inventory.js';
import { evr, parseSourceRpm } from './srpm.js';

/** The header fields an rpm inventory record carries, whichever way it was collected. */
export interface RpmFields {
  readonly name: string;
  /** Absent (or 0) when the package has no epoch. */
  readonly epoch: number | undefined;
  readonly version: string;
  readonly release: string;
  readonly arch: string;
  /** `%{SOURCERPM}`: `NAME-VERSION-RELEASE.src.rpm`, or `(none)`. */
  readonly sourceRpm: string;
  /** `''` for a package without one; undefined when the source did not report it. */
  readonly modularityLabel?: string | undefined;
}

/**
 * One installed package from rpm header fields: version `[epoch:]version-release`; source name
 * and version from SOURCERPM, the binary's epoch carried over (a source rpm file name has none);
 * the package itself when SOURCERPM is `(none)` or does not fit.
 */
export function rpmPackage(f: RpmFields): InstalledPackage {
  const full = evr(f.epoch, f.version, f.release);
  const label = f.modularityLabel === undefined ? {} : { modularityLabel: f.modularityLabel };
  const src = parseSourceRpm(f.sourceRpm);
  if (!src) {
    return {
      name: f.name,
      version: full,
      arch: f.arch,
      sourceName: f.name,
      sourceVersion: full,
      ...label,
    };
  }
  const sourceVersion = f.epoch ? `${f.epoch}:${src.version}` : src.version;
  return {
    name: f.name,
    version: full,
    arch: f.arch,
    sourceName: src.name,
    sourceVersion,
    ...label,
  };
}
