/**
 * Windows product name → OS build (the `major.minor.build` prefix of `systeminfo` "OS Version").
 * Sources: Microsoft's Windows 10/11 and Windows Server release-information pages. First match
 * wins, so specific names come before general ones. Products not listed (Office, Edge, .NET …)
 * stay on the plain `windows` platform.
 */
export const windowsBuilds: readonly (readonly [RegExp, string])[] = [
  [/^Windows 11 Version 24H2\b/i, '10.0.26100'],
  [/^Windows 11 Version 23H2\b/i, '10.0.22631'],
  [/^Windows 11 Version 22H2\b/i, '10.0.22621'],
  [/^Windows 11 (Version 21H2 )?for\b/i, '10.0.22000'],
  [/^Windows 10 Version 22H2\b/i, '10.0.19045'],
  [/^Windows 10 Version 21H2\b/i, '10.0.19044'],
  [/^Windows 10 Version 21H1\b/i, '10.0.19043'],
  [/^Windows 10 Version 20H2\b/i, '10.0.19042'],
  [/^Windows 10 Version 1809\b/i, '10.0.17763'],
  [/^Windows 10 Version 1607\b/i, '10.0.14393'],
  [/^Windows 10 for\b/i, '10.0.10240'],
  [/^Windows Server 2025\b/i, '10.0.26100'],
  [/^Windows Server 2022, 23H2 Edition\b/i, '10.0.25398'],
  [/^Windows Server 2022\b/i, '10.0.20348'],
  [/^Windows Server 2019\b/i, '10.0.17763'],
  [/^Windows Server 2016\b/i, '10.0.14393'],
  [/^Windows Server 2012 R2\b/i, '6.3.9600'],
  [/^Windows Server 2012\b/i, '6.2.9200'],
  [/^Windows 8\.1\b/i, '6.3.9600'],
  [/^Windows Server 2008 R2\b/i, '6.1.7601'],
  [/^Windows 7\b/i, '6.1.7601'],
  [/^Windows Server 2008\b/i, '6.0.6003'],
];

/** `windows:<build>` for a known Windows product name, else `windows`. */
export function windowsPlatform(productName: string): string {
  for (const [pattern, build] of windowsBuilds) {
    if (pattern.test(productName.trim())) return `windows:${build}`;
  }
  return 'windows';
}
