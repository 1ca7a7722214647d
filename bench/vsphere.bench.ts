import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { discoverVms } from '../src/app/vsphere/discover.js';
import { syncVsphere } from '../src/app/vsphere/sync.js';
import { fixedClock } from '../src/domain/clock.js';
import { openStore } from '../src/store/index.js';
import { connectVim, type VimClient } from '../src/vsphere/index.js';
import { startVcsim, VCSIM_PASSWORD, VCSIM_USER } from '../test/peers/vcsim/vcsim.js';
import type { BenchContext, BenchSuite, Metric } from './harness.js';

/** Wraps a client to count SOAP round trips: the figure that proves "no per-VM calls". */
function counting(c: VimClient): { client: VimClient; calls: () => number } {
  let n = 0;
  const client: VimClient = {
    ...c,
    invoke: (...args) => {
      n++;
      return c.invoke(...args);
    },
  };
  return { client, calls: () => n };
}

async function run(ctx: BenchContext): Promise<Metric[]> {
  const perPool = ctx.scale === 'full' ? 2_500 : 50;
  const sim = await startVcsim({
    port: 18994,
    vmsPerPool: perPool,
    templates: ['DC0_H0_VM0'],
    guestId: 'debian12_64Guest',
    guestName: 'Debian GNU/Linux 12 (64-bit)',
    startTimeoutMs: 300_000,
  });
  const clock = fixedClock('2026-11-27T12:00:00Z');
  const store = await openStore(join(ctx.workDir, 'bench.db'), clock);
  const raw = await connectVim({
    url: sim.url,
    username: VCSIM_USER,
    password: VCSIM_PASSWORD,
    tls: { kind: 'thumbprint', sha256: sim.thumbprint },
  });
  try {
    const { client, calls } = counting(raw);
    let t0 = performance.now();
    const vms = await discoverVms(client);
    const discoverMs = performance.now() - t0;
    const discoverCalls = calls();

    await store.vsphere.saveConnection({
      name: 'bench',
      url: sim.url,
      username: VCSIM_USER,
      passwordCiphertext: 'unused: the bench passes its own client',
      tls: { kind: 'thumbprint', sha256: sim.thumbprint },
      createdAt: clock.now().toISOString(),
    });
    const deps = { client, store, clock };
    t0 = performance.now();
    const full = await syncVsphere('bench', deps, { full: true });
    const fullMs = performance.now() - t0;
    const fullCalls = calls() - discoverCalls;
    t0 = performance.now();
    const incr = await syncVsphere('bench', deps);
    const incrMs = performance.now() - t0;
    const incrCalls = calls() - discoverCalls - fullCalls;
    const total = full.vms + full.templates;
    const note = `${total} VMs+templates from vcsim (${incr.mode} second pass)`;
    return [
      {
        name: 'inventory size',
        value: vms.length,
        unit: 'VMs',
        target: { op: '>=', value: ctx.scale === 'full' ? 5_000 : 100 },
      },
      { name: 'discovery (one bulk pass)', value: discoverMs, unit: 'ms' },
      {
        name: 'discovery round trips',
        value: discoverCalls,
        unit: 'calls',
        target: { op: '<=', value: 30 },
        note: 'independent of the VM count',
      },
      {
        name: 'full sync into SQLite',
        value: fullMs,
        unit: 'ms',
        target: { op: '<=', value: 60_000 },
        note,
      },
      {
        name: 'full sync round trips',
        value: fullCalls,
        unit: 'calls',
        target: { op: '<=', value: 40 },
      },
      { name: 'full sync throughput', value: (total / fullMs) * 1000, unit: 'VMs/s' },
      { name: 'incremental sync', value: incrMs, unit: 'ms', note },
      {
        name: 'incremental sync round trips',
        value: incrCalls,
        unit: 'calls',
        target: { op: '<=', value: 40 },
      },
    ];
  } finally {
    await raw.close();
    await store.close();
    await sim.stop();
  }
}

export const vsphereBench: BenchSuite = {
  id: 'vsphere',
  description: 'vCenter discovery and sync of 5,000 VMs from the simulator, one bulk pass',
  run,
};
