import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importInventories, importInventory } from '../src/app/import-inventory.js';
import { fixedClock } from '../src/domain/clock.js';
import type { InstalledPackage, Inventory } from '../src/domain/inventory.js';
import { openStore, type Store } from '../src/store/index.js';
import { seeded as prng } from './fleet/random.js';
import type { BenchContext, BenchSuite, Metric } from './harness.js';

const prefixes = ['lib', 'python3-', 'libgl', 'golang-', 'node-', 'fonts-', 'perl-', 'ruby-', ''];
/** Stems of real Debian package names; combined with the prefixes and suffixes (~4,800 names). */
const roots = (
  'ssl curl xml2 z gcc systemd pam krb5 ldap sasl gnutls nettle idn2 ffi expat sqlite pcre ' +
  'zstd lzma bz2 glib dbus udev acl attr cap selinux seccomp audit apt dpkg tar gzip openssh ' +
  'nss yaml jansson uuid blkid mount ncurses readline gmp mpfr tasn1'
).split(' ');
const suffixes = ['', '1', '2', '3', '6', '-dev', '-common', '-bin', '-data', '-utils', '5', '0'];
const archs = ['amd64', 'amd64', 'amd64', 'all'];

interface Pool {
  readonly names: readonly string[];
  version(rand: () => number): string;
}

