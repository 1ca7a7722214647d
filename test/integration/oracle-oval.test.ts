import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/domain/inventory.js';
import { createEvaluator } from '../../src/engine/evaluate.js';
import { buildMatchIndex } from '../../src/engine/match-index.js';
import { parseOvalResults } from '../../src/engine/oracles/oval-results.js';
import { parseInventory } from '../../src/inventory/index.js';
import { getScheme } from '../../src/versioning/registry.js';
import { parseOval } from '../../src/advisories/oval/parse.js';

/*
 * Differential test of the OVAL reader: one OVAL file in Debian's dialect (the shape of
 * oval-definitions-<codename>.xml: a textfilecontent54 release test on /etc/debian_version, an
 * "all architecture" uname test, dpkginfo tests with debian_evr_string "less than") is evaluated
 * by `oscap oval eval` on this machine and, parsed by `parseOval`, by Patchline's engine on this
 * machine's dpkg database. The definitions that are true must be the advisories the engine finds,
 * except where the dialect itself makes them differ (a source name that is no binary name: see
 * the last test). Fails, never skips, when oscap is missing (test/peers/packages.d/oracles.txt).
 */

const hostStatus = readFileSync('/var/lib/dpkg/status', 'utf8');
const release = /^(\d+)/.exec(readFileSync('/etc/debian_version', 'utf8').trim())?.[1] ?? '';
let work = '';

function inventory(): Inventory {
  return parseInventory(hostStatus, { format: 'dpkg', platform: { family: 'debian', release } })
    .value;
}

/** Installed packages whose binary name and version equal their source's (no binNMU). */
function plainPackages(inv: Inventory): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of inv.packages) {
    if (p.name === p.sourceName && p.version === p.sourceVersion && !p.version.includes(':')) {
      out.set(p.name, p.version);
    }
  }
  return out;
}

interface Check {
  readonly pkg: string;
  readonly lessThan: string;
}

interface Def {
  readonly id: string;
  readonly title: string;
  readonly cls: 'vulnerability' | 'patch';
  readonly release: string;
  readonly checks: readonly Check[];
}

