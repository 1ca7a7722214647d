import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { writeEstate, type EstateSpec } from './estate/generate.js';
import type { BenchContext, BenchSuite, Metric } from './harness.js';

const bin = fileURLToPath(new URL('../bin/patchline.js', import.meta.url));

/** Loaded into the child: on exit, its own peak RSS (VmHWM, kB) and CPU time (µs) on stderr. */
const probe =
  'data:text/javascript,' +
  encodeURIComponent(
    `import { readFileSync } from 'node:fs';
process.on('exit', () => {
  const hwm = /VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const c = process.cpuUsage();
  process.stderr.write('BENCH-PROBE ' + hwm + ' ' + (c.user + c.system) + '\\n');
});`,
  );

interface ChildRun {
  readonly peakRssKb: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly totals: { stored: number; refused: number; files: { parsed: number } };
}

/** `patchline import estate DIR --json` in a child of its own, stdout to a file. */
async function importInChild(dir: string, url: string, out: string): Promise<ChildRun> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', '--import', probe, bin, 'import', 'estate', dir, '--json'],
    {
      env: { ...process.env, PATCHLINE_DATABASE_URL: url, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.pipe(createWriteStream(out));
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-10_000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - t0;
  const probeLine = /BENCH-PROBE (\d+) (\d+)/.exec(stderr);
  if (code !== 0 || !probeLine) {
    throw new Error(`import estate exited ${code}: ${stderr.slice(-2000)}`);
  }
  const text = readFileSync(out, 'utf8');
  // The totals follow the streamed asset list.
  const totals = JSON.parse(`{${text.slice(text.lastIndexOf('  ],\n') + 5)}`) as ChildRun['totals'];
  return {
    peakRssKb: Number(probeLine[1]),
    cpuMs: Number(probeLine[2]) / 1000,
    wallMs,
    totals,
  };
}

/** A fresh PostgreSQL database for one run; `drop` removes it. */
async function freshDatabase(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `patchline_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

const gib = 1024 * 1024;

function metrics(db: string, spec: EstateSpec, r: ChildRun, images: number): Metric[] {
  const assets = spec.hosts + images;
  return [
    {
      name: `${db}: peak RSS`,
      value: r.peakRssKb / 1024,
      unit: 'MiB',
      target: { op: '<=', value: 1024 },
      note: `the child's VmHWM over ${assets} assets; must not depend on the estate's size`,
    },
    {
      name: `${db}: import rate`,
      value: (r.totals.stored * 1000) / r.wallMs,
      unit: 'assets/s',
      note: 'wall clock of the whole command: start, manifest, parsing, store, JSON out',
    },
    {
      name: `${db}: CPU per asset`,
      value: r.cpuMs / assets,
      unit: 'ms',
      note: `child process CPU; ${r.totals.files.parsed} files parsed`,
    },
    { name: `${db}: assets stored`, value: r.totals.stored, unit: 'assets' },
  ];
}

async function run(ctx: BenchContext): Promise<readonly Metric[]> {
  const spec: EstateSpec =
    ctx.scale === 'full'
      ? { seed: 20261207, hosts: 100_000, files: 3_000, templates: 40 }
      : { seed: 20261207, hosts: 2_000, files: 200, templates: 8 };
  const dir = join(ctx.workDir, 'estate');
  const written = writeEstate(dir, spec);
  const out: Metric[] = [
    {
      name: 'estate written',
      value: written.files,
      unit: 'files',
      note: `${spec.hosts} hosts of ${spec.templates} templates, ${(written.bytes / gib / 1024).toFixed(2)} GiB of dpkg status`,
    },
  ];
  const sqlite = await importInChild(
    dir,
    join(ctx.workDir, 'estate.db'),
    join(ctx.workDir, 'a.json'),
  );
  out.push(...metrics('SQLite', spec, sqlite, written.images));
  const adminUrl = process.env.PATCHLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const db = await freshDatabase(adminUrl);
  try {
    const pgRun = await importInChild(dir, db.url, join(ctx.workDir, 'b.json'));
    out.push(...metrics('PostgreSQL', spec, pgRun, written.images));
  } finally {
    await db.drop();
  }
  return out;
}

export const estateImportBench: BenchSuite = {
  id: 'estate-import',
  description:
    'patchline import estate of dpkg status files in a child process: peak RSS and rate, SQLite and PostgreSQL',
  run,
};
