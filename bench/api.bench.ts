import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildApi } from '../src/api/server.js';
import { loadConfig } from '../src/app/config.js';
import { createToken, createUser } from '../src/app/identity/index.js';
import { cheapParams } from '../src/app/identity/testing.js';
import { openJobs } from '../src/app/jobs/open.js';
import { openAppStore } from '../src/app/open-store.js';
import { optionalPolicy } from '../src/app/policy.js';
import { samplePolicyPath } from '../src/app/report.js';
import { identityAuthenticator } from '../src/app/service/identity-auth.js';
import { openRuntime } from '../src/app/service/open-runtime.js';
import { systemClock } from '../src/domain/clock.js';
import type { InstalledPackage } from '../src/domain/inventory.js';
import type { CannonResult, CannonSpec, LoadSpec, PushResult, PushStep } from './api/load.js';
import { statusFile } from './estate/generate.js';
import { fullFleet, generateFleet, type FleetSpec } from './fleet/generate.js';
import { int, seeded } from './fleet/random.js';
import { hostPackages, ingestAdvisories, ingestHosts, ingestImages } from './fleet/store.js';
import type { BenchContext, BenchSuite, Metric } from './harness.js';

const smokeSpec: FleetSpec = { ...fullFleet, hosts: 300, templates: 4, ranges: 5_000 };

const root = fileURLToPath(new URL('..', import.meta.url));
const loadScript = fileURLToPath(new URL('./api/load.ts', import.meta.url));

/** Runs the load generator in a child process on `spec`; returns what it printed. */
function load<T>(ctx: BenchContext, spec: LoadSpec): Promise<T> {
  const file = join(ctx.workDir, `load-${spec.kind}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', loadScript, file], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`load generator exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as T);
    });
  });
}

function p99(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] ?? 0;
}

/** The host's packages with every binary of `pkg`'s source moved past any fix. */
function upgraded(packages: readonly InstalledPackage[], pkg: string): InstalledPackage[] {
  const source = packages.find((p) => p.name === pkg)?.sourceName ?? pkg;
  return packages.map((p) =>
    p.sourceName === source ? { ...p, version: '99:1.0-1', sourceVersion: '99:1.0-1' } : p,
  );
}

/**
 * The HTTP API over the synthetic fleet in SQLite: a real server on 127.0.0.1 in this process,
 * autocannon 8 in a child process as the load generator (on two cores, one each). Start-up from
 * the existing store to a 200 from /readyz; one asset's findings, rotating over many assets;
 * the compliance summary; an inventory push to updated findings read back over HTTP.
 */
