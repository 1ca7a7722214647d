import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { windowsPlatform } from '../advisories/msrc-cvrf/builds.js';
import { parseMsrcCvrf } from '../advisories/msrc-cvrf/parse.js';
import type { Advisory } from '../domain/advisory.js';
import type { Inventory } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { incompleteIdentityReason } from '../domain/windows-identity.js';
import { parseInventory } from '../inventory/index.js';
import { getScheme } from '../versioning/registry.js';
import { createEvaluator } from './evaluate.js';
import { buildMatchIndex } from './match-index.js';

const nov: readonly Advisory[] = parseMsrcCvrf({
  name: 'cvrf-2023-Nov.xml',
  bytes: readFileSync(
    new URL('../advisories/msrc-cvrf/__fixtures__/cvrf-2023-Nov.xml', import.meta.url),
  ),
}).advisories;
const index = buildMatchIndex(nov);
const evaluator = createEvaluator(index, { compareFor: (s) => getScheme(s).compare });

function inventory(file: string, platform?: string): Inventory {
  const bytes = readFileSync(new URL(`__fixtures__/windows/${file}`, import.meta.url));
  return parseInventory(bytes, {
    fileName: file,
    ...(platform !== undefined && { platform: parsePlatform(platform) }),
  }).value;
}

/** CVEs the November document fixes (by KB) for exactly this product name. */
function fixedFor(product: string): string[] {
  return nov
    .filter((a) => a.affected.some((e) => e.kind === 'kb' && e.product === product && e.kb))
    .map((a) => a.id)
    .sort();
}

const sameBuild1809 = [
  'Windows 10 Version 1809 for x64-based Systems',
  'Windows 10 Version 1809 for 32-bit Systems',
  'Windows 10 Version 1809 for ARM64-based Systems',
  'Windows Server 2019',
  'Windows Server 2019 (Server Core installation)',
];

