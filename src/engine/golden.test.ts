import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAdvisoryFile } from '../advisories/registry.js';
import type { Advisory } from '../domain/advisory.js';
import type { Platform } from '../domain/platform.js';
import { parseInventory } from '../inventory/index.js';
import { getScheme } from '../versioning/registry.js';
import { createEvaluator } from './evaluate.js';
import { buildMatchIndex } from './match-index.js';
import type { Finding } from './types.js';

/*
 * Golden results: the engine over real vendor fixtures (src/engine/__golden__/__fixtures__,
 * origins in SOURCES.md there), compared with __golden__/<case>.txt, one finding per line.
 * `UPDATE_GOLDEN=1` rewrites the files; review the diff against the raw fixtures before
 * committing. The facts in the second table were checked by hand in the raw files.
 */

const goldenDir = new URL('./__golden__/', import.meta.url);
const fixtures = new URL('./__golden__/__fixtures__/', import.meta.url);
const alma9 = new URL('./oracles/__fixtures__/almalinux9/', import.meta.url);
const cvrfMonths = ['2023-Nov', '2023-Dec', '2024-Jan', '2024-Mar'].map(
  (m) => `cvrf-${m}-win10-22h2-srv2022.xml`,
);

function advisoriesIn(dir: URL, files?: readonly string[]): Advisory[] {
  const names =
    files ??
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  return names.flatMap((name) => {
    const out = parseAdvisoryFile({ bytes: readFileSync(new URL(name, dir)), name });
    expect(out.diagnostics, name).toEqual([]);
    return out.advisories;
  });
}

interface GoldenCase {
  readonly name: string;
  readonly inventory: string;
  /** UBI images are scanned as the AlmaLinux stream of the same major (a rebuild of it). */
  readonly platform?: Platform;
  readonly advisories: () => Advisory[];
}

let cvrfAdvisories: Advisory[] | undefined;
/** The four CVRF months, parsed once for the three Windows cases. */
function cvrf(): Advisory[] {
  cvrfAdvisories ??= advisoriesIn(fixtures, cvrfMonths);
  return cvrfAdvisories;
}

const cases: readonly GoldenCase[] = [
  {
    name: 'ubi9-almalinux9',
    inventory: 'ubi9-aarch64.rpm-qa.json',
    platform: { family: 'almalinux', release: '9' },
    advisories: () => advisoriesIn(alma9),
  },
  {
    name: 'ubi8-almalinux8',
    inventory: 'ubi8.rpm-qa.tsv',
    platform: { family: 'almalinux', release: '8' },
    advisories: () => advisoriesIn(new URL('almalinux8/', fixtures)),
  },
  {
    name: 'win10-22h2-cvrf',
    inventory: '10_22H2_x64_enterprise_en-us_systeminfo.txt',
    advisories: cvrf,
  },
  {
    name: 'win10-22h2-jan-cumulative-cvrf',
    inventory: '10_22H2_x64_enterprise_en-us_systeminfo+KB5034122.txt',
    advisories: cvrf,
  },
  { name: 'srv2022-cvrf', inventory: 'srv_2022_systeminfo.txt', advisories: cvrf },
  {
    name: 'ubuntu2404-osv',
    inventory: 'ubuntu24.04-noble-debootstrap.status',
    advisories: () => advisoriesIn(new URL('osv-ubuntu/', fixtures)),
  },
];

const memo = new Map<string, Finding[]>();

function findingsOf(name: string): Finding[] {
  const hit = memo.get(name);
  if (hit) return hit;
  const c = cases.find((x) => x.name === name)!;
  const parsed = parseInventory(readFileSync(new URL(c.inventory, fixtures)), {
    fileName: c.inventory,
    ...(c.platform && { platform: c.platform }),
  });
  const evaluator = createEvaluator(buildMatchIndex(c.advisories()), {
    compareFor: (scheme) => getScheme(scheme).compare,
  });
  const findings = evaluator.evaluate(name, parsed.value);
  expect(evaluator.diagnostics).toEqual([]);
  memo.set(name, findings);
  return findings;
}

/** One line per finding, sorted: stable, readable in a diff, checkable by hand. */
function render(findings: readonly Finding[]): string {
  const lines = findings.map(
    (f) =>
      `${f.advisory}\t${f.package}\t${f.installed}\t${f.kbs?.join('|') ?? f.fixed ?? '-'}\t${f.status}\t${f.evidence.rule}`,
  );
  return `${[...new Set(lines)].sort().join('\n')}\n`;
}

function row(f: Finding): string {
  return `${f.advisory} ${f.package} ${f.installed} ${f.fixed ?? '-'} ${f.status}`;
}

describe('engine/golden', () => {
  it.each(cases.map((c) => [c.name]))('%s matches its golden file', (name) => {
    const actual = render(findingsOf(name));

    const file = new URL(`${name}.txt`, goldenDir);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
    expect(existsSync(file), `missing ${file.pathname}; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it.each`
    name                                | fact
    ${'ubi9-almalinux9'}                | ${'ALSA-2024:0310 openssl-libs 1:3.0.1-23.el9_0 1:3.0.7-25.el9_3 open'}
    ${'ubi9-almalinux9'}                | ${'ALSA-2024:9405 vim-minimal 2:8.2.2637-15.el9 2:8.2.2637-21.el9 open'}
    ${'ubi9-almalinux9'}                | ${'ALSA-2024:3501 libnghttp2 1.43.0-5.el9 1.43.0-5.el9_4.3 open'}
    ${'win10-22h2-cvrf'}                | ${'CVE-2023-24023 Windows 10 Version 22H2 for x64-based Systems 10.0.19045 KB5032189 open'}
    ${'win10-22h2-cvrf'}                | ${'CVE-2023-28746 Windows 10 Version 22H2 for x64-based Systems 10.0.19045 KB5035845 open'}
    ${'win10-22h2-jan-cumulative-cvrf'} | ${'CVE-2023-28746 Windows 10 Version 22H2 for x64-based Systems 10.0.19045 KB5035845 open'}
    ${'ubuntu2404-osv'}                 | ${'UBUNTU-CVE-2016-20013 libc6 2.39-0ubuntu8 - no-fix-yet'}
  `('$name has the hand-checked finding $fact', ({ name, fact }) => {
    expect(findingsOf(name).map(row)).toContain(fact);
  });

  it.each`
    name                                | kb             | why
    ${'win10-22h2-jan-cumulative-cvrf'} | ${'KB5034122'} | ${'installed (January 2024)'}
    ${'win10-22h2-jan-cumulative-cvrf'} | ${'KB5033372'} | ${'superseded by KB5034122'}
    ${'win10-22h2-jan-cumulative-cvrf'} | ${'KB5032189'} | ${'superseded by KB5033372, itself superseded by KB5034122'}
  `('$name needs no $kb: $why', ({ name, kb }) => {
    const fixedBy = findingsOf(name).map((f) => f.fixed);

    expect(findingsOf('win10-22h2-cvrf').map((f) => f.fixed)).toContain(kb);
    expect(fixedBy).not.toContain(kb);
  });

  it.each`
    name                 | advisory
    ${'ubi9-almalinux9'} | ${'ALSA-2024:0108'}
    ${'ubuntu2404-osv'}  | ${'USN-7095-1'}
    ${'ubuntu2404-osv'}  | ${'LSN-0108-1'}
  `('$name is not hit by $advisory (packages not installed)', ({ name, advisory }) => {
    expect(findingsOf(name).map((f) => f.advisory)).not.toContain(advisory);
  });
});
