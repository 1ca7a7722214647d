import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAdvisoryFile } from '../src/advisories/registry.js';
import { medianMs, type BenchContext, type BenchSuite, type Metric } from './harness.js';

const fixture = (path: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`../src/advisories/${path}`, import.meta.url)));

/**
 * Advisory parse throughput on the largest real fixtures (auto-detect + parse), in MB/s. The
 * targets are ours: a full feed sync (Debian tracker JSON ~70 MB) should parse in seconds.
 */
export const advisoriesBench: BenchSuite = {
  id: 'advisories',
  description: 'advisory parsers: MB/s on the full DSA list, CVRF 2023-Nov XML and a CSAF VEX',
  run(ctx: BenchContext): Promise<readonly Metric[]> {
    const runs = ctx.scale === 'smoke' ? 3 : 15;
    const cases: [string, string, number][] = [
      ['DSA list (858 KB, 5406 DSAs)', 'debian-tracker/__fixtures__/DSA-list.txt', 2],
      ['MSRC CVRF 2023-Nov XML (1.5 MB)', 'msrc-cvrf/__fixtures__/cvrf-2023-Nov.xml', 1],
      ['Red Hat VEX CVE-2023-6237 (111 KB)', 'csaf/__fixtures__/cve-2023-6237.json', 2],
    ];
    const metrics: Metric[] = [];
    for (const [label, path, target] of cases) {
      const bytes = fixture(path);
      const ms = medianMs(() => parseAdvisoryFile({ name: path, bytes }), runs);
      metrics.push({
        name: `${label} detect + parse`,
        value: bytes.length / 1e6 / (ms / 1000),
        unit: 'MB/s',
        target: { op: '>=', value: target },
        note: `${ms.toFixed(1)} ms median of ${runs}`,
      });
    }
    return Promise.resolve(metrics);
  },
};