describe('engine/windows product identity (November 2023 CVRF, real inventories)', () => {
  it.each`
    host                                                   | file                                               | platform                                | product
    ${'Windows 10 1809 Pro x64 (systeminfo)'}              | ${'10_1809_x64_pro_en-us_20190307_systeminfo.txt'} | ${undefined}                            | ${'Windows 10 Version 1809 for x64-based Systems'}
    ${'Windows Server 2019 Datacenter (systeminfo)'}       | ${'srv_2019_rtm_datacenter_en-us_systeminfo.txt'}  | ${undefined}                            | ${'Windows Server 2019'}
    ${'Server 2019 Core, stated on a qfe list'}            | ${'10_1809_x64_pro_en-us_20190307_qfe.txt'}        | ${'windows:10.0.17763:server:x64:core'} | ${'Windows Server 2019 (Server Core installation)'}
    ${'Windows 10 1809 ARM64, stated on a qfe list'}       | ${'10_1809_x64_pro_en-us_20190307_qfe.txt'}        | ${'windows:10.0.17763:client:arm64'}    | ${'Windows 10 Version 1809 for ARM64-based Systems'}
    ${'Windows Server 2016, stated (shares 1607’s build)'} | ${'10_1809_x64_pro_en-us_20190307_qfe.txt'}        | ${'windows:10.0.14393:server:x64'}      | ${'Windows Server 2016'}
    ${'Windows 10 1607 x64, stated'}                       | ${'10_1809_x64_pro_en-us_20190307_qfe.txt'}        | ${'windows:10.0.14393:client:x64'}      | ${'Windows 10 Version 1607 for x64-based Systems'}
    ${'Windows Server 2012 R2 Standard (systeminfo)'}      | ${'srv_2012r2_u1_systeminfo.txt'}                  | ${undefined}                            | ${'Windows Server 2012 R2'}
  `('$host gets exactly its own product’s CVEs, once each', ({ file, platform, product }) => {
    const findings = evaluator.evaluate('h', inventory(file as string, platform as string));

    expect(new Set(findings.map((f) => f.package))).toEqual(new Set([product]));
    expect(findings.map((f) => f.advisory).sort()).toEqual(fixedFor(product as string));
    expect(findings.every((f) => f.status === 'open')).toBe(true);
  });

  it('the build alone is not matched: each CVE of any 17763 product is unverifiable, saying why', () => {
    const findings = evaluator.evaluate(
      'h',
      inventory('10_1809_x64_pro_en-us_20190307_qfe.txt', 'windows:10.0.17763'),
    );
    const anyProduct = [...new Set(sameBuild1809.flatMap(fixedFor))].sort();

    expect(findings.map((f) => f.advisory).sort()).toEqual(anyProduct);
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(['unverifiable']));
    expect(new Set(findings.map((f) => f.reason))).toEqual(new Set([incompleteIdentityReason]));
    expect(findings.some((f) => f.fixed !== undefined || f.kbs !== undefined)).toBe(false);
  });

  it('Server 2019 has CVEs Windows 10 1809 on the same build does not', () => {
    const client = fixedFor('Windows 10 Version 1809 for x64-based Systems');
    const server = fixedFor('Windows Server 2019');

    expect(server.filter((c) => !client.includes(c))).toEqual(['CVE-2023-36392', 'CVE-2023-36395']);
  });

  // CVE-2023-36017 on 2012 R2: the monthly rollup KB5032249 (FixedBuild 6.3.9600.21668) or
  // the scripting-engine update KB5032191 (FixedBuild "1.001", a file version).
  it('2012 R2: one finding per CVE listing every KB that fixes it; either clears it', () => {
    const host = inventory('srv_2012r2_u1_systeminfo.txt');
    const findings = evaluator.evaluate('h', host);
    const f = findings.filter((x) => x.advisory === 'CVE-2023-36017');

    expect(f.map((x) => [x.fixed, x.kbs])).toEqual([['KB5032249', ['KB5032249', 'KB5032191']]]);
    for (const kb of ['KB5032249', 'KB5032191']) {
      const patched = { ...host, windows: { ...host.windows!, kbs: [...host.windows!.kbs, kb] } };
      const after = evaluator.evaluate('h', patched).map((x) => x.advisory);

      expect(after, kb).not.toContain('CVE-2023-36017');
    }
  });

  it('a file-version FixedBuild does not clear a CVE by the OS build', () => {
    const host = inventory('srv_2012r2_u1_systeminfo.txt');
    const withUbr = { ...host, windows: { ...host.windows!, ubr: 20000 } };

    expect(evaluator.evaluate('h', withUbr).map((x) => x.advisory)).toContain('CVE-2023-36017');
  });

  // 26100 is both Windows 11 24H2 and Server 2025 (names as MSRC writes them; not in the four
  // stored months).
  it.each`
    platform                             | product
    ${'windows:10.0.26100:client:x64'}   | ${'Windows 11 Version 24H2 for x64-based Systems'}
    ${'windows:10.0.26100:client:arm64'} | ${'Windows 11 Version 24H2 for ARM64-based Systems'}
    ${'windows:10.0.26100:server:x64'}   | ${'Windows Server 2025'}
  `('on build 26100, $platform gets only $product', ({ platform, product }) => {
    const products = [
      'Windows 11 Version 24H2 for x64-based Systems',
      'Windows 11 Version 24H2 for ARM64-based Systems',
      'Windows Server 2025',
      'Windows Server 2025 (Server Core installation)',
    ];
    const advisory: Advisory = {
      id: 'CVE-2025-0001',
      source: 'msrc-cvrf',
      severity: 'high',
      cves: ['CVE-2025-0001'],
      classification: 'security',
      affected: products.map((p, i) => ({
        kind: 'kb' as const,
        platform: windowsPlatform(p),
        product: p,
        status: 'fixed' as const,
        kb: `KB50${i}0000`,
      })),
    };
    const host: Inventory = {
      format: 'windows',
      platform: parsePlatform(platform as string),
      packages: [],
      windows: { productName: '', build: '10.0.26100', kbs: [] },
    };

    const found = createEvaluator(buildMatchIndex([advisory]), {
      compareFor: (s) => getScheme(s).compare,
    }).evaluate('h', host);

    expect(found.map((f) => [f.package, f.kbs])).toEqual([
      [product, [`KB50${products.indexOf(product as string)}0000`]],
    ]);
  });
});
