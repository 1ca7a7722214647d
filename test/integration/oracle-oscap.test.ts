import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianTracker } from '../../src/advisories/debian-tracker/index.js';
import { osv } from '../../src/advisories/osv/index.js';
import type { Advisory, AffectedPackage } from '../../src/domain/advisory.js';
import type { Inventory } from '../../src/domain/inventory.js';
import { createEvaluator } from '../../src/engine/evaluate.js';
import { buildMatchIndex } from '../../src/engine/match-index.js';
import { editDpkgStatus, type StanzaEdit } from '../../src/engine/oracles/dpkg-status-edit.js';
import { comparableBinaries, renderOvalDefinitions } from '../../src/engine/oracles/oval.js';
import { parseOvalResults, type OvalResult } from '../../src/engine/oracles/oval-results.js';
import type { OvalProbe } from '../../src/engine/oracles/oval-xml.js';
import type { Finding } from '../../src/engine/types.js';
import { parseInventory, rpmQueryFormat } from '../../src/inventory/index.js';
import { getScheme } from '../../src/versioning/registry.js';

/*
 * Issue 3 §3: OpenSCAP's `oscap oval eval`, on OVAL definitions generated from the same
 * advisories, must give true exactly for the advisories the engine finds on the same package
 * database: this machine's dpkg db, and real rpm roots built by test/peers/rpmroot/build.sh.
 * A definition result other than true/false, or a probe error, fails the test. Fails, never
 * skips, when oscap is missing (test/peers/install.sh installs openscap-scanner).
 */

const fixtures = new URL('../../src/engine/oracles/__fixtures__/', import.meta.url);
const repo = new URL('../../', import.meta.url).pathname;
const timestamp = '2026-01-01T00:00:00';
const oraclesSetup = join(repo, 'test/peers/setup.d/40-oracles.sh');
const hostStatus = readFileSync('/var/lib/dpkg/status', 'utf8');

let work = '';

interface OscapRun {
  readonly results: ReadonlyMap<string, OvalResult>;
  readonly stderr: string;
}

/** Runs `oscap oval eval` on `xml`, against `root` (OSCAP_PROBE_ROOT) or this machine. */
function runOscap(name: string, xml: string, root?: string): OscapRun {
  const feed = join(work, `${name}.xml`);
  const out = join(work, `${name}.results.xml`);
  writeFileSync(feed, xml);
  // The host's apt.conf.d (docker-clean) breaks apt under a probe root: read no parts.
  writeFileSync(join(work, 'apt.conf'), `Dir::Etc::parts "${work}/no-parts";\n`);
  const r = spawnSync('oscap', ['oval', 'eval', '--results', out, feed], {
    encoding: 'utf8',
    env: {
      ...process.env,
      APT_CONFIG: join(work, 'apt.conf'),
      ...(root !== undefined && { OSCAP_PROBE_ROOT: root }),
    },
  });
  expect(r.error).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  const parsed = parseOvalResults(readFileSync(out, 'utf8'));
  expect(parsed.probeErrors).toEqual([]);
  return { results: parsed.definitions, stderr: r.stderr };
}

function evaluate(advisories: readonly Advisory[], inventory: Inventory): Finding[] {
  const evaluator = createEvaluator(buildMatchIndex(advisories), {
    compareFor: (scheme) => getScheme(scheme).compare,
  });
  const findings = evaluator.evaluate('host', inventory);
  expect(evaluator.diagnostics).toEqual([]);
  return findings;
}

interface Comparison {
  readonly oval: Record<string, boolean>;
  readonly engine: Record<string, boolean>;
}

/**
 * Generates OVAL for `advisories`, evaluates it with oscap and the engine, and returns both
 * verdicts per advisory. Engine findings on binaries OVAL cannot see (not in `visible`) are
 * left out, since no OVAL test can name them.
 */
function compare(
  name: string,
  probe: OvalProbe,
  platform: string,
  advisories: readonly Advisory[],
  inventory: Inventory,
  root?: string,
): Comparison {
  const binaries = comparableBinaries(inventory.packages);
  const visible = new Set([...binaries.values()].flat());
  const feed = renderOvalDefinitions(advisories, {
    platform,
    probe,
    timestamp,
    binariesOf: (source) => binaries.get(source) ?? [],
  });
  expect(feed.diagnostics).toEqual([]);
  const run = runOscap(name, feed.value.xml, root);
  expect(run.stderr).not.toMatch(/probe|E: |error/i);
  const oval: Record<string, boolean> = {};
  for (const [def, advisory] of feed.value.definitions) {
    const result = run.results.get(def);
    expect(['true', 'false'], `${def} (${advisory}) is ${result}`).toContain(result);
    oval[advisory] = (oval[advisory] ?? false) || result === 'true';
  }
  const engine: Record<string, boolean> = {};
  for (const a of advisories) engine[a.id] = false;
  for (const f of evaluate(advisories, inventory)) {
    if (probe === 'rpminfo' || visible.has(f.package)) engine[f.advisory] = true;
  }
  for (const a of advisories) oval[a.id] ??= false;
  return { oval, engine };
}

