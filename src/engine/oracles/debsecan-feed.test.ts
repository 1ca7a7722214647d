import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Advisory, AffectedPackage } from '../../domain/advisory.js';
import {
  compressDebsecanFeed,
  findingPairs,
  parseDebsecanSimple,
  renderDebsecanFeed,
  vulnerabilityNames,
} from './debsecan-feed.js';

function advisory(id: string, cves: string[], ...affected: Partial<AffectedPackage>[]): Advisory {
  return {
    id,
    source: 'test',
    title: `${id}, a title\nover two lines`,
    severity: 'medium',
    cves,
    classification: 'security',
    affected: affected.map((e) => ({
      kind: 'package',
      platform: 'debian:12',
      package: 'openssl',
      packageKind: 'source',
      status: 'fixed',
      ...e,
    })),
  };
}

function sections(text: string): string[][] {
  return text
    .replace(/^VERSION 1\n/, '')
    .split('\n\n')
    .map((s) => s.split('\n').filter((l) => l !== ''));
}

describe('engine/oracles/debsecan-feed', () => {
  it('writes the three sections debsecan reads', () => {
    const advisories = [
      advisory('DSA-1', ['CVE-1', 'CVE-2'], { fixed: '3.0.11-1~deb12u2' }),
      advisory('DSA-2', ['CVE-2'], {
        package: 'libssl3',
        packageKind: 'binary',
        status: 'no-fix-yet',
      }),
    ];

    const { value, diagnostics } = renderDebsecanFeed(advisories, {
      platform: 'debian:12.5',
      binariesOf: new Map([['openssl', ['openssl', 'libssl3']]]),
    });

    expect(diagnostics.map((d) => d.location.record)).toEqual(['DSA-2/libssl3']);
    expect(value.startsWith('VERSION 1\n')).toBe(true);
    const [names, vulns, sources] = sections(value);
    expect(names).toEqual([
      'CVE-1,,DSA-1, a title over two lines',
      'CVE-2,,DSA-1, a title over two lines',
    ]);
    expect(vulns).toEqual([
      'openssl,0,SM?F,3.0.11-1~deb12u2,',
      'openssl,1,SM?F,3.0.11-1~deb12u2,',
      'libssl3,1,BM? ,,',
    ]);
    expect(sources).toEqual(['openssl,openssl libssl3']);
  });

  it.each`
    status            | fixed        | line
    ${'fixed'}        | ${'1.2-3'}   | ${'p,0,SM?F,1.2-3,'}
    ${'no-fix-yet'}   | ${undefined} | ${'p,0,SM? ,,'}
    ${'will-not-fix'} | ${undefined} | ${'p,0,SM? ,,'}
  `('renders a $status entry as "$line"', ({ status, fixed, line }) => {
    const a = advisory('A', ['X'], { package: 'p', status, ...(fixed && { fixed }) });

    const [, vulns] = sections(renderDebsecanFeed([a], { platform: 'debian:12' }).value);

    expect(vulns).toEqual([line]);
  });

  it.each`
    case                  | entry                                      | message
    ${'a lower bound'}    | ${{ introduced: '1.0-1', fixed: '1.2-1' }} | ${/introduced bound 1.0-1/}
    ${'an arch list'}     | ${{ arch: ['amd64'], fixed: '1.2-1' }}     | ${/architecture restriction amd64/}
    ${'no fixed version'} | ${{}}                                      | ${/fixed without a version/}
  `('leaves out an entry with $case and says so', ({ entry, message }) => {
    const out = renderDebsecanFeed([advisory('A', ['X'], entry)], { platform: 'debian:12' });

    expect(sections(out.value)[1]).toEqual([]);
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]!.message).toMatch(message);
    expect(out.diagnostics[0]!.location.record).toBe('A/openssl');
  });

  it('keeps only the requested stream and drops not-affected entries', () => {
    const a = advisory(
      'A',
      ['X'],
      { platform: 'debian:11', fixed: '1-1' },
      { package: 'curl', status: 'not-affected' },
      { package: 'zlib', fixed: '1:1.2-1' },
    );

    const [names, vulns] = sections(renderDebsecanFeed([a], { platform: 'debian:12' }).value);

    expect(names).toHaveLength(1);
    expect(vulns).toEqual(['zlib,0,SM?F,1:1.2-1,']);
  });

  it('reports binary entries debsecan would never read', () => {
    const advisories = [
      advisory('A', ['X'], { fixed: '3.0.11-1' }),
      advisory('B', ['Y'], { package: 'libssl3', packageKind: 'binary', fixed: '3.0.11-1' }),
      advisory('C', ['Z'], { package: 'zlib1g', packageKind: 'binary', fixed: '1:1.3-1' }),
      advisory('D', ['W'], { package: 'libcap2', packageKind: 'binary', fixed: '1:2.66-5' }),
    ];
    const binariesOf = new Map([
      ['openssl', ['openssl', 'libssl3']],
      ['zlib', ['zlib1g']],
      ['libcap2', ['libcap2', 'libcap2-bin']],
    ]);

    const out = renderDebsecanFeed(advisories, { platform: 'debian:12', binariesOf });

    expect(out.diagnostics.map((d) => d.location.record)).toEqual(['B/libssl3', 'D/libcap2']);
    expect(out.diagnostics[1]!.message).toMatch(/applies the entry to libcap2-bin/);
  });

  it('uses the advisory id when it names no CVE', () => {
    expect(vulnerabilityNames(advisory('DSA-9', []))).toEqual(['DSA-9']);
  });

  it('compresses with zlib as debsecan expects', () => {
    const bytes = compressDebsecanFeed('VERSION 1\n');

    expect(inflateSync(bytes).toString('utf8')).toBe('VERSION 1\n');
  });

  it('pairs debsecan output and engine findings under the same keys', () => {
    const oracle = parseDebsecanSimple('CVE-1 libssl3\nDSA-9 perl\n\n');

    const engine = findingPairs([
      { package: 'libssl3', cves: ['CVE-1'], advisory: 'DSA-1' },
      { package: 'perl', cves: [], advisory: 'DSA-9' },
    ]);

    expect([...oracle].sort()).toEqual(['libssl3\tCVE-1', 'perl\tDSA-9']);
    expect(engine).toEqual(oracle);
  });
});
