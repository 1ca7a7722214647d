import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import { fixtureNames, goldenOf, readFixture, readGolden } from '../testing/golden.js';
import { parseCsaf } from './parse.js';

const dir = import.meta.dirname;
const enc = new TextEncoder();

function parseFixture(name: string) {
  return parseCsaf({ name, bytes: readFixture(dir, name) });
}

describe('advisories/csaf/parse', () => {
  it.each(fixtureNames(dir))('matches the golden output for %s', (name) => {
    const outcome = parseFixture(name);

    expect(goldenOf(outcome)).toEqual(readGolden(dir, name, outcome));
  });

  // Hand-checked against cve-2023-6228.json: vendor_fix for RHEL 9 (libtiff-0:4.4.0-12.el9),
  // no_fix_planned for RHEL 6/7 and RHEL 8 compat-libtiff3, none_available for RHEL 8 libtiff.
  it.each`
    platform    | pkg                  | kind        | status            | fixed
    ${'rhel:9'} | ${'libtiff'}         | ${'binary'} | ${'fixed'}        | ${'4.4.0-12.el9'}
    ${'rhel:9'} | ${'libtiff'}         | ${'source'} | ${'fixed'}        | ${'4.4.0-12.el9'}
    ${'rhel:8'} | ${'libtiff'}         | ${'source'} | ${'no-fix-yet'}   | ${undefined}
    ${'rhel:8'} | ${'compat-libtiff3'} | ${'source'} | ${'will-not-fix'} | ${undefined}
    ${'rhel:6'} | ${'libtiff'}         | ${'source'} | ${'will-not-fix'} | ${undefined}
  `(
    'VEX CVE-2023-6228: $pkg ($kind) on $platform is $status',
    ({ platform, pkg, kind, status, fixed }) => {
      const [a] = parseFixture('cve-2023-6228.json').advisories;

      const entry = a?.affected.find(
        (e) =>
          e.kind === 'package' &&
          e.platform === platform &&
          e.package === pkg &&
          e.packageKind === kind,
      );

      expect(entry?.status).toBe(status);
      expect(entry && 'fixed' in entry ? entry.fixed : undefined).toBe(fixed);
    },
  );

  it('reads an RHSA: id, severity, CVSS, epoch-less fixed versions, arch lists, EUS-style streams', () => {
    const [a] = parseFixture('rhsa-2023_7434.json').advisories;

    expect(a?.id).toBe('RHSA-2023:7434');
    expect([a?.vendorSeverity, a?.severity, a?.rebootHint]).toEqual(['Important', 'high', true]);
    expect(a?.affected).toContainEqual({
      kind: 'package',
      platform: 'rhel:8.2-aus',
      package: 'bpftool',
      packageKind: 'binary',
      arch: ['x86_64'],
      status: 'fixed',
      fixed: '4.18.0-193.119.1.el8_2',
    });
    expect(a?.affected).toContainEqual(
      expect.objectContaining({
        package: 'kernel-headers',
        platform: 'rhel:8.2-e4s',
        status: 'not-affected',
      }),
    );
  });

  it('keeps a non-zero epoch and classifies RHEA/RHBA', () => {
    const [rhea] = parseFixture('rhea-2025_2418.json').advisories;
    const [rhba] = parseFixture('rhba-2024_11505.json').advisories;

    expect(rhea?.classification).toBe('enhancement');
    expect(rhea?.affected[0]).toEqual(
      expect.objectContaining({ package: 'microcode_ctl', fixed: '4:20230808-2.20250211.1.el9_4' }),
    );
    expect(rhba?.classification).toBe('bugfix');
  });

  it('skips layered products (OpenStack) with one warning', () => {
    const outcome = parseFixture('rhsa-2023_7438.json');

    expect(outcome.advisories[0]?.affected).toEqual([]);
    expect(outcome.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['warning', 'csaf: 4 product entries on layered or non-RHEL platforms skipped'],
    ]);
  });

  it.each([['{}'], ['{"document": {"csaf_version": "1.0"}}'], ['[']])(
    'rejects %s as a document',
    (text) => {
      expect(() => parseCsaf({ name: 'bad.json', bytes: enc.encode(text) })).toThrow(AppError);
    },
  );
  describe('a document whose vulnerabilities have not the CSAF shape is rejected, not stored', () => {
    const base = JSON.parse(
      new TextDecoder().decode(readFixture(dir, 'rhsa-2023_7438.json')),
    ) as Record<string, unknown>;
    it.each([
      ['an object instead of a list', {}],
      ['entries that are not objects', [1, 'x']],
      ['entries of the wrong field types', [{ cve: 7, product_status: 'fixed' }]],
    ])('%s', (_what, vulnerabilities) => {
      const bytes = enc.encode(JSON.stringify({ ...base, vulnerabilities }));
      const outcome = parseCsaf({ name: 'bad.json', bytes });

      expect(outcome.advisories).toEqual([]);
      expect(
        outcome.diagnostics.some(
          (d) => d.severity === 'error' && d.location.pointer === '/vulnerabilities',
        ),
      ).toBe(true);
    });

    it('an empty list is a document with nothing to say, kept', () => {
      const bytes = enc.encode(JSON.stringify({ ...base, vulnerabilities: [] }));

      expect(parseCsaf({ name: 'empty.json', bytes }).advisories).toHaveLength(1);
    });
  });
});
