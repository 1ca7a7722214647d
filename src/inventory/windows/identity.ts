import {
  archOfSystemType,
  editionOfOsName,
  formatWindowsRelease,
  serverCoreOnlyBuilds,
  type WindowsIdentity,
  type WindowsInstallation,
} from '../../domain/windows-identity.js';
import type { SystemInfo } from './systeminfo.js';

/**
 * `InstallationType    REG_SZ    Server Core` from `reg query "HKLM\…\CurrentVersion" /v
 * InstallationType`, or `WindowsInstallationType : Server Core` from `Get-ComputerInfo`.
 */
const installationLine =
  /^\s*(?:Windows)?InstallationType\s*(?:REG_SZ\s+|:\s*)(Server Core|Server|Client|Nano Server)\s*$/i;

export interface StatedIdentity {
  /** The platform release: `10.0.17763:server:x64[:core]`, or the build alone. */
  readonly release: string;
  /** Line of the InstallationType value, when found. */
  readonly installationLine?: number;
  /** Edition or architecture the inventory did not say, for a warning. */
  readonly missing: readonly string[];
}

/**
 * The Windows identity an inventory states: edition class from OS Name, architecture from
 * System Type, Server Core from InstallationType. A server with no InstallationType is taken
 * as a desktop installation (Server with Desktop Experience), unless its build ships only as
 * Server Core: MSRC lists a Server Core product's fixes for the desktop product too, so the
 * assumption can over-report, not hide a fix.
 */
export function statedIdentity(info: SystemInfo, all: readonly string[]): StatedIdentity {
  const edition = editionOfOsName(info.productName);
  const arch = info.systemType ? archOfSystemType(info.systemType) : undefined;
  let installation: WindowsInstallation = serverCoreOnlyBuilds.has(info.build)
    ? 'server-core'
    : 'desktop';
  let at: number | undefined;
  for (let i = 0; i < all.length; i++) {
    const m = installationLine.exec(all[i]!);
    if (!m) continue;
    at = i + 1;
    if (/^server core$/i.test(m[1]!)) installation = 'server-core';
    break;
  }
  const missing: string[] = [];
  if (!edition) missing.push('client or server (OS Name)');
  if (!arch) missing.push('architecture (System Type)');
  const id: WindowsIdentity = {
    build: info.build,
    ...(edition && { edition }),
    ...(arch && { arch }),
    installation: edition === 'server' ? installation : 'desktop',
  };
  return {
    release: formatWindowsRelease(id),
    ...(at !== undefined && { installationLine: at }),
    missing,
  };
}