export const apiBench: BenchSuite = {
  id: 'api',
  description: 'HTTP API under load: start-up to ready, findings, compliance, inventory push',
  async run(ctx) {
    const full = ctx.scale === 'full';
    const spec = full ? fullFleet : smokeSpec;
    const clock = systemClock;
    const config = loadConfig({ PATCHLINE_HOME: ctx.workDir }, { cwd: ctx.workDir, user: 'bench' });

    // The existing store: images, clones, advisories and one operator with a token.
    const pushHosts = full ? 50 : 5;
    let fleet: ReturnType<typeof generateFleet> | undefined = generateFleet(spec);
    const names = fleet.hosts.map((h) => h.asset);
    const rand = seeded(11);
    const picked = new Set<number>();
    while (picked.size < Math.min(pushHosts, fleet.hosts.length)) {
      picked.add(int(rand, 0, fleet.hosts.length - 1));
    }
    const pushes = [...picked].map((i) => {
      const h = fleet!.hosts[i]!;
      return { name: h.asset, image: h.base.id, packages: hostPackages(h) };
    });
    const seed = await openAppStore(config, clock);
    let token: string;
    try {
      await ingestImages(seed, fleet);
      await ingestHosts(seed, fleet.hosts);
      await ingestAdvisories(seed, fleet);
      await createUser(seed, {
        name: 'bench',
        role: 'operator',
        password: 'correct horse battery staple',
        actor: 'bench',
        passwordParams: cheapParams,
      });
      token = (await createToken(seed, clock, { user: 'bench', name: 'load', actor: 'bench' }))
        .secret;
    } finally {
      await seed.close();
    }
    fleet = undefined;

    // 4. Start-up: open the runtime (cold evaluation), listen, start the worker, until ready.
    const t0 = performance.now();
    const rt = await openRuntime(config, clock, {
      auth: (store) => identityAuthenticator(store, clock),
      jobs: (store) => openJobs(store, config, clock, {}),
      secretKey: () => Promise.resolve(Buffer.alloc(32)),
      policy: async (store) =>
        (await optionalPolicy(store, samplePolicyPath, config, clock.now()))?.policy,
    });
    const app = await buildApi(rt, { version: 'bench' });
    const metrics: Metric[] = [];
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      await rt.worker.start();
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      while ((await fetch(`${url}/readyz`)).status !== 200) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const startupS = (performance.now() - t0) / 1000;
      const evaluationS = rt.stats.lastEvaluationMs / 1000;

      // 1. One asset's findings, each request the next of many assets.
      const order = seeded(5);
      const paths = Array.from(
        { length: Math.min(20_000, names.length * 4) },
        () =>
          `/api/v1/assets/${encodeURIComponent(names[int(order, 0, names.length - 1)]!)}/findings`,
      );
      const cannon = (over: Omit<CannonSpec, 'kind' | 'url' | 'token'>) =>
        load<CannonResult>(ctx, { kind: 'cannon', url, token, ...over });
      await cannon({ paths, connections: 10, duration: full ? 3 : 1 });
      const findings = await cannon({ paths, connections: 10, duration: full ? 15 : 4 });

      // 2. The compliance summary, one request at a time.
      const compliancePath = ['/api/v1/reports/compliance'];
      await cannon({ paths: compliancePath, connections: 1, amount: 2 });
      const compliance = await cannon({
        paths: compliancePath,
        connections: 1,
        amount: 10,
      });

      // 3. Inventory pushes: each host's finding fixed, then back, each read back over HTTP.
      const steps: PushStep[] = [];
      const ev = rt.evaluation().current();
      for (const h of pushes) {
        const f = ev.findingsOf(ev.asset(h.name)!.id).find((x) => x.status === 'open');
        if (!f) continue;
        const query = `/api/v1/inventories?name=${encodeURIComponent(h.name)}&platform=debian:12&image=${encodeURIComponent(h.image)}`;
        const read = `/api/v1/assets/${encodeURIComponent(h.name)}/findings`;
        const base = { push: query, findings: read, advisory: f.advisory, package: f.package };
        steps.push(
          { ...base, body: statusFile(upgraded(h.packages, f.package)), present: false },
          { ...base, body: statusFile(h.packages), present: true },
        );
      }
      const pushed = await load<PushResult>(ctx, { kind: 'push', url, token, steps });

      metrics.push(
        { name: 'hosts', value: names.length, unit: 'hosts' },
        {
          name: 'startup_to_ready',
          value: startupS,
          unit: 's',
          target: { op: '<=', value: 30 },
          note: `openRuntime on the existing store (just written, so in the page cache) to the first 200 from /readyz; the cold evaluation took ${evaluationS.toFixed(1)} s of it`,
        },
        {
          name: 'asset_findings_throughput',
          value: findings.rps,
          unit: 'req/s',
          target: { op: '>=', value: 2000 },
          note: `GET /api/v1/assets/:name/findings over ${paths.length} assets in turn, 10 connections, ${findings.requests} requests after a warm-up`,
        },
        {
          name: 'asset_findings_p99',
          value: findings.p99,
          unit: 'ms',
          target: { op: '<=', value: 50 },
          note: `p50 ${findings.p50} ms, max ${findings.max} ms`,
        },
        {
          name: 'asset_findings_failed',
          value: findings.non2xx + findings.errors + findings.timeouts,
          unit: 'requests',
          target: { op: '<=', value: 0 },
        },
        {
          name: 'compliance_summary_p99',
          value: compliance.p99,
          unit: 'ms',
          target: { op: '<=', value: 100 },
          note: `GET /api/v1/reports/compliance, ${compliance.requests} requests on one connection; p50 ${compliance.p50} ms${compliance.non2xx + compliance.errors > 0 ? `; ${compliance.non2xx + compliance.errors} FAILED` : ''}`,
        },
        {
          name: 'inventory_push_to_updated_findings_p99',
          value: p99(pushed.total),
          unit: 'ms',
          target: { op: '<=', value: 200 },
          note: `${steps.length} pushes of a dpkg status (a finding's package fixed, then back) plus a GET of that host's findings showing the change; the push alone p99 ${p99(pushed.push).toFixed(1)} ms`,
        },
        {
          name: 'inventory_push_unchanged_findings',
          value: pushed.failures.length,
          unit: 'pushes',
          target: { op: '<=', value: 0 },
          ...(pushed.failures.length > 0 && { note: pushed.failures.slice(0, 3).join('; ') }),
        },
        { name: 'rss', value: process.memoryUsage().rss / 2 ** 20, unit: 'MiB' },
      );
    } finally {
      await app.close();
      await rt.close();
    }
    return metrics;
  },
};
