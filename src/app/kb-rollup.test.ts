import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAdvisoryFile } from '../advisories/index.js';
import { createEvaluator } from '../engine/evaluate.js';
import { buildMatchIndex } from '../engine/match-index.js';
import type { Finding } from '../engine/types.js';
import { parseInventory } from '../inventory/index.js';
import { getScheme } from '../versioning/registry.js';
import { rollupKbs, supersedenceOf } from './kb-rollup.js';

function finding(asset: string, cve: string, kbs: string[], status = 'open'): Finding {
  return {
    asset,
    advisory: cve,
    cves: [cve],
    package: 'Windows Server 2022',
    installed: '10.0.20348',
    fixed: kbs[0]!,
    kbs,
    severity: 'high',
    status: status as Finding['status'],
    evidence: {
      source: 'msrc-cvrf',
      rule: 'windows-kb',
      scheme: 'kb',
      installed: '10.0.20348; 0 KBs',
      platform: 'windows:10.0.20348:server:x64',
    },
  };
}

// KB3 (March) supersedes KB2 (February), which supersedes KB1 (January); KB9 is a hotpatch.
const edges = new Map([
  ['KB3', new Set(['KB2'])],
  ['KB2', new Set(['KB1'])],
  ['KB9', new Set(['KB8'])],
]);

describe('app/kb-rollup', () => {
  it('assigns each open finding to the newest KB that clears it, through supersedence', () => {
    const r = rollupKbs(
      [
        finding('a', 'CVE-1', ['KB1']),
        finding('b', 'CVE-1', ['KB1']),
        finding('a', 'CVE-2', ['KB2', 'KB8']),
        finding('a', 'CVE-3', ['KB3', 'KB9']),
        finding('c', 'CVE-4', ['KB7']),
        finding('c', 'CVE-5', [], 'unverifiable'),
        finding('c', 'CVE-6', ['KB7'], 'will-not-fix'),
      ],
      edges,
    );

    expect(r.rows).toEqual([
      { kb: 'KB3', cves: ['CVE-1', 'CVE-2', 'CVE-3'], hosts: ['a', 'b'], findings: 4 },
      { kb: 'KB7', cves: ['CVE-4'], hosts: ['c'], findings: 1 },
    ]);
    expect([r.findings, r.unassigned]).toEqual([5, 1]);
  });

  it('Server 2022 on four real CVRF months: March’s KB5035857 clears 37 CVEs', () => {
    const dir = new URL('../engine/__golden__/__fixtures__/', import.meta.url);
    const advisories = ['2023-Nov', '2023-Dec', '2024-Jan', '2024-Mar'].flatMap(
      (m) =>
        parseAdvisoryFile({
          name: `cvrf-${m}.xml`,
          bytes: readFileSync(new URL(`cvrf-${m}-win10-22h2-srv2022.xml`, dir)),
        }).advisories,
    );
    const host = parseInventory(readFileSync(new URL('srv_2022_systeminfo.txt', dir))).value;
    const findings = createEvaluator(buildMatchIndex(advisories), {
      compareFor: (s) => getScheme(s).compare,
    }).evaluate('srv', host);

    const r = rollupKbs(findings, supersedenceOf(advisories));

    expect(r.findings).toBe(findings.filter((f) => f.status === 'open').length);
    expect(r.rows.find((x) => x.kb === 'KB5035857')?.cves).toHaveLength(37);
    // February's document is not among the four, so January's update ends its own chain.
    expect(r.rows.map((x) => x.kb).sort()).toEqual(['KB5034129', 'KB5035857']);
    expect(r.rows.reduce((n, x) => n + x.findings, 0)).toBe(r.findings);
  });
});
