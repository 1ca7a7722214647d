import { formatPlatform, parsePlatform, type PlatformFamily } from '../../domain/platform.js';

/** Full names VMware Tools reports (or the VM's configured guest OS), first match wins. */
const namePatterns: readonly (readonly [RegExp, PlatformFamily])[] = [
  [/\bDebian GNU\/Linux (\d+)/i, 'debian'],
  [/\bUbuntu (\d+\.\d+)/i, 'ubuntu'],
  [/\bRed Hat Enterprise Linux (\d+)/i, 'rhel'],
  [/\bAlmaLinux (\d+)/i, 'almalinux'],
  [/\bRocky Linux (\d+)/i, 'rocky'],
  [/\bCentOS(?: Linux| Stream)? (\d+)/i, 'centos'],
  [/\bOracle Linux (\d+)/i, 'ol'],
  [/\bAlpine Linux (\d+\.\d+)/i, 'alpine'],
  [/\bAmazon Linux (\d+)/i, 'amzn'],
];

/**
 * Windows Server releases by the build that identifies their patch stream. These releases ship
 * for x64 only, so the platform states `server:x64`; VMware does not say whether the guest is
 * a Server Core installation, so it is taken as a desktop one.
 */
const windowsServerBuilds: Readonly<Record<string, string>> = {
  '2016': '10.0.14393',
  '2019': '10.0.17763',
  '2022': '10.0.20348',
  '2025': '10.0.26100',
};

/** vim25 guest ids of Windows Server releases ("Next" is the release after the named one). */
const windowsGuestIds: Readonly<Record<string, string>> = {
  windows9Server64Guest: '2016',
  windows2019srv_64Guest: '2019',
  windows2019srvNext_64Guest: '2022',
  windows2022srvNext_64Guest: '2025',
};

/** vim25 guest ids (`VirtualMachineGuestOsIdentifier`) that carry a release. */
const idPatterns: readonly (readonly [RegExp, PlatformFamily])[] = [
  [/^debian(\d+)(?:_64)?Guest$/, 'debian'],
  [/^rhel(\d+)(?:_64)?Guest$/, 'rhel'],
  [/^centos(\d+)(?:_64)?Guest$/, 'centos'],
  [/^oracleLinux(\d+)(?:_64)?Guest$/, 'ol'],
];

/**
 * Patchline platform (`debian:12`) from guest identity: the full name first (it carries the
 * release, e.g. "Debian GNU/Linux 12 (64-bit)"), then the guest id (`debian12_64Guest`).
 * Null when neither names a release Patchline knows.
 */
export function platformFromGuest(
  fullName: string | undefined,
  guestId: string | undefined,
): string | null {
  if (fullName) {
    for (const [re, family] of namePatterns) {
      const m = re.exec(fullName);
      if (m?.[1]) return formatPlatform(parsePlatform(`${family}:${m[1]}`));
    }
    const win = /\bWindows Server (\d{4})\b/i.exec(fullName);
    const build = win?.[1] ? windowsServerBuilds[win[1]] : undefined;
    if (build) return `windows:${build}:server:x64`;
  }
  if (guestId) {
    for (const [re, family] of idPatterns) {
      const m = re.exec(guestId);
      if (m?.[1]) return formatPlatform(parsePlatform(`${family}:${m[1]}`));
    }
    const release = windowsGuestIds[guestId];
    if (release) return `windows:${windowsServerBuilds[release]}:server:x64`;
  }
  return null;
}
