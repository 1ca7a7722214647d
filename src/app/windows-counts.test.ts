import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain/clock.js';
import type { Store } from '../store/index.js';
import { runDemo } from './demo.js';
import { sampleEstateDir, sampleFeedsDir } from './estate.js';
import { evaluate } from './evaluate-fleet.js';
import { exposure, listFindings } from './findings.js';
import { kbRollup } from './kb-rollup.js';
import { openStore } from './open-store.js';
import { loadPolicy } from '../policy/index.js';
import { complianceFromStore } from './report.js';

const at = '2026-11-27T09:00:00Z';
const policyPath = join(sampleEstateDir, '..', 'policy');
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'patchline-wincounts-'));
  store = await openStore(join(dir, 'p.db'), fixedClock(at));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Windows hosts of every identity source: systeminfo of five products, a qfe list with the
 * product stated, one with only the build (unverifiable), and a Debian host; November and
 * December 2023 CVRF.
 */
function generatedEstate(): { estate: string; feeds: string } {
  const estate = join(dir, 'estate');
  const feeds = join(dir, 'feeds');
  mkdirSync(estate);
  mkdirSync(feeds);
  const win = here('../engine/__fixtures__/windows/');
  const files: Record<string, string> = {
    'win10-22h2.txt': join(sampleEstateDir, 'win10-22h2.systeminfo.txt'),
    'srv2022.txt': join(sampleEstateDir, 'srv2022.systeminfo.txt'),
    '1809.txt': join(win, '10_1809_x64_pro_en-us_20190307_systeminfo.txt'),
    'srv2019.txt': join(win, 'srv_2019_rtm_datacenter_en-us_systeminfo.txt'),
    'srv2012r2.txt': join(win, 'srv_2012r2_u1_systeminfo.txt'),
    'qfe.txt': join(win, '10_1809_x64_pro_en-us_20190307_qfe.txt'),
    'web.status': join(sampleEstateDir, 'web-01.status'),
  };
  for (const [to, from] of Object.entries(files)) copyFileSync(from, join(estate, to));
  const assets = [];
  for (let i = 0; i < 2; i++) {
    for (const f of ['win10-22h2', 'srv2022', '1809', 'srv2019', 'srv2012r2']) {
      assets.push({ name: `${f}-${i}`, file: `${f}.txt`, labels: { n: String(i) } });
    }
  }
  assets.push(
    { name: 'core-2019', file: 'qfe.txt', platform: 'windows:10.0.17763:server:x64:core' },
    { name: 'bare-17763', file: 'qfe.txt', platform: 'windows:10.0.17763' },
    { name: 'web', file: 'web.status', platform: 'debian:12' },
  );
  writeFileSync(join(estate, 'estate.json'), JSON.stringify({ assets }));
  copyFileSync(join(sampleFeedsDir, 'msrc', 'cvrf-2023-Dec.xml'), join(feeds, 'cvrf-2023-Dec.xml'));
  copyFileSync(
    here('../advisories/msrc-cvrf/__fixtures__/cvrf-2023-Nov.xml'),
    join(feeds, 'cvrf-2023-Nov.xml'),
  );
  return { estate, feeds };
}

async function assertCountsAgree(): Promise<{ windows: number; findings: number }> {
  const clock = fixedClock(at);
  const evaluated = await evaluate(store, { clock });
  const listed = await listFindings(store, { now: new Date(at) });
  const policy = loadPolicy(policyPath);
  const report = await complianceFromStore(store, {
    policy,
    now: new Date(at),
    by: { kind: 'platform' },
    dueSoonMs: 3 * 86_400_000,
  });
  const t = report.total;
  const current = Object.values(t.open).reduce((a, b) => a + b, 0) + t.waived + t.pendingReboot;

  expect(listed.total).toBe(evaluated.totals.findings);
  expect(current + t.notCounted).toBe(evaluated.totals.findings);

  const windows = listed.findings.filter((f) => f.evidence.rule === 'windows-kb');
  // One finding per host and CVE.
  const pairs = new Set(windows.map((f) => `${f.asset}\u0000${f.advisory}`));
  expect(pairs.size).toBe(windows.length);
  // `exposure` reaches exactly the assets `findings` lists, for every Windows CVE.
  const cves = [...new Set(windows.map((f) => f.advisory))].sort();
  for (const cve of cves.slice(0, 12)) {
    const e = await exposure(store, { query: cve });
    const listedAssets = new Set(
      listed.findings.filter((f) => f.advisory === cve).map((f) => f.asset),
    );

    expect(e.assets.map((a) => a.asset).sort(), cve).toEqual([...listedAssets].sort());
  }
  // The roll-up places every open or unverifiable Windows finding exactly once.
  const r = await kbRollup(store);
  const placeable = windows.filter((f) => f.status === 'open' || f.status === 'unverifiable');
  expect(r.findings + r.unassigned).toBe(placeable.length);
  return { windows: windows.length, findings: listed.total };
}

describe('app: counts agree across evaluate, findings, report, exposure and the roll-up', () => {
  it('on the sample estate', async () => {
    await runDemo(store);

    const n = await assertCountsAgree();

    expect(n.windows).toBeGreaterThan(0);
  });

  it('on a generated estate with Windows hosts of every identity', async () => {
    const { estate, feeds } = generatedEstate();
    await runDemo(store, estate, feeds);

    const n = await assertCountsAgree();
    const listed = await listFindings(store, { now: new Date(at) });
    const pkgs = (asset: string) =>
      new Set(listed.findings.filter((f) => f.asset === asset).map((f) => f.package));

    expect(n.windows).toBeGreaterThan(100);
    expect(pkgs('1809-0')).toEqual(new Set(['Windows 10 Version 1809 for x64-based Systems']));
    expect(pkgs('srv2019-1')).toEqual(new Set(['Windows Server 2019']));
    expect(pkgs('core-2019')).toEqual(new Set(['Windows Server 2019 (Server Core installation)']));
    expect(pkgs('bare-17763')).toEqual(new Set(['Windows build 10.0.17763 (product not stated)']));
    expect(pkgs('srv2022-1')).toEqual(new Set(['Windows Server 2022']));
  });
});
