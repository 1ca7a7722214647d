import {
  formatWindowsRelease,
  type CompleteWindowsIdentity,
  type WindowsArch,
} from '../../domain/windows-identity.js';

/**
 * Windows product name (CVRF FullProductName) → OS build (the `major.minor.build` prefix of
 * `systeminfo` "OS Version") and edition class. Sources: Microsoft's Windows 10/11 and Windows
 * Server release-information pages. First match wins, so specific names come before general
 * ones. Products not listed (Office, Edge, .NET on Windows …) stay on the plain `windows`
 * platform and match no host.
 */
export const windowsBuilds: readonly (readonly [RegExp, string, 'client' | 'server'])[] = [
  [/^Windows 11 Version 24H2\b/i, '10.0.26100', 'client'],
  [/^Windows 11 Version 23H2\b/i, '10.0.22631', 'client'],
  [/^Windows 11 Version 22H2\b/i, '10.0.22621', 'client'],
  [/^Windows 11 (Version 21H2 )?for\b/i, '10.0.22000', 'client'],
  [/^Windows 10 Version 22H2\b/i, '10.0.19045', 'client'],
  [/^Windows 10 Version 21H2\b/i, '10.0.19044', 'client'],
  [/^Windows 10 Version 21H1\b/i, '10.0.19043', 'client'],
  [/^Windows 10 Version 20H2\b/i, '10.0.19042', 'client'],
  [/^Windows 10 Version 1809\b/i, '10.0.17763', 'client'],
  [/^Windows 10 Version 1607\b/i, '10.0.14393', 'client'],
  [/^Windows 10 for\b/i, '10.0.10240', 'client'],
  [/^Windows Server 2025\b/i, '10.0.26100', 'server'],
  [/^Windows Server 2022, 23H2 Edition\b/i, '10.0.25398', 'server'],
  [/^Windows Server 2022\b/i, '10.0.20348', 'server'],
  [/^Windows Server 2019\b/i, '10.0.17763', 'server'],
  [/^Windows Server 2016\b/i, '10.0.14393', 'server'],
  [/^Windows Server 2012 R2\b/i, '6.3.9600', 'server'],
  [/^Windows Server 2012\b/i, '6.2.9200', 'server'],
  [/^Windows 8\.1\b/i, '6.3.9600', 'client'],
  [/^Windows Server 2008 R2\b/i, '6.1.7601', 'server'],
  [/^Windows 7\b/i, '6.1.7601', 'client'],
  [/^Windows Server 2008\b/i, '6.0.6003', 'server'],
];

/** "for x64-based Systems", "for ARM64-based Systems", "for 32-bit Systems". */
const archPhrase = /\bfor (x64-based|ARM64-based|32-bit) Systems\b/i;
const archOfPhrase: Readonly<Record<string, WindowsArch>> = {
  'x64-based': 'x64',
  'arm64-based': 'arm64',
  '32-bit': 'x86',
};

/**
 * The identity a Windows product name denotes, or null for a product that is not Windows
 * itself. The architecture is the "for … Systems" phrase; server names without one
 * (`Windows Server 2019`, `Windows Server 2012 R2`) are x64, the only architecture those
 * releases ship for. "(Server Core installation)" is the Server Core installation type.
 */
export function windowsIdentityOf(productName: string): CompleteWindowsIdentity | null {
  const name = productName.trim();
  for (const [pattern, build, edition] of windowsBuilds) {
    if (!pattern.test(name)) continue;
    const phrase = archPhrase.exec(name)?.[1]?.toLowerCase();
    const arch = phrase ? archOfPhrase[phrase] : edition === 'server' ? 'x64' : undefined;
    if (!arch) return null;
    const core = /\(Server Core installation\)/i.test(name);
    return { build, edition, arch, installation: core ? 'server-core' : 'desktop' };
  }
  return null;
}

/** `windows:<build>:<edition>:<arch>[:core]` for a known Windows product name, else `windows`. */
export function windowsPlatform(productName: string): string {
  const id = windowsIdentityOf(productName);
  return id ? `windows:${formatWindowsRelease(id)}` : 'windows';
}
