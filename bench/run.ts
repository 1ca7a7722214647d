import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTarget, type BenchScale, type Metric } from './harness.js';
import { suites } from './suites.js';

/**
 * `npm run bench [-- SUITE…]`: runs the suites, prints each figure with its target and writes
 * bench/results/<suite>.json. PATCHLINE_BENCH_SCALE=smoke runs small sizes (CI); the default,
 * full, runs the sizes the issues' targets are set for. Exit 1 when a full-scale target fails.
 */
async function main(): Promise<number> {
  const scale: BenchScale = process.env.PATCHLINE_BENCH_SCALE === 'smoke' ? 'smoke' : 'full';
  const only = process.argv.slice(2);
  const hosts = Number(process.env.PATCHLINE_BENCH_HOSTS ?? '') || undefined;
  const outDir = join(process.cwd(), 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  let failed = 0;
  for (const suite of suites) {
    if (only.length > 0 && !only.includes(suite.id)) continue;
    const workDir = mkdtempSync(join(tmpdir(), `patchline-bench-${suite.id}-`));
    try {
      console.log(
        `\n# ${suite.id}: ${suite.description} (${scale}${hosts ? `, ${hosts} hosts` : ''})`,
      );
      const metrics: Metric[] = (await suite.run({ scale, workDir, ...(hosts && { hosts }) })).map(
        checkTarget,
      );
      for (const m of metrics) {
        const target = m.target ? ` (target ${m.target.op} ${m.target.value})` : '';
        const verdict = m.pass === undefined ? '' : m.pass ? ' PASS' : ' MISS';
        console.log(
          `  ${m.name}: ${fmt(m.value)} ${m.unit}${target}${verdict}${m.note ? ` — ${m.note}` : ''}`,
        );
        if (m.pass === false && scale === 'full') failed++;
      }
      const result = {
        suite: suite.id,
        scale,
        at: new Date().toISOString(),
        node: process.version,
        metrics,
      };
      writeFileSync(join(outDir, `${suite.id}.json`), `${JSON.stringify(result, null, 2)}\n`);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return failed > 0 ? 1 : 0;
}

function fmt(n: number): string {
  return Math.abs(n) >= 1000
    ? Math.round(n).toLocaleString('en-US')
    : n.toFixed(3).replace(/\.?0+$/, '');
}

process.exitCode = await main();
