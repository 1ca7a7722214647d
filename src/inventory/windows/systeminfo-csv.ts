import { parseOsVersion, systemTypeValue, type SystemInfo } from './systeminfo.js';

/**
 * Reads `systeminfo /fo csv` output: a quoted header row, then one quoted value row. Headers
 * are localized, so columns are found by value: the OS Version cell (see `parseOsVersion`);
 * Host Name and OS Name are the first two columns, as in the list format; the Hotfix(s) cell
 * is `N Hotfix(s) Installed.,[01]: KB…,[02]: KB…`; System Type is the `x64-based PC` cell. Null when no row has an OS Version cell.
 */
export function readSystemInfoCsv(all: readonly string[]): SystemInfo | null {
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (!line.startsWith('"') || line.length > 100_000) continue;
    const cells = splitCsv(line);
    const at = cells.findIndex((c) => parseOsVersion(c) !== null);
    if (at < 0) continue;
    const v = parseOsVersion(cells[at]!)!;
    const hotfixes = cells.find((c) => /\[\d{1,4}\]: KB\d/i.test(c)) ?? '';
    const kbs = [...hotfixes.matchAll(/\[\d{1,4}\]:\s*(KB\d{4,8})/gi)].map((m) => ({
      kb: m[1]!.toUpperCase(),
      line: i + 1,
    }));
    const declared = /^\d+/.exec(hotfixes)?.[0];
    const systemType = cells.find((c) => systemTypeValue.test(c.trim()));
    return {
      line: i + 1,
      ...(at >= 2 && cells[0] ? { hostname: cells[0] } : {}),
      productName: at >= 2 ? (cells[1] ?? '') : '',
      build: v.build,
      ...(v.ubr === undefined ? {} : { ubr: v.ubr }),
      ...(systemType ? { systemType: systemType.trim() } : {}),
      kbs,
      ...(declared === undefined ? {} : { declaredHotfixes: Number(declared) }),
    };
  }
  return null;
}

/** Splits one RFC 4180 CSV line with quoted cells (`""` is a quote inside a cell). */
export function splitCsv(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells;
}