function hits(verdicts: Record<string, boolean>): string[] {
  return Object.keys(verdicts)
    .filter((k) => verdicts[k])
    .sort();
}

function entry(
  platform: string,
  pkg: string,
  kind: 'source' | 'binary',
  more: Partial<AffectedPackage>,
): AffectedPackage {
  return { kind: 'package', platform, package: pkg, packageKind: kind, status: 'fixed', ...more };
}

function advisory(id: string, ...affected: AffectedPackage[]): Advisory {
  return {
    id,
    source: 'synthetic',
    severity: 'high',
    cves: [],
    classification: 'security',
    affected,
  };
}

describe('oracle/oscap', () => {
  beforeAll(() => {
    const probe = spawnSync('oscap', ['--version'], { stdio: 'ignore' });
    if (probe.error || probe.status !== 0) {
      throw new Error('oscap is not installed: run test/peers/setup.sh (packages.d/oracles.txt)');
    }
    work = mkdtempSync(join(tmpdir(), 'patchline-oscap-'));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('dpkginfo', () => {
    const d = 'debian:12';
    const synthetic = [
      advisory('SYN-D1', entry(d, 'openssl', 'source', { fixed: '3.0.99-1~deb12u1' })),
      advisory('SYN-D2', entry(d, 'openssl', 'source', { fixed: '3.0.11-1~deb12u1' })),
      advisory('SYN-D3', entry(d, 'bash', 'source', { fixed: '5.2.15-3' })),
      advisory('SYN-D4', entry(d, 'zlib', 'source', { fixed: '1:1.2.13.dfsg-1+deb12u1' })),
      advisory('SYN-D5', entry(d, 'tar', 'source', { status: 'no-fix-yet' })),
      advisory('SYN-D6', entry(d, 'coreutils', 'source', { status: 'will-not-fix' })),
      advisory('SYN-D7', entry(d, 'glibc', 'source', { fixed: '2.36-9+deb12u99', arch: ['i386'] })),
      advisory(
        'SYN-D8',
        entry(d, 'glibc', 'source', { fixed: '2.36-9+deb12u99', arch: ['amd64'] }),
      ),
      advisory(
        'SYN-D9',
        entry(d, 'perl', 'source', { fixed: '5.36.0-7+deb12u99', introduced: '5.36.0-8' }),
      ),
      advisory('SYN-D10', entry(d, 'libcap2', 'binary', { fixed: '1:2.66-4+deb12u99' })),
      advisory('SYN-D11', entry(d, 'no-such-package', 'source', { status: 'no-fix-yet' })),
    ];

    it('gives true exactly for the advisories the engine finds on this machine', () => {
      const inventory = dpkgInventory(hostStatus);
      // Boundaries at whatever is installed today: fixed == installed source version.
      const at = (src: string): string =>
        inventory.packages.find((p) => p.sourceName === src)!.sourceVersion;
      const boundary = [
        advisory('SYN-D12', entry(d, 'openssl', 'source', { fixed: at('openssl') })),
        advisory('SYN-D13', entry(d, 'bash', 'source', { fixed: at('bash') })),
      ];
      const advisories = [...debianAdvisories(), ...synthetic, ...boundary];

      const { oval, engine } = compare('dpkg-host', 'dpkginfo', d, advisories, inventory);

      expect(hits(engine).length).toBeGreaterThan(3);
      expect(hits(oval)).toEqual(hits(engine));
      expect(hits(engine)).toEqual(
        expect.arrayContaining(['SYN-D1', 'SYN-D3', 'SYN-D5', 'SYN-D6', 'SYN-D8']),
      );
      expect(hits(engine)).not.toEqual(expect.arrayContaining(['SYN-D12']));
      expect(hits(engine)).not.toEqual(expect.arrayContaining(['SYN-D13']));
    });

    it('gives true exactly for the advisories the engine finds on a backdated dpkg root', () => {
      const status = editDpkgStatus(hostStatus, backdated());
      const root = join(work, 'dpkg-root');
      const statusFile = join(work, 'backdated.status');
      writeFileSync(statusFile, status);
      execFileSync('bash', [oraclesSetup, 'dpkg-root', root, statusFile]);
      const inventory = dpkgInventory(status);
      const advisories = [...debianAdvisories(), ...bullseyeAsBookworm(), ...synthetic];

      const { oval, engine } = compare('dpkg-root', 'dpkginfo', d, advisories, inventory, root);

      expect(hits(oval)).toEqual(hits(engine));
      // libssl3 is the binNMU 3.0.11-1~deb12u1+b1 of source 3.0.11-1~deb12u1: equal, not hit.
      expect(hits(engine)).toEqual(expect.arrayContaining(['SYN-D1', 'DSA-5330-1']));
      expect(hits(engine)).not.toContain('SYN-D2');
    });
  });

  describe('rpminfo on real rpm roots', () => {
    let roots = new Map<string, string>();
    const a = 'almalinux:9';
    const synthetic = [
      advisory('SYN-R1', entry(a, 'bash', 'binary', { status: 'no-fix-yet' })),
      advisory(
        'SYN-R2',
        entry(a, 'python3-libs', 'binary', { introduced: '3.9.18-1', fixed: '3.9.21-1' }),
      ),
      advisory(
        'SYN-R3',
        entry(a, 'python3-libs', 'binary', { introduced: '3.9.0-1', fixed: '3.9.19-1' }),
      ),
      advisory('SYN-R4', entry(a, 'tzdata', 'binary', { fixed: '2024a-1.el9', arch: ['aarch64'] })),
      advisory(
        'SYN-R5',
        entry(a, 'tzdata', 'binary', { fixed: '2024a-1.el9', arch: ['x86_64', 'noarch'] }),
      ),
      advisory('SYN-R6', entry(a, 'vim-minimal', 'binary', { fixed: '2:8.2.2637-1.el9' })),
    ];

    beforeAll(() => {
      const out = execFileSync('bash', [join(repo, 'test/peers/rpmroot/build.sh')], {
        encoding: 'utf8',
      });
      roots = new Map(
        out
          .trim()
          .split('\n')
          .map((l) => l.split('\t') as [string, string]),
      );
    });

    it.each([['ubi9-base'], ['ubi9-patched']])(
      'gives true exactly for the advisories the engine finds on %s',
      (host) => {
        const root = roots.get(host)!;
        const inventory = rpmInventory(root);
        const advisories = [...almaAdvisories(), ...synthetic];

        const { oval, engine } = compare(host, 'rpminfo', a, advisories, inventory, root);

        expect(hits(engine).length).toBeGreaterThan(3);
        expect(hits(oval)).toEqual(hits(engine));
      },
    );
  });
});

function dpkgInventory(status: string): Inventory {
  return parseInventory(status, { format: 'dpkg', platform: { family: 'debian', release: '12' } })
    .value;
}

function backdated(): Record<string, StanzaEdit> {
  const text = readFileSync(new URL('bookworm-backdated.json', fixtures), 'utf8');
  return JSON.parse(text) as Record<string, StanzaEdit>;
}

/** Real 2022–2023 DSAs, their bullseye fixes re-labelled bookworm (see oracle-debsecan). */
function bullseyeAsBookworm(): Advisory[] {
  const list = debianTracker.parse({
    bytes: readFileSync(new URL('DSA-list-2022-2023.txt', fixtures)),
    name: 'DSA-list-2022-2023.txt',
  });
  return list.advisories.map((a) => ({
    ...a,
    affected: a.affected.map((e) =>
      e.platform === 'debian:11' ? { ...e, platform: 'debian:12' } : e,
    ),
  }));
}

function debianAdvisories(): Advisory[] {
  const json = debianTracker.parse({
    bytes: readFileSync(new URL('tracker-json-sample-vunnel.json', fixtures)),
    name: 'tracker-json-sample-vunnel.json',
  });
  return json.advisories;
}

function almaAdvisories(): Advisory[] {
  const dir = new URL('almalinux9/', fixtures);
  return readdirSync(dir)
    .sort()
    .flatMap((f) => osv.parse({ bytes: readFileSync(new URL(f, dir)), name: f }).advisories);
}

function rpmInventory(root: string): Inventory {
  const qa = execFileSync(
    'rpm',
    ['--root', root, '--dbpath', '/var/lib/rpm', '-qa', '--queryformat', rpmQueryFormat],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return parseInventory(qa, { format: 'rpm', platform: { family: 'almalinux', release: '9' } })
    .value;
}
