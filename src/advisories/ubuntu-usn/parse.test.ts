import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import { decompress } from '../compression.js';
import { fixtureNames, goldenOf, readFixture, readGolden } from '../testing/golden.js';
import { parseUsnDatabase } from './parse.js';

const dir = import.meta.dirname;
const enc = new TextEncoder();

function parseFixture(name: string) {
  return parseUsnDatabase(decompress({ name, bytes: readFixture(dir, name) }));
}

function parseJson(value: unknown) {
  return parseUsnDatabase({ name: 'inline.json', bytes: enc.encode(JSON.stringify(value)) });
}

describe('advisories/ubuntu-usn/parse', () => {
  it.each(fixtureNames(dir))('matches the golden output for %s', (name) => {
    const outcome = parseFixture(name);

    expect(goldenOf(outcome)).toEqual(readGolden(dir, name, outcome));
  });

  // Hand-checked against the decompressed database-all.json, notice "4011-1".
  it('reads USN-4011-1: binaries and sources per release, CVEs, timestamp', () => {
    const a = parseFixture('database-all.json.bz2').advisories.find((x) => x.id === 'USN-4011-1');

    expect(a?.title).toBe('Jinja2 vulnerabilities');
    expect(a?.published).toBe('2019-06-06T11:14:04.967Z');
    expect(a?.cves).toEqual(['CVE-2016-10745', 'CVE-2019-10906']);
    expect(a?.rebootHint).toBeUndefined();
    expect(a?.affected).toContainEqual({
      kind: 'package',
      platform: 'ubuntu:16.04',
      package: 'python3-jinja2',
      packageKind: 'binary',
      status: 'fixed',
      fixed: '2.8-1ubuntu0.1',
    });
    expect(a?.affected).toContainEqual({
      kind: 'package',
      platform: 'ubuntu:16.04',
      package: 'jinja2',
      packageKind: 'source',
      status: 'fixed',
      fixed: '2.8-1ubuntu0.1',
    });
    expect(new Set(a?.affected.map((e) => e.platform))).toEqual(
      new Set(['ubuntu:16.04', 'ubuntu:18.04', 'ubuntu:18.10', 'ubuntu:19.04']),
    );
  });

  it('sets the reboot hint for kernel notices', () => {
    const a = parseFixture('database-all.json.bz2').advisories.find((x) => x.id === 'USN-6342-1');

    expect(a?.rebootHint).toBe(true);
  });

  it('skips a notice without a timestamp and an unknown release, keeping the rest', () => {
    const outcome = parseJson({
      '1-1': { releases: {} },
      '2-1': {
        timestamp: 1,
        cves: ['CVE-2024-0001', 'https://launchpad.net/bugs/1'],
        releases: { narnia: {}, noble: { sources: { foo: { version: '1.0' } } } },
      },
    });

    expect(outcome.advisories.map((a) => [a.id, a.cves, a.affected.length])).toEqual([
      ['USN-2-1', ['CVE-2024-0001'], 1],
    ]);
    expect(outcome.diagnostics.map((d) => d.location.pointer)).toEqual([
      '/1-1/timestamp',
      '/2-1/releases/narnia',
    ]);
  });

  it.each([['[]'], ['nope'], ['"x"']])('rejects %s as a document', (text) => {
    expect(() => parseUsnDatabase({ name: 'bad', bytes: enc.encode(text) })).toThrow(AppError);
  });
});