function makePool(rand: () => number): Pool {
  const names = new Set<string>();
  for (const p of prefixes) {
    for (const r of roots) for (const s of suffixes) names.add(`${p}${r}${s}`);
  }
  return {
    names: shuffle([...names], rand),
    version: (r) => {
      const epoch = r() < 0.05 ? '1:' : '';
      const deb = r() < 0.3 ? `+deb12u${1 + Math.floor(r() * 9)}` : '';
      return `${epoch}${Math.floor(r() * 10)}.${Math.floor(r() * 30)}.${Math.floor(r() * 20)}-${1 + Math.floor(r() * 5)}${deb}`;
    },
  };
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function pkgOf(name: string, version: string, rand: () => number): InstalledPackage {
  const source = name
    .replace(/^(lib|python3-|perl-|ruby-|node-)/, '')
    .replace(/-(dev|common|bin|data|utils)$/, '');
  return {
    name,
    version,
    arch: archs[Math.floor(rand() * archs.length)]!,
    sourceName: source,
    sourceVersion: version,
  };
}

/** 40 templates of ~1,000 packages: a shared core of 600 plus 400 of their own. */
function makeTemplates(pool: Pool, rand: () => number, count: number): InstalledPackage[][] {
  const core = pool.names.slice(0, 600).map((n) => pkgOf(n, pool.version(rand), rand));
  const rest = pool.names.slice(600);
  const templates: InstalledPackage[][] = [];
  for (let t = 0; t < count; t++) {
    const own = new Set<string>();
    while (own.size < 400) own.add(rest[Math.floor(rand() * rest.length)]!);
    // Each template build carries its own updates of about a tenth of the core.
    const list = core.map((p) => {
      if (rand() >= 0.1) return p;
      const version = pool.version(rand);
      return { ...p, version, sourceVersion: version };
    });
    templates.push([...list, ...[...own].map((n) => pkgOf(n, pool.version(rand), rand))]);
  }
  return templates;
}

/** A clone: its template plus 0–30 changed, added or removed packages. */
function drift(
  template: readonly InstalledPackage[],
  pool: Pool,
  rand: () => number,
): InstalledPackage[] {
  const list = [...template];
  const n = Math.floor(rand() * 31);
  for (let i = 0; i < n; i++) {
    const op = rand();
    const at = Math.floor(rand() * list.length);
    if (op < 0.6) {
      const p = list[at]!;
      const v = `${p.version}+b${1 + Math.floor(rand() * 3)}`;
      list[at] = { ...p, version: v, sourceVersion: v };
    } else if (op < 0.8) {
      list.push(
        pkgOf(
          `${pool.names[Math.floor(rand() * pool.names.length)]}-extra${i}`,
          pool.version(rand),
          rand,
        ),
      );
    } else {
      list.splice(at, 1);
    }
  }
  return list;
}

function sum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

/** The hosts the one-call-per-host baseline imports. */
function sample0<T>(hosts: readonly T[]): readonly T[] {
  return hosts.slice(0, Math.min(hosts.length, 2000));
}

function inventory(packages: readonly InstalledPackage[]): Inventory {
  return { format: 'dpkg', platform: { family: 'debian', release: '12' }, packages };
}

async function importTemplates(
  store: Store,
  templates: readonly InstalledPackage[][],
): Promise<void> {
  await store.transaction(async (tx) => {
    for (const [t, pkgs] of templates.entries()) {
      await importInventory(tx, {
        name: `tmpl-${t}@1`,
        kind: 'image',
        inventory: inventory(pkgs),
        actor: 'bench',
      });
    }
  });
}

/**
 * Imports hosts in transactions of `batch`, through `importInventories` (one call per batch) or
 * `importInventory` (one call per host); returns elapsed ms per batch.
 */
async function importHosts(
  store: Store,
  hosts: readonly { readonly template: number; readonly packages: InstalledPackage[] }[],
  lineage: boolean,
  batch: number,
  batched = true,
): Promise<{ times: number[]; cpuTimes: number[]; cpuMs: number }> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < hosts.length; i += batch) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const inputs = hosts.slice(i, i + batch).map((h, j) => ({
      name: `host-${i + j}`,
      labels: { env: (i + j) % 3 === 0 ? 'prod' : 'dev' },
      inventory: inventory(h.packages),
      actor: 'bench',
      ...(lineage && { imageVersion: `tmpl-${h.template}@1` }),
    }));
    await store.transaction(async (tx) => {
      if (batched) {
        for (const o of await importInventories(tx, inputs)) if (!o.ok) throw o.error;
      } else {
        for (const input of inputs) await importInventory(tx, input);
      }
    });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
  }
  const cpu = process.cpuUsage(cpu0);
  return { times, cpuTimes, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function run(ctx: BenchContext): Promise<readonly Metric[]> {
  const hostCount = ctx.scale === 'full' ? 10_000 : 500;
  const templateCount = 40;
  const batch = 100;
  const rand = prng(20261127);
  const pool = makePool(rand);
  const templates = makeTemplates(pool, rand, templateCount);
  const hosts = Array.from({ length: hostCount }, (_, i) => {
    const template = i % templateCount;
    return { template, packages: drift(templates[template]!, pool, rand) };
  });
  const clock = fixedClock('2026-11-27T12:00:00Z');

  const store = await openStore(join(ctx.workDir, 'lineage.db'), clock);
  await importTemplates(store, templates);
  const afterTemplates = (await store.stats()).bytes;
  const { times, cpuTimes, cpuMs } = await importHosts(store, hosts, true, batch);
  const stats = await store.stats();
  await store.close();

  // Baseline in the same process: the same kind of clones, one importInventory call each.
  const single = await openStore(join(ctx.workDir, 'single.db'), clock);
  await importTemplates(single, templates);
  const singleRun = await importHosts(single, sample0(hosts), true, batch, false);
  await single.close();

  // The naive comparison: the same hosts stored whole (no lineage), on a sample.
  const sample = hosts.slice(0, Math.min(hostCount, 300));
  const naive = await openStore(join(ctx.workDir, 'naive.db'), clock);
  await importTemplates(naive, templates);
  const naiveBefore = (await naive.stats()).bytes;
  await importHosts(naive, sample, false, batch);
  const naiveBytes = ((await naive.stats()).bytes - naiveBefore) / sample.length;
  await naive.close();

  const totalMs = sum(times);
  const singleCount = sample0(hosts).length;
  const singleCpu = singleRun.cpuMs / singleCount;
  const tenth = Math.max(1, Math.floor(times.length / 10));
  const avgPackages = sum(hosts.map((h) => h.packages.length)) / hostCount;
  return [
    {
      name: 'hosts imported',
      value: hostCount,
      unit: 'hosts',
      note: `${templateCount} templates, batches of ${batch}`,
    },
    { name: 'import rate', value: (hostCount * 1000) / totalMs, unit: 'inventories/s' },
    {
      name: 'CPU per import',
      value: cpuMs / hostCount,
      unit: 'ms',
      note: 'process CPU time; steadier than the rate on a shared machine',
    },
    {
      name: 'CPU per import, one call per host',
      value: singleCpu,
      unit: 'ms',
      note: `importInventory per host, same transactions of ${batch}, ${singleCount} hosts`,
    },
    {
      name: 'batched vs one call per host (CPU)',
      value: singleCpu / (cpuMs / hostCount),
      unit: 'x',
      note: 'how many times less CPU an inventory takes through importInventories',
    },
    {
      name: 'CPU per import, last 10% vs first 10%',
      value: sum(cpuTimes.slice(-tenth)) / sum(cpuTimes.slice(1, 1 + tenth)),
      unit: 'ratio',
      note: 'about 1 when an import does not depend on fleet size (first batch, which loads the templates, left out)',
    },
    {
      name: 'bytes per host (lineage: base + delta)',
      value: (stats.bytes - afterTemplates) / hostCount,
      unit: 'B/host',
    },
    {
      name: 'bytes per host (total db / hosts)',
      value: stats.bytes / hostCount,
      unit: 'B/host',
      note: `db ${stats.bytes} B`,
    },
    {
      name: 'bytes per host (naive: full list each)',
      value: naiveBytes,
      unit: 'B/host',
      note: `measured on ${sample.length} hosts`,
    },
    { name: 'packages per host', value: avgPackages, unit: 'packages' },
    {
      name: 'delta rows per host',
      value: (stats.rows.inventory_deltas ?? 0) / hostCount,
      unit: 'rows',
    },
  ];
}

export const storeBench: BenchSuite = {
  id: 'store',
  description: 'import synthetic inventories into SQLite (base + delta against the template image)',
  run,
};