/** Renders definitions the way Debian's generator does (see src/advisories/oval/__fixtures__/oval-definitions-bullseye). */
function debianOval(defs: readonly Def[]): string {
  const tests: string[] = [];
  const objects = new Map<string, string>();
  const states: string[] = [];
  const releases = new Set(defs.map((d) => d.release));
  for (const r of releases) {
    tests.push(
      `<textfilecontent54_test check="all" check_existence="at_least_one_exists" comment="Debian GNU/Linux ${r} is installed" id="oval:org.debian.oval:tst:${1000 + Number(r)}" version="1" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"><object object_ref="oval:org.debian.oval:obj:1"/><state state_ref="oval:org.debian.oval:ste:${1000 + Number(r)}"/></textfilecontent54_test>`,
    );
    states.push(
      `<textfilecontent54_state id="oval:org.debian.oval:ste:${1000 + Number(r)}" version="1" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"><subexpression operation="equals">${r}</subexpression></textfilecontent54_state>`,
    );
  }
  let n = 0;
  const numbers = new Map<string, number>();
  const objectNumber = (pkg: string): number => {
    if (!numbers.has(pkg)) numbers.set(pkg, 100 + numbers.size);
    return numbers.get(pkg)!;
  };
  const body = defs.map((d) => {
    const criteria = d.checks.map((c) => {
      n++;
      const obj = `oval:org.debian.oval:obj:${objectNumber(c.pkg)}`;
      objects.set(
        obj,
        `<dpkginfo_object id="${obj}" version="1" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"><name>${c.pkg}</name></dpkginfo_object>`,
      );
      tests.push(
        `<dpkginfo_test check="all" check_existence="at_least_one_exists" comment="${c.pkg} is earlier than ${c.lessThan}" id="oval:org.debian.oval:tst:${100 + n}" version="1" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"><object object_ref="${obj}"/><state state_ref="oval:org.debian.oval:ste:${100 + n}"/></dpkginfo_test>`,
      );
      states.push(
        `<dpkginfo_state id="oval:org.debian.oval:ste:${100 + n}" version="1" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"><evr datatype="debian_evr_string" operation="less than">${c.lessThan.includes(':') ? '' : '0:'}${c.lessThan}</evr></dpkginfo_state>`,
      );
      return `<criterion comment="${c.pkg} DPKG is earlier than ${c.lessThan}" test_ref="oval:org.debian.oval:tst:${100 + n}"/>`;
    });
    return `<definition class="${d.cls}" id="${d.id}" version="1">
  <metadata><title>${d.title}</title>
    <affected family="unix"><platform>Debian GNU/Linux ${d.release}</platform></affected>
    ${d.title.startsWith('CVE-') ? `<reference ref_id="${d.title.split(' ')[0]}" source="CVE"/>` : ''}
    <description>generated for the oscap differential test</description>
  </metadata>
  <criteria comment="Release section" operator="AND">
    <criterion comment="Debian ${d.release} is installed" test_ref="oval:org.debian.oval:tst:${1000 + Number(d.release)}"/>
    <criteria comment="Architecture section" operator="OR">
      <criteria comment="Architecture independent section" operator="AND">
        <criterion comment="all architecture" test_ref="oval:org.debian.oval:tst:2"/>
        ${criteria.length > 1 ? `<criteria operator="OR">${criteria.join('')}</criteria>` : criteria.join('')}
      </criteria>
    </criteria>
  </criteria>
</definition>`;
  });
  return `<?xml version='1.0' encoding='UTF-8'?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">
<generator><oval:product_name>Debian</oval:product_name><oval:schema_version>5.11.2</oval:schema_version><oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>
<definitions>${body.join('\n')}</definitions>
<tests>${tests.join('\n')}
<uname_test check="all" check_existence="at_least_one_exists" comment="Installed architecture is all" id="oval:org.debian.oval:tst:2" version="1" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#unix"><object object_ref="oval:org.debian.oval:obj:2"/></uname_test>
</tests>
<objects>
<textfilecontent54_object id="oval:org.debian.oval:obj:1" version="1" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent"><path>/etc</path><filename>debian_version</filename><pattern operation="pattern match">(\\d+)\\.\\d</pattern><instance datatype="int">1</instance></textfilecontent54_object>
<uname_object id="oval:org.debian.oval:obj:2" version="1" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#unix"/>
${[...objects.values()].join('\n')}
</objects>
<states>${states.join('\n')}</states>
</oval_definitions>
`;
}

/** `oscap oval eval` on this machine: definition id → true/false (anything else fails). */
function oscap(xml: string): Map<string, boolean> {
  const feed = join(work, 'feed.xml');
  const out = join(work, 'results.xml');
  writeFileSync(feed, xml);
  // The host's apt.conf.d (docker-clean) breaks the dpkginfo probe: read no parts.
  writeFileSync(join(work, 'apt.conf'), `Dir::Etc::parts "${work}/no-parts";\n`);
  const r = spawnSync('oscap', ['oval', 'eval', '--results', out, feed], {
    encoding: 'utf8',
    env: { ...process.env, APT_CONFIG: join(work, 'apt.conf') },
  });
  expect(r.error).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  const parsed = parseOvalResults(readFileSync(out, 'utf8'));
  expect(parsed.probeErrors).toEqual([]);
  const verdicts = new Map<string, boolean>();
  for (const [id, result] of parsed.definitions) {
    expect(['true', 'false'], `${id} is ${result}`).toContain(result);
    verdicts.set(id, result === 'true');
  }
  return verdicts;
}

/** Patchline on the same file and database: advisory id → found. */
function patchline(xml: string, inv: Inventory): Map<string, boolean> {
  const outcome = parseOval({ name: 'feed.xml', bytes: new TextEncoder().encode(xml) });
  expect(outcome.diagnostics).toEqual([]);
  const evaluator = createEvaluator(buildMatchIndex(outcome.advisories), {
    compareFor: (scheme) => getScheme(scheme).compare,
  });
  const found = new Set(evaluator.evaluate('host', inv).map((f) => f.advisory));
  expect(evaluator.diagnostics).toEqual([]);
  return new Map(outcome.advisories.map((a) => [a.id, found.has(a.id)]));
}

