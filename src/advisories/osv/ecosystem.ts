/** Where an OSV ecosystem string puts a package: Patchline platform and package kind. */
export interface EcosystemTarget {
  readonly platform: string;
  readonly packageKind: 'source' | 'binary';
}

/**
 * Maps OSV ecosystems (ossf.github.io/osv-schema/#affectedpackage-field) to platforms:
 * `Debian:12` → `debian:12` (`Debian:4.0` → `debian:4`, matching the codename table); `Ubuntu:22.04:LTS`, `Ubuntu:Pro:16.04:LTS` → `ubuntu:22.04`;
 * `AlmaLinux:9` → `almalinux:9`; `Rocky Linux:8` → `rocky:8`; `Alpine:v3.18` → `alpine:3.18`.
 * Debian, Ubuntu and Alpine records name source packages; AlmaLinux and Rocky name binary RPMs.
 */
export function ecosystemTarget(ecosystem: string): EcosystemTarget | undefined {
  const [family, ...rest] = ecosystem.split(':');
  switch (family) {
    case 'Debian': {
      const release = debianRelease(rest[0]);
      return release ? { platform: `debian:${release}`, packageKind: 'source' } : undefined;
    }
    case 'Ubuntu': {
      const release = rest.find((s) => /^\d{2}\.\d{2}$/.test(s));
      return release ? { platform: `ubuntu:${release}`, packageKind: 'source' } : undefined;
    }
    case 'AlmaLinux':
      return rpmTarget('almalinux', rest[0]);
    case 'Rocky Linux':
      return rpmTarget('rocky', rest[0]);
    case 'Alpine': {
      const m = /^v(\d+\.\d+)$/.exec(rest[0] ?? '');
      return m ? { platform: `alpine:${m[1]}`, packageKind: 'source' } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Debian 4.0–6.0 were numbered `N.0`; Patchline (and the tracker codename table) uses `debian:N`
 * from 4 on, keeping `3.0`/`3.1` (woody, sarge) and older as they are.
 */
function debianRelease(release: string | undefined): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(release ?? '');
  if (!m) return undefined;
  const major = Number(m[1]);
  return major >= 4 && (m[2] === undefined || m[2] === '0') ? String(major) : release;
}

function rpmTarget(family: string, release: string | undefined): EcosystemTarget | undefined {
  return release && /^\d+$/.test(release)
    ? { platform: `${family}:${release}`, packageKind: 'binary' }
    : undefined;
}
