import { isPlatformFamily, type Platform, type PlatformFamily } from '../domain/platform.js';

/**
 * Parses os-release(5) text (`KEY=value` lines, values optionally quoted) into its fields.
 * Unparsable lines are ignored, as the spec asks of readers.
 */
export function parseOsReleaseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    fields.set(line.slice(0, eq), unquote(line.slice(eq + 1)));
  }
  return fields;
}

function unquote(v: string): string {
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2 && v.endsWith(q)) {
    return v.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return v;
}

/** Families whose release stream is `major.minor`; all others use the major number. */
const majorMinor: ReadonlySet<PlatformFamily> = new Set<PlatformFamily>(['ubuntu', 'alpine']);

/**
 * Maps an os-release `ID` and `VERSION_ID` (or the same pair from a CycloneDX operating-system
 * component or a purl `distro=` qualifier) to a Platform: `rhel` + `9.3` → `rhel:9`,
 * `alpine` + `3.18.4` → `alpine:3.18`, `ubuntu` + `24.04` → `ubuntu:24.04`. Returns null for
 * an unknown ID or a missing/non-numeric version (e.g. Debian testing, which has no VERSION_ID).
 */
export function platformFromOsId(id: string, versionId: string): Platform | null {
  const family = id.trim().toLowerCase();
  if (!isPlatformFamily(family) || family === 'windows') return null;
  const m = /^(\d+)(?:\.(\d+))?/.exec(versionId.trim());
  if (!m) return null;
  const release = majorMinor.has(family) && m[2] !== undefined ? `${m[1]}.${m[2]}` : m[1]!;
  return { family, release };
}

/** Platform from `/etc/os-release` content; null when ID/VERSION_ID do not name a known one. */
export function platformFromOsRelease(text: string): Platform | null {
  const f = parseOsReleaseFields(text);
  return platformFromOsId(f.get('ID') ?? '', f.get('VERSION_ID') ?? '');
}
