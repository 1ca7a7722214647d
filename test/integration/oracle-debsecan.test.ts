import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianTracker } from '../../src/advisories/debian-tracker/index.js';
import type { Advisory, AffectedEntry } from '../../src/domain/advisory.js';
import type { Diagnostic } from '../../src/domain/diagnostics.js';
import type { Inventory } from '../../src/domain/inventory.js';
import { createEvaluator } from '../../src/engine/evaluate.js';
import { buildMatchIndex } from '../../src/engine/match-index.js';
import {
  compressDebsecanFeed,
  findingPairs,
  parseDebsecanSimple,
  renderDebsecanFeed,
} from '../../src/engine/oracles/debsecan-feed.js';
import { editDpkgStatus, type StanzaEdit } from '../../src/engine/oracles/dpkg-status-edit.js';
import { parseInventory } from '../../src/inventory/index.js';
import { getScheme } from '../../src/versioning/registry.js';

/*
 * Issue 3 §3: debsecan (Debian's own scanner, apt_pkg version comparison) on the same dpkg
 * status and the same advisories, rendered as its feed, must report exactly the engine's
 * (binary package, CVE) pairs. Fails, never skips, when debsecan is missing
 * (test/peers/install.sh installs it).
 */

const fixtures = new URL('../../src/engine/oracles/__fixtures__/', import.meta.url);

/** This machine's real dpkg database (a genuine Debian 12), read once. */
const hostStatus = readFileSync('/var/lib/dpkg/status', 'utf8');

/**
 * Stanza edits applied to a copy of the host status (fixture, see SOURCES.md): versions moved
 * back below real fixes, and libssl3 turned into a binNMU, so the source-version rule is
 * exercised against a binary version that differs from it.
 */
const backdated = JSON.parse(
  readFileSync(new URL('bookworm-backdated.json', fixtures), 'utf8'),
) as Record<string, StanzaEdit>;

function backdate(status: string): string {
  return editDpkgStatus(status, backdated);
}

function pkg(
  platform: string,
  name: string,
  status: 'fixed' | 'no-fix-yet' | 'will-not-fix' | 'not-affected',
  fixed?: string,
): AffectedEntry {
  return {
    kind: 'package',
    platform,
    package: name,
    packageKind: 'source',
    status,
    ...(fixed !== undefined && { fixed }),
  };
}

/**
 * Synthetic but realistic bookworm advisories: real source names and fix versions shaped like
 * Debian's (`~deb12uN`, `+deb12uN`, epochs), placed around the versions installed here and in
 * the backdated copy so some hit and some do not; plus no-fix-yet and will-not-fix entries.
 */
const synthetic: Advisory[] = [
  ['SYN-1', ['CVE-2099-0001'], pkg('debian:12', 'openssl', 'fixed', '3.0.13-1~deb12u1')],
  [
    'SYN-2',
    ['CVE-2099-0002', 'CVE-2099-0003'],
    pkg('debian:12', 'openssl', 'fixed', '3.0.11-1~deb12u1'),
  ],
  ['SYN-3', ['CVE-2099-0004'], pkg('debian:12', 'glibc', 'fixed', '2.36-9+deb12u4')],
  ['SYN-4', ['CVE-2099-0005'], pkg('debian:12', 'glibc', 'fixed', '2.36-9+deb12u10')],
  ['SYN-5', ['CVE-2099-0006'], pkg('debian:12', 'zlib', 'fixed', '1:1.2.13.dfsg-1+deb12u1')],
  ['SYN-6', ['CVE-2099-0007'], pkg('debian:12', 'bash', 'fixed', '5.2.15-2+b1')],
  ['SYN-7', ['CVE-2099-0008'], pkg('debian:12', 'bash', 'fixed', '5.2.15-3')],
  ['SYN-8', ['CVE-2099-0009'], pkg('debian:12', 'tar', 'no-fix-yet')],
  ['SYN-9', ['CVE-2099-0010'], pkg('debian:12', 'coreutils', 'will-not-fix')],
  ['SYN-10', ['CVE-2099-0011'], pkg('debian:12', 'util-linux', 'not-affected')],
  ['SYN-11', ['CVE-2099-0012'], pkg('debian:12', 'libcap2', 'fixed', '1:2.66-4+deb12u1')],
  ['SYN-12', ['CVE-2099-0013'], pkg('debian:12', 'gcc-defaults', 'fixed', '1.204')],
  ['SYN-13', [], pkg('debian:12', 'perl', 'fixed', '5.36.0-7+deb12u99')],
  ['SYN-14', ['CVE-2099-0014'], pkg('debian:11', 'sudo', 'no-fix-yet')],
].map(([id, cves, entry]) => ({
  id: id as string,
  source: 'synthetic',
  severity: 'high',
  cves: cves as string[],
  classification: 'security',
  affected: [entry as AffectedEntry],
}));

/** A binary-keyed entry just above the installed libcap2 binNMU (`+b2`). */
const binaryEntry: Advisory = {
  id: 'SYN-15',
  source: 'synthetic',
  severity: 'high',
  cves: ['CVE-2099-0015'],
  classification: 'security',
  affected: [
    {
      kind: 'package',
      platform: 'debian:12',
      package: 'libcap2',
      packageKind: 'binary',
      status: 'fixed',
      fixed: '1:2.66-4+deb12u2+b3',
    },
  ],
};

