import type { Diagnostic, Parsed } from '../../domain/diagnostics.js';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { WindowsState } from '../../domain/inventory.js';
import { issue, type AdapterOutput, type InventoryAdapter, type ParseContext } from '../types.js';
import { lines } from '../text.js';
import { readHotfixTable } from './hotfix.js';
import { statedIdentity } from './identity.js';
import { readSystemInfo } from './systeminfo.js';
import { readSystemInfoCsv } from './systeminfo-csv.js';

/** `UBR    REG_DWORD    0xedb` from `reg query "HKLM\…\CurrentVersion" /v UBR`. */
const regUbr = /^\s*UBR\s+REG_DWORD\s+0x([0-9a-f]{1,8})\s*$/i;

/**
 * Windows patch state from `systeminfo` output, `wmic qfe` / `Get-HotFix` tables, or several
 * of them concatenated in one file (any encoding; decoding happens before). The platform is
 * `windows:<MAJOR.MINOR.BUILD>:<client|server>:<x64|x86|arm64>[:core]` from the OS Version,
 * OS Name, System Type and InstallationType lines. See readme.md.
 */
export const windowsAdapter: InventoryAdapter = {
  id: 'windows',
  displayName: 'Windows systeminfo / wmic qfe / Get-HotFix',
  urls: [
    'https://learn.microsoft.com/windows-server/administration/windows-commands/systeminfo',
    'https://learn.microsoft.com/powershell/module/microsoft.powershell.management/get-hotfix',
  ],
  capabilities: { sourcePackages: false, statesPlatform: true, windows: true, scheme: 'kb' },
  sniff,
  parse,
};

function sniff(text: string): number {
  const head = text.slice(0, 8192);
  if (/(^|\s)HotFixID(\s|=)/m.test(head)) return 0.95;
  if (/^\s+\[\d+\]: KB\d+/m.test(head)) return 0.9;
  if (/"\d{1,2}\.\d{1,2}\.\d{3,5}[ .][^"\n]*"/.test(head) && /Windows/.test(head)) return 0.9;
  if (/:\s+\d{1,2}\.\d{1,2}\.\d{3,5}[\s.]/.test(head) && /Windows/.test(head)) return 0.9;
  return 0;
}

function parse(text: string, ctx: ParseContext): Parsed<AdapterOutput> {
  const diagnostics: Diagnostic[] = [];
  const all = lines(text);
  const info = readSystemInfo(all) ?? readSystemInfoCsv(all);
  const rows = readHotfixTable(all);
  if (!info && rows.length === 0) {
    throw new AppError(
      ErrorCode.InventoryInvalid,
      'no systeminfo OS Version line and no HotFixID table found',
      { location: { file: ctx.file, line: 1 } },
    );
  }
  const kbs = new Set<string>();
  for (const k of info?.kbs ?? []) kbs.add(k.kb);
  for (const r of rows) {
    if (r.kb) kbs.add(r.kb);
    else {
      diagnostics.push(
        issue(
          ctx,
          r.line,
          `HotFixID "${r.raw.slice(0, 30)}" is not a KB number`,
          undefined,
          'warning',
        ),
      );
    }
  }
  if (info?.declaredHotfixes !== undefined && info.declaredHotfixes > info.kbs.length) {
    const n = info.kbs.length;
    const msg = `systeminfo announces ${info.declaredHotfixes} hotfixes but lists ${n} KBs (it stops after 245; collect wmic qfe too)`;
    diagnostics.push(issue(ctx, info.line, msg, undefined, 'warning'));
  }
  const ubr = info?.ubr ?? readRegUbr(all);
  const windows: WindowsState = {
    productName: info?.productName ?? '',
    build: info?.build ?? '',
    ...(ubr === undefined ? {} : { ubr }),
    kbs: [...kbs].sort(byKbNumber),
  };
  const hostname = info?.hostname ?? rows.find((r) => r.host)?.host;
  const identity = info ? statedIdentity(info, all) : undefined;
  if (info && identity && identity.missing.length > 0) {
    const msg = `systeminfo does not say ${identity.missing.join(' or ')}; state the product with --platform windows:${info.build}:<client|server>:<x64|x86|arm64>`;
    diagnostics.push(issue(ctx, info.line, msg, undefined, 'warning'));
  }
  const platform =
    info && identity
      ? {
          platform: { family: 'windows', release: identity.release } as const,
          source: 'systeminfo OS Version, OS Name, System Type',
          inferred: false,
        }
      : undefined;
  return {
    value: {
      packages: [],
      windows,
      ...(hostname ? { hostname } : {}),
      ...(platform ? { platform } : {}),
    },
    diagnostics,
  };
}

function readRegUbr(all: readonly string[]): number | undefined {
  for (const line of all) {
    const m = regUbr.exec(line);
    if (m) return parseInt(m[1]!, 16);
  }
  return undefined;
}

function byKbNumber(a: string, b: string): number {
  return Number(a.slice(2)) - Number(b.slice(2)) || (a < b ? -1 : a > b ? 1 : 0);
}
