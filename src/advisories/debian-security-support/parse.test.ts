import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import { fixtureNames, goldenOf, readFixture, readGolden } from '../testing/golden.js';
import { parseDebianSecuritySupport } from './parse.js';

const dir = import.meta.dirname;
const enc = new TextEncoder();

function parseFixture(name: string) {
  return parseDebianSecuritySupport({ name, bytes: readFixture(dir, name) });
}

function parseText(name: string, text: string) {
  return parseDebianSecuritySupport({ name, bytes: enc.encode(text) });
}

const header = [
  '',
  '# List of packages whose security support ends before the distribution EOL',
  '',
  '# File format: Columns, separated by one or more space characters',
  '',
].join('\n');

describe('advisories/debian-security-support/parse', () => {
  it.each(fixtureNames(dir))('matches the golden output for %s', (name) => {
    const outcome = parseFixture(name);

    expect(goldenOf(outcome)).toEqual(readGolden(dir, name, outcome));
  });

  // Non-comment lines of each file (grep -cv), less its pattern lines (warnings).
  it.each`
    file                              | advisories | patterns
    ${'security-support-ended.deb9'}  | ${20}      | ${1}
    ${'security-support-ended.deb10'} | ${8}       | ${0}
    ${'security-support-ended.deb12'} | ${15}      | ${1}
    ${'security-support-limited'}     | ${30}      | ${2}
  `('reads $advisories entries of $file', ({ file, advisories, patterns }) => {
    const outcome = parseFixture(file);

    expect(outcome.advisories).toHaveLength(advisories);
    expect(outcome.diagnostics.filter((d) => d.severity === 'warning')).toHaveLength(patterns);
    expect(outcome.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  // Hand-checked against the raw lines.
  it.each`
    file                              | id                                  | pkg               | platform       | published       | title
    ${'security-support-ended.deb12'} | ${'DSS-debian-12-wpewebkit'}        | ${'wpewebkit'}    | ${'debian:12'} | ${'2023-05-09'} | ${'wpewebkit: security support ended 2023-05-09 (last supported version 2.38.6-1): https://bugs.debian.org/1035794'}
    ${'security-support-ended.deb12'} | ${'DSS-debian-12-suricata'}         | ${'suricata'}     | ${'debian:12'} | ${'2026-04-30'} | ${'suricata: security support ended 2026-04-30 (last supported version 1:6.0.10-1): Upstream security support ended in Aug 2024 and backporting fixes is now unfeasible. See: https://bugs.debian.org/1134367'}
    ${'security-support-ended.deb9'}  | ${'DSS-debian-9-nasm-mozilla'}      | ${'nasm-mozilla'} | ${'debian:9'}  | ${'2019-01-01'} | ${'nasm-mozilla: security support ended 2019-01-01: Only provided as build dependency for Firefox/Thunderbird >= 68'}
    ${'security-support-ended.deb10'} | ${'DSS-debian-10-pluxml'}           | ${'pluxml'}       | ${'debian:10'} | ${'2023-05-06'} | ${'pluxml: security support ended 2023-05-06 (last supported version 5.6-1): Removed from Debian. No upstream response to CVE.'}
    ${'security-support-limited'}     | ${'DSS-limited-debian-12-binutils'} | ${'binutils'}     | ${'debian:12'} | ${undefined}    | ${'binutils: limited security support: Only suitable for trusted content; see https://lists.debian.org/msgid-search/87lfqsomtg.fsf@mid.deneb.enyo.de'}
  `('reads $id', ({ file, id, pkg, platform, published, title }) => {
    const a = parseFixture(file).advisories.find((x) => x.id === id);

    expect(a?.title).toBe(title);
    expect(a?.published).toBe(published);
    expect(a?.severity).toBe('medium');
    expect(a?.cves).toEqual([]);
    expect(a?.affected).toEqual([
      {
        kind: 'package',
        platform,
        package: pkg,
        packageKind: 'source',
        status: 'will-not-fix',
      },
    ]);
  });

  it('reads the header-only deb11 list as no entries', () => {
    const text = `${header}\n# none yet (please remove this line once this is not true anymore)\n`;

    expect(parseText('security-support-ended.deb11', text)).toEqual({
      advisories: [],
      diagnostics: [],
    });
  });

  it('reports bad lines with their line number and keeps the good ones', () => {
    const outcome = parseText(
      'security-support-ended.deb12',
      [
        header,
        'good\t1.0-1\t\t2025-01-02\thttps://example.org/a, more',
        'Bad_Name 1.0 2025-01-02',
        'nover',
        'baddate 1.0-1 2025-02-30',
        'node-.* 0 2020-02-20 pattern',
        'good 2.0-1 2026-01-01 again',
        `long ${'x'.repeat(5000)}`,
      ].join('\n'),
    );

    expect(outcome.advisories.map((a) => [a.id, a.references])).toEqual([
      ['DSS-debian-12-good', ['https://example.org/a']],
    ]);
    expect(outcome.diagnostics.map((d) => [d.severity, d.location.line])).toEqual([
      ['error', 7],
      ['error', 8],
      ['error', 9],
      ['warning', 10],
      ['warning', 11],
      ['error', 12],
    ]);
  });

  it.each([
    ['notes.txt', 'hello world\n'],
    ['ended.txt', header],
    ['security-support-ended.deb12', '\uFFFE\u0000'.repeat(4) + '\n'.repeat(100_001)],
  ])('rejects %s as a document', (name, text) => {
    expect(() => parseText(name, text)).toThrow(AppError);
  });
});