function realAdvisories(): Advisory[] {
  const json = debianTracker.parse({
    bytes: readFileSync(new URL('tracker-json-sample-vunnel.json', fixtures)),
    name: 'tracker-json-sample-vunnel.json',
  });
  const list = debianTracker.parse({
    bytes: readFileSync(new URL('DSA-list-2022-2023.txt', fixtures)),
    name: 'DSA-list-2022-2023.txt',
  });
  // Real bullseye fixes re-labelled as bookworm: real version strings against real installs.
  const relabelled = list.advisories.map((a) => ({
    ...a,
    affected: a.affected.map((e) =>
      e.platform === 'debian:11' ? { ...e, platform: 'debian:12' } : e,
    ),
  }));
  return [...json.advisories, ...relabelled];
}

function inventoryOf(status: string): Inventory {
  return parseInventory(status, {
    fileName: 'status',
    format: 'dpkg',
    platform: { family: 'debian', release: '12' },
  }).value;
}

/** Source → binaries, from the status file, for the feed's third section and its checks. */
function binariesOf(inventory: Inventory): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of inventory.packages) {
    const list = out.get(p.sourceName) ?? [];
    if (!list.includes(p.name)) list.push(p.name);
    out.set(p.sourceName, list);
  }
  return out;
}

interface DebsecanRun {
  readonly pairs: Set<string>;
  readonly diagnostics: readonly Diagnostic[];
}

function runDebsecan(dir: string, status: string, advisories: Advisory[]): DebsecanRun {
  const feed = renderDebsecanFeed(advisories, {
    platform: 'debian:12',
    binariesOf: binariesOf(inventoryOf(status)),
  });
  writeFileSync(join(dir, 'bookworm'), compressDebsecanFeed(feed.value));
  const statusFile = join(dir, 'status');
  writeFileSync(statusFile, status);
  const stdout = execFileSync(
    'debsecan',
    [
      '--suite',
      'bookworm',
      '--source',
      `file://${dir}/`,
      '--status',
      statusFile,
      '--history',
      join(dir, 'history'),
      '--format',
      'simple',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return { pairs: parseDebsecanSimple(stdout), diagnostics: feed.diagnostics };
}

function runEngine(status: string, advisories: Advisory[]): Set<string> {
  const inventory = inventoryOf(status);
  const evaluator = createEvaluator(buildMatchIndex(advisories), {
    compareFor: (scheme) => getScheme(scheme).compare,
  });
  const findings = evaluator.evaluate('host', inventory);
  expect(evaluator.diagnostics).toEqual([]);
  return findingPairs(findings);
}

describe('oracle/debsecan', () => {
  let dir = '';
  let advisories: Advisory[] = [];

  beforeAll(() => {
    const probe = spawnSync('debsecan', ['--help'], { stdio: 'ignore' });
    if (probe.error || probe.status !== 0) {
      throw new Error(
        'debsecan is not installed: run test/peers/setup.sh (packages.d/oracles.txt)',
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'patchline-debsecan-'));
    advisories = [...realAdvisories(), ...synthetic];
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['this host', hostStatus],
    ['backdated copy with a binNMU', backdate(hostStatus)],
  ])('reports the same (package, CVE) pairs as the engine on %s', (_label, status) => {
    const engine = runEngine(status, advisories);

    const oracle = runDebsecan(dir, status, advisories);

    expect(oracle.diagnostics).toEqual([]);
    expect(engine.size).toBeGreaterThan(0);
    expect([...engine].sort()).toEqual([...oracle.pairs].sort());
  });

  it('sees the backdated binNMU through its source version', () => {
    const status = backdate(hostStatus);

    const oracle = runDebsecan(dir, status, advisories).pairs;

    expect(oracle).toContain('libssl3\tCVE-2099-0001');
    expect(oracle).not.toContain('libssl3\tCVE-2099-0002');
    expect(oracle).toContain('bash\tCVE-2099-0007');
    expect(oracle).toContain('libcurl4\tCVE-2022-32221');
    expect(oracle).not.toContain('curl\tCVE-2022-32221');
  });

  it('warns exactly where debsecan reads a binary entry as a source one', () => {
    // libcap2 is both a binary and its source's name: debsecan also tests libcap2-bin (and
    // every other binary of src:libcap2) against the fix, by source version; the engine does not.
    const quirk = [binaryEntry];
    const inventory = inventoryOf(hostStatus);
    const others = binariesOf(inventory)
      .get('libcap2')!
      .filter((b) => b !== 'libcap2')
      .map((b) => `${b}\tCVE-2099-0015`);

    const oracle = runDebsecan(dir, hostStatus, quirk);
    const engine = runEngine(hostStatus, quirk);

    expect(oracle.diagnostics.map((d) => d.location.record)).toEqual(['SYN-15/libcap2']);
    expect([...engine]).toEqual(['libcap2\tCVE-2099-0015']);
    expect([...oracle.pairs].sort()).toEqual([...engine, ...others].sort());
  });
});
