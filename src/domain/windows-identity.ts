/**
 * Which Windows product a machine runs. MSRC names a product per build, edition class,
 * architecture and installation type ("Windows Server 2019 (Server Core installation)",
 * "Windows 10 Version 1809 for ARM64-based Systems"), and several products share a build
 * (17763 is both Windows 10 1809 and Server 2019), so the build alone does not say which
 * advisories apply.
 */
export const WindowsEdition = { Client: 'client', Server: 'server' } as const;
export type WindowsEdition = (typeof WindowsEdition)[keyof typeof WindowsEdition];

export const WindowsArch = { X64: 'x64', X86: 'x86', Arm64: 'arm64' } as const;
export type WindowsArch = (typeof WindowsArch)[keyof typeof WindowsArch];

export const WindowsInstallation = { Desktop: 'desktop', ServerCore: 'server-core' } as const;
export type WindowsInstallation = (typeof WindowsInstallation)[keyof typeof WindowsInstallation];

/** A Windows identity; edition and arch are absent when the source did not say them. */
export interface WindowsIdentity {
  /** `10.0.17763` */
  readonly build: string;
  readonly edition?: WindowsEdition;
  readonly arch?: WindowsArch;
  /** Server Core or not; clients are always `desktop`. */
  readonly installation: WindowsInstallation;
}

export type CompleteWindowsIdentity = Required<WindowsIdentity>;

/** Why a host whose identity lacks edition or arch is not matched. */
export const incompleteIdentityReason =
  'state the Windows product: client or server, architecture (e.g. windows:10.0.17763:server:x64)';

/**
 * Server builds that ship only as Server Core: the Semi-Annual Channel releases (1709 to 20H2)
 * and Windows Server 2022, 23H2 Edition (Microsoft's Windows Server release information).
 */
export const serverCoreOnlyBuilds: ReadonlySet<string> = new Set([
  '10.0.16299',
  '10.0.17134',
  '10.0.18362',
  '10.0.18363',
  '10.0.19041',
  '10.0.19042',
  '10.0.25398',
]);

const buildPattern = /^\d{1,2}\.\d{1,2}\.\d{3,5}$/;
const archWords: Readonly<Record<string, WindowsArch>> = {
  x64: 'x64',
  amd64: 'x64',
  x86: 'x86',
  arm64: 'arm64',
};

/**
 * Parses the release part of a Windows platform: `BUILD[:EDITION:ARCH[:core]]`, e.g.
 * `10.0.17763`, `10.0.17763:server:x64`, `10.0.17763:server:x64:core`, `10.0.22631:client:arm64`.
 * Words after the build may come in any order (`amd64` is `x64`; `desktop` is the default);
 * `core` needs `server`. Returns an error message instead of throwing.
 */
export function parseWindowsRelease(text: string): WindowsIdentity | { readonly error: string } {
  const [build = '', ...words] = text.trim().toLowerCase().split(':');
  if (!buildPattern.test(build)) {
    return { error: `"${build}" is not a Windows build (MAJOR.MINOR.BUILD, e.g. 10.0.17763)` };
  }
  let edition: WindowsEdition | undefined;
  let arch: WindowsArch | undefined;
  let installation: WindowsInstallation = 'desktop';
  for (const w of words) {
    if (w === 'client' || w === 'server') edition = w;
    else if (archWords[w]) arch = archWords[w];
    else if (w === 'core' || w === 'server-core') installation = 'server-core';
    else if (w !== 'desktop') {
      return { error: `unknown Windows word "${w}" (use client|server, x64|x86|arm64, core)` };
    }
  }
  if (installation === 'server-core' && edition !== 'server') {
    return { error: 'Server Core is an installation type of server editions only' };
  }
  return { build, ...(edition && { edition }), ...(arch && { arch }), installation };
}

/** The canonical release text: `BUILD[:EDITION][:ARCH][:core]`. */
export function formatWindowsRelease(id: WindowsIdentity): string {
  return [
    id.build,
    ...(id.edition ? [id.edition] : []),
    ...(id.arch ? [id.arch] : []),
    ...(id.installation === 'server-core' ? ['core'] : []),
  ].join(':');
}

export function isCompleteIdentity(id: WindowsIdentity): id is CompleteWindowsIdentity {
  return id.edition !== undefined && id.arch !== undefined;
}

/** The build of a Windows release text (`10.0.17763:server:x64` → `10.0.17763`). */
export function windowsBuildOf(release: string): string {
  return release.split(':')[0]!.trim();
}

/**
 * The architecture in systeminfo's "System Type" value (`x64-based PC`, `ARM64-based PC`,
 * `X86-based PC`); the value is not localized even when the label is.
 */
export function archOfSystemType(value: string): WindowsArch | undefined {
  const m = /^(x64|x86|arm64)-based PC$/i.exec(value.trim());
  return m ? archWords[m[1]!.toLowerCase()] : undefined;
}

/**
 * The edition class in an "OS Name" value (`Microsoft Windows Server 2019 Datacenter`,
 * `Microsoft Windows 10 Pro`, `Майкрософт Windows 10 Pro`); undefined when it names neither.
 */
export function editionOfOsName(value: string): WindowsEdition | undefined {
  if (/\bWindows Server\b/i.test(value)) return 'server';
  if (/\bWindows (?:7|8|8\.1|10|11|Vista)\b/i.test(value)) return 'client';
  return undefined;
}
