import type { Advisory } from '../../src/domain/advisory.js';
import type { InstalledPackage } from '../../src/domain/inventory.js';
import { parsePlatform, type Platform } from '../../src/domain/platform.js';
import type { BaseSet, DeltaHost } from '../../src/engine/fleet.js';
import { int, pick, seeded } from './random.js';

/** Sizes of a synthetic fleet; `full` is what issue 3's targets are set for. */
export interface FleetSpec {
  readonly seed: number;
  readonly hosts: number;
  readonly templates: number;
  readonly minPackages: number;
  readonly maxPackages: number;
  /** Share of hosts that drifted from their template. */
  readonly driftShare: number;
  readonly maxDrift: number;
  /** Distinct source packages in the universe. */
  readonly universe: number;
  /** Affected ranges to generate across all advisories. */
  readonly ranges: number;
}

export const fullFleet: FleetSpec = {
  seed: 20261127,
  hosts: 100_000,
  templates: 40,
  minPackages: 500,
  maxPackages: 2000,
  driftShare: 0.7,
  maxDrift: 30,
  universe: 6000,
  ranges: 300_000,
};

export const smokeFleet: FleetSpec = { ...fullFleet, hosts: 2_000, templates: 8, ranges: 20_000 };

export interface Fleet {
  readonly platform: Platform;
  readonly bases: readonly BaseSet[];
  readonly hosts: readonly DeltaHost[];
  readonly advisories: readonly Advisory[];
  readonly rangeCount: number;
}

const syllables = [
  'ssl',
  'xml',
  'curl',
  'z',
  'gnu',
  'tls',
  'py',
  'perl',
  'krb',
  'ldap',
  'sql',
  'gtk',
  'x11',
  'dbus',
  'nss',
  'pam',
  'udev',
  'acl',
  'attr',
  'cap',
  'ffi',
  'gmp',
  'idn',
  'lz',
  'pcre',
  'uuid',
  'yaml',
  'zstd',
];

/** A real-looking Debian version ladder for one package, oldest first. */
function ladder(rand: () => number): string[] {
  const epoch = rand() < 0.1 ? `${int(rand, 1, 3)}:` : '';
  const major = int(rand, 0, 12);
  const minor = int(rand, 0, 30);
  const out: string[] = [];
  let patch = int(rand, 0, 9);
  for (let i = 0; i < 6; i++) {
    const rev = int(rand, 1, 4);
    const base = `${epoch}${major}.${minor}.${patch}`;
    out.push(`${base}-${rev}`);
    out.push(`${base}-${rev}+deb12u${int(rand, 1, 3)}`);
    if (rand() < 0.3) out.push(`${base}-${rev}+deb12u9~bpo12+1`);
    patch += int(rand, 1, 3);
  }
  return out;
}

/**
 * A seeded fleet: templates of 500–2,000 packages drawn from a universe of source packages (each
 * with one or two binaries), hosts cloned from them with 1–30 drifted packages for 70 % of them,
 * and source-keyed Debian advisories adding up to `ranges` affected ranges.
 */
export function generateFleet(spec: FleetSpec): Fleet {
  const rand = seeded(spec.seed);
  const platform = parsePlatform('debian:12');
  const sources = Array.from({ length: spec.universe }, (_, i) => ({
    name: `${pick(rand, syllables)}${pick(rand, syllables)}${i}`,
    versions: ladder(rand),
    binaries: rand() < 0.4 ? 2 : 1,
  }));
  const pkgOf = (s: (typeof sources)[number], b: number, version: string): InstalledPackage => ({
    name: b === 0 ? `lib${s.name}` : `${s.name}-bin`,
    version,
    arch: 'amd64',
    sourceName: s.name,
    sourceVersion: version,
  });
  const byName = new Map(sources.map((s) => [s.name, s]));
  const bases: BaseSet[] = [];
  for (let t = 0; t < spec.templates; t++) {
    const n = int(rand, spec.minPackages, spec.maxPackages);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(n, spec.universe)) chosen.add(int(rand, 0, spec.universe - 1));
    const packages: InstalledPackage[] = [];
    for (const i of [...chosen].sort((a, b) => a - b)) {
      const s = sources[i]!;
      const half = Math.floor(s.versions.length / 2);
      const v = s.versions[int(rand, half, s.versions.length - 2)]!;
      for (let b = 0; b < s.binaries; b++) packages.push(pkgOf(s, b, v));
    }
    bases.push({ id: `tmpl-${t}@1`, platform, packages });
  }
  const hosts: DeltaHost[] = [];
  for (let h = 0; h < spec.hosts; h++) {
    const base = bases[h % bases.length]!;
    const removed: InstalledPackage[] = [];
    const added: InstalledPackage[] = [];
    if (rand() < spec.driftShare) {
      const drift = int(rand, 1, spec.maxDrift);
      for (let d = 0; d < drift; d++) {
        const p = pick(rand, base.packages);
        const s = byName.get(p.sourceName);
        const newer = s?.versions[s.versions.indexOf(p.version) + 1];
        if (!newer || removed.includes(p)) continue;
        removed.push(p);
        added.push({ ...p, version: newer, sourceVersion: newer });
      }
    }
    hosts.push({ asset: `host-${h}`, base, removed, added });
  }
  const advisories: Advisory[] = [];
  let ranges = 0;
  let n = 0;
  while (ranges < spec.ranges) {
    const entries = int(rand, 1, 20);
    const affected = [];
    for (let e = 0; e < entries; e++) {
      const s = pick(rand, sources);
      affected.push({
        kind: 'package' as const,
        platform: 'debian:12',
        package: s.name,
        packageKind: 'source' as const,
        status: 'fixed' as const,
        // Most advisories are history: fixed in a version older than any template ships.
        fixed:
          rand() < 0.995
            ? s.versions[int(rand, 0, Math.floor(s.versions.length / 2))]!
            : s.versions[int(rand, Math.floor(s.versions.length / 2), s.versions.length - 1)]!,
      });
    }
    ranges += affected.length;
    advisories.push({
      id: `DSA-9${String(n).padStart(5, '0')}-1`,
      source: 'synthetic',
      severity: pick(rand, ['critical', 'high', 'medium', 'low'] as const),
      cves: [`CVE-2099-${10000 + n}`],
      classification: 'security',
      affected,
    });
    n++;
  }
  return { platform, bases, hosts, advisories, rangeCount: ranges };
}
