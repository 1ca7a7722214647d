import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstalledPackage } from '../../src/domain/inventory.js';
import { fullFleet, generateFleet } from '../fleet/generate.js';

/** Sizes of an on-disk estate of clones. */
export interface EstateSpec {
  readonly seed: number;
  /** Hosts in the manifest. */
  readonly hosts: number;
  /** Distinct host status files; host `i` reads file `i % files`, as clones share captures. */
  readonly files: number;
  readonly templates: number;
}

/** What {@link writeEstate} wrote. */
export interface WrittenEstate {
  readonly manifest: string;
  readonly images: number;
  readonly hosts: number;
  readonly files: number;
  readonly bytes: number;
}

/** One dpkg status stanza per package, the fields the parser reads. */
export function statusFile(packages: readonly InstalledPackage[]): string {
  const parts: string[] = [];
  for (const p of packages) {
    parts.push(
      `Package: ${p.name}\nStatus: install ok installed\nArchitecture: ${p.arch}\n` +
        `Source: ${p.sourceName}\nVersion: ${p.version}\n\n`,
    );
  }
  return parts.join('');
}

/**
 * Writes a manifest of `templates` image versions and `hosts` clones of them, with the bench
 * fleet generator's templates and drift, as dpkg status files under `dir`. Returns the manifest
 * path and what was written.
 */
export function writeEstate(dir: string, spec: EstateSpec): WrittenEstate {
  const fleet = generateFleet({
    ...fullFleet,
    seed: spec.seed,
    hosts: Math.min(spec.files, spec.hosts),
    templates: spec.templates,
    ranges: 0,
  });
  mkdirSync(join(dir, 'images'), { recursive: true });
  mkdirSync(join(dir, 'hosts'), { recursive: true });
  let bytes = 0;
  const write = (file: string, text: string): void => {
    writeFileSync(join(dir, file), text);
    bytes += Buffer.byteLength(text);
  };
  const assets: Record<string, unknown>[] = [];
  for (const [t, base] of fleet.bases.entries()) {
    const file = `images/tmpl-${t}.status`;
    write(file, statusFile(base.packages));
    assets.push({ name: base.id, kind: 'image', file, platform: 'debian:12' });
  }
  for (const [f, h] of fleet.hosts.entries()) {
    const removed = new Set(h.removed);
    const packages = [...h.base.packages.filter((p) => !removed.has(p)), ...h.added];
    write(`hosts/h-${f}.status`, statusFile(packages));
  }
  for (let i = 0; i < spec.hosts; i++) {
    const f = i % fleet.hosts.length;
    assets.push({
      name: `host-${i}`,
      file: `hosts/h-${f}.status`,
      imageVersion: fleet.hosts[f]!.base.id,
      platform: 'debian:12',
      labels: { env: i % 3 === 0 ? 'prod' : 'dev' },
    });
  }
  const manifest = join(dir, 'estate.json');
  writeFileSync(manifest, JSON.stringify({ assets }));
  return {
    manifest,
    images: fleet.bases.length,
    hosts: spec.hosts,
    files: fleet.hosts.length + fleet.bases.length,
    bytes,
  };
}
