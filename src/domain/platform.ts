import { AppError, ErrorCode } from './errors.js';
import { formatWindowsRelease, parseWindowsRelease } from './windows-identity.js';

/** Versioning scheme ids; one per platform family. `kb` is Windows (build + KB numbers). */
export const SchemeId = { Dpkg: 'dpkg', Rpm: 'rpm', Apk: 'apk', Kb: 'kb' } as const;
export type SchemeId = (typeof SchemeId)[keyof typeof SchemeId];

/** Operating-system families Patchline knows, with the versioning scheme each one uses. */
export const platformFamilies = {
  debian: SchemeId.Dpkg,
  ubuntu: SchemeId.Dpkg,
  rhel: SchemeId.Rpm,
  almalinux: SchemeId.Rpm,
  rocky: SchemeId.Rpm,
  centos: SchemeId.Rpm,
  ol: SchemeId.Rpm,
  fedora: SchemeId.Rpm,
  amzn: SchemeId.Rpm,
  alpine: SchemeId.Apk,
  windows: SchemeId.Kb,
} as const satisfies Record<string, SchemeId>;
export type PlatformFamily = keyof typeof platformFamilies;

/**
 * An operating-system release, written `family:release`: `debian:12`, `ubuntu:24.04`,
 * `almalinux:9`, `alpine:3.18`, `windows:10.0.19045`. The release is the vendor's stream id
 * (major for the Red Hat family, major.minor for Alpine and Ubuntu, the build for Windows).
 * A Windows release may also state the product: `windows:10.0.17763:server:x64[:core]`
 * (see windows-identity.ts); it is kept in canonical form.
 */
export interface Platform {
  readonly family: PlatformFamily;
  readonly release: string;
}

export function isPlatformFamily(s: string): s is PlatformFamily {
  return Object.hasOwn(platformFamilies, s);
}

export function formatPlatform(p: Platform): string {
  return `${p.family}:${p.release}`;
}

/** Parses `family:release`; throws PLATFORM_INVALID on an unknown family or empty release. */
export function parsePlatform(text: string): Platform {
  const i = text.indexOf(':');
  const family = (i < 0 ? text : text.slice(0, i)).trim().toLowerCase();
  const release = i < 0 ? '' : text.slice(i + 1).trim();
  if (!isPlatformFamily(family)) {
    throw new AppError(
      ErrorCode.PlatformInvalid,
      `unknown platform family "${family}" in "${text}" (known: ${Object.keys(platformFamilies).join(', ')})`,
    );
  }
  if (family === 'windows' && release !== '') {
    const id = parseWindowsRelease(release);
    if ('error' in id) {
      throw new AppError(ErrorCode.PlatformInvalid, `platform "${text}": ${id.error}`);
    }
    return { family, release: formatWindowsRelease(id) };
  }
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(release)) {
    throw new AppError(
      ErrorCode.PlatformInvalid,
      `platform "${text}" needs a release after the colon, e.g. ${family}:${exampleRelease[family]}`,
    );
  }
  return { family, release };
}

const exampleRelease: Record<PlatformFamily, string> = {
  debian: '12',
  ubuntu: '24.04',
  rhel: '9',
  almalinux: '9',
  rocky: '9',
  centos: '7',
  ol: '9',
  fedora: '40',
  amzn: '2023',
  alpine: '3.18',
  windows: '10.0.19045',
};

export function schemeOf(p: Platform): SchemeId {
  return platformFamilies[p.family];
}