describe('oval/oscap differential (Debian dialect, this machine)', () => {
  beforeAll(() => {
    const probe = spawnSync('oscap', ['--version'], { stdio: 'ignore' });
    if (probe.error || probe.status !== 0) {
      throw new Error('oscap is not installed: run test/peers/setup.sh (packages.d/oracles.txt)');
    }
    work = mkdtempSync(join(tmpdir(), 'patchline-oval-oscap-'));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('true exactly for the advisories the engine finds from the parsed file', () => {
    const inv = inventory();
    const plain = [...plainPackages(inv)];
    expect(plain.length).toBeGreaterThanOrEqual(6);
    const pick = (i: number): [string, string] => {
      const p = plain[i];
      if (!p) throw new Error(`fewer than ${i + 1} plain packages installed`);
      return p;
    };
    const [a, b, c, d, e, f] = [pick(0), pick(1), pick(2), pick(3), pick(4), pick(5)];
    const other = String(Number(release) - 1);
    const def = (i: number, title: string, r: string, checks: Check[], cls = 'vulnerability') =>
      ({ id: `oval:org.debian:def:${i}`, title, cls, release: r, checks }) as Def;
    const defs = [
      def(1, `CVE-9000-0001 ${a[0]}`, release, [{ pkg: a[0], lessThan: `${a[1]}+1` }]),
      def(2, `CVE-9000-0002 ${b[0]}`, release, [{ pkg: b[0], lessThan: b[1] }]),
      def(3, `CVE-9000-0003 ${c[0]}`, release, [{ pkg: c[0], lessThan: `${c[1]}~1` }]),
      def(4, `CVE-9000-0004 ${d[0]}`, release, [{ pkg: d[0], lessThan: '0' }]),
      def(5, `CVE-9000-0005 ${e[0]}`, release, [{ pkg: e[0], lessThan: `1:${e[1]}` }]),
      def(6, `CVE-9000-0006 ${f[0]}`, other, [{ pkg: f[0], lessThan: `${f[1]}+1` }]),
      def(
        7,
        `DSA-9000-1 ${b[0]}`,
        release,
        [
          { pkg: b[0], lessThan: `${b[1]}~1` },
          { pkg: c[0], lessThan: `${c[1]}+1` },
        ],
        'patch',
      ),
    ];
    const ids = new Map(
      defs.map((x) => [x.id, `${x.title.split(' ')[0]}@debian:${x.release}`] as const),
    );
    const xml = debianOval(defs);

    const byOscap = oscap(xml);
    const byEngine = patchline(xml, inv);

    const ovalHits = [...byOscap].filter(([, t]) => t).map(([id]) => ids.get(id));
    const engineHits = [...byEngine].filter(([, t]) => t).map(([id]) => id);
    expect(byOscap.size).toBe(defs.length);
    expect(byEngine.size).toBe(defs.length);
    expect(ovalHits.sort()).toEqual(engineHits.sort());
    expect(engineHits.sort()).toEqual([
      `CVE-9000-0001@debian:${release}`,
      `CVE-9000-0005@debian:${release}`,
      `DSA-9000-1@debian:${release}`,
    ]);
  });

  it('differs where a Debian source name is no binary name: Patchline reads it as the source', () => {
    const inv = inventory();
    const lib = inv.packages.find(
      (p) => p.sourceName !== p.name && !inv.packages.some((q) => q.name === p.sourceName),
    );
    expect(lib).toBeDefined();
    const src = lib!.sourceName;
    const xml = debianOval([
      {
        id: 'oval:org.debian:def:1',
        title: `CVE-9000-0100 ${src}`,
        cls: 'vulnerability',
        release,
        checks: [{ pkg: src, lessThan: `${lib!.sourceVersion}+1` }],
      },
    ]);

    const byOscap = oscap(xml);
    const byEngine = patchline(xml, inv);

    // oscap's dpkginfo looks up a binary package of that name and finds none.
    expect(byOscap.get('oval:org.debian:def:1')).toBe(false);
    expect(byEngine.get(`CVE-9000-0100@debian:${release}`)).toBe(true);
  });
});
