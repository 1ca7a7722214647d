/** What systeminfo.exe output tells us, whatever the display language. */
export interface SystemInfo {
  readonly line: number;
  readonly hostname?: string;
  readonly productName: string;
  readonly build: string;
  readonly ubr?: number;
  /** "System Type" value (`x64-based PC`), found by its value. */
  readonly systemType?: string;
  /** `[NN]: KB…` entries of the Hotfix(s) block, with their line numbers. */
  readonly kbs: readonly { readonly kb: string; readonly line: number }[];
  /** The count the Hotfix(s) header announces, when found. */
  readonly declaredHotfixes?: number;
}

/**
 * Reads systeminfo.exe's list output without relying on its (localized) labels: the OS Version
 * value is `MAJOR.MINOR.BUILD <words> BUILD` (`10.0.19045 N/A Build 19045`,
 * `10.0.19045 Н/Д построение 19045`); the two lines above it are OS Name and Host Name, and the
 * value column is where the version starts. System Type is the line below whose value is
 * `x64-based PC`, `X86-based PC` or `ARM64-based PC`. Hotfixes are `[NN]: KB…` lines. Null when there
 * is no OS Version line.
 */
export function readSystemInfo(all: readonly string[]): SystemInfo | null {
  for (let i = 0; i < all.length; i++) {
    const v = versionValue(all[i]!);
    if (!v) continue;
    const valueAt = (j: number): string | undefined =>
      j >= 0 ? all[j]!.slice(v.column).trim() || undefined : undefined;
    const hostname = valueAt(i - 2);
    const { kbs, declared } = readHotfixBlock(all, i + 1);
    const systemType = all
      .slice(i + 1, i + 40)
      .map((l) => l.slice(v.column).trim())
      .find((x) => systemTypeValue.test(x));
    return {
      line: i + 1,
      ...(hostname ? { hostname } : {}),
      productName: valueAt(i - 1) ?? '',
      build: v.build,
      ...(v.ubr === undefined ? {} : { ubr: v.ubr }),
      ...(systemType ? { systemType } : {}),
      kbs,
      ...(declared === undefined ? {} : { declaredHotfixes: declared }),
    };
  }
  return null;
}

/** systeminfo's System Type values; not localized even where the label is. */
export const systemTypeValue = /^(?:x64|x86|arm64)-based PC$/i;

/** Finds `X.Y.Z[.UBR] … Z[.UBR]` after a `label:` and returns the value column. */
function versionValue(line: string): { build: string; ubr?: number; column: number } | null {
  const colon = line.indexOf(':');
  if (colon <= 0 || line.length > 400) return null;
  const rest = line.slice(colon + 1);
  const start = rest.search(/\S/);
  if (start < 0) return null;
  const v = parseOsVersion(rest);
  return v ? { ...v, column: colon + 1 + start } : null;
}

/**
 * Parses an OS Version value, `MAJOR.MINOR.BUILD[.UBR] <words> BUILD[.UBR]`, in any language:
 * the first token is the dotted version and the last one repeats its build number.
 */
export function parseOsVersion(value: string): { build: string; ubr?: number } | null {
  const tokens = value.trim().split(/\s+/);
  const first = /^(\d{1,2}\.\d{1,2}\.(\d{3,5}))(?:\.(\d{1,6}))?$/.exec(tokens[0]!);
  const last = tokens[tokens.length - 1]!;
  if (!first || tokens.length < 2 || !last.startsWith(first[2]!)) return null;
  const tail = last.slice(first[2]!.length);
  if (tail !== '' && !/^\.\d{1,6}$/.test(tail)) return null;
  const ubrText = first[3] ?? (tail ? tail.slice(1) : undefined);
  return { build: first[1]!, ...(ubrText === undefined ? {} : { ubr: Number(ubrText) }) };
}

const hotfixLine = /^\s+\[(\d{1,4})\]:\s+(KB\d{4,8})\s*$/i;

/**
 * Collects `[NN]: KB…` lines after the version line; the announced count is the first integer
 * on the line just above `[01]:` (`154 Hotfix(s) Installed.`, `… исправлений - 154.`).
 */
function readHotfixBlock(
  all: readonly string[],
  from: number,
): { kbs: { kb: string; line: number }[]; declared?: number } {
  const kbs: { kb: string; line: number }[] = [];
  let declared: number | undefined;
  for (let i = from; i < all.length; i++) {
    const m = hotfixLine.exec(all[i]!);
    if (!m) continue;
    if (m[1] === '01' && declared === undefined && i > 0) {
      const header = all[i - 1]!;
      const colon = header.indexOf(':');
      const n = /\d+/.exec(header.slice(colon + 1))?.[0];
      if (n !== undefined) declared = Number(n);
    }
    kbs.push({ kb: m[2]!.toUpperCase(), line: i + 1 });
  }
  return { kbs, ...(declared === undefined ? {} : { declared }) };
}
