import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import type { AffectedPackage } from '../../domain/index.js';
import { decompress } from '../compression.js';
import { fixtureNames, goldenOf, readFixture, readGolden } from '../testing/golden.js';
import { parseOpenVex } from './parse.js';

const dir = import.meta.dirname;
const enc = new TextEncoder();

function parseFixture(name: string) {
  return parseOpenVex({ name, bytes: readFixture(dir, name) });
}

function parseJson(value: unknown) {
  return parseOpenVex({ name: 'inline.json', bytes: enc.encode(JSON.stringify(value)) });
}

const context = 'https://openvex.dev/ns/v0.2.0';
const statement = (status: string, ids: string[], extra: Record<string, unknown> = {}) => ({
  vulnerability: { name: 'CVE-2024-0001' },
  timestamp: '2024-02-01T00:00:00Z',
  products: ids.map((id) => ({ '@id': id })),
  status,
  ...extra,
});

describe('advisories/openvex/parse', () => {
  it.each(fixtureNames(dir))('matches the golden output for %s', (name) => {
    const outcome = parseFixture(name);

    expect(goldenOf(outcome)).toEqual(readGolden(dir, name, outcome));
  });

  // Hand-checked against CVE-2016-20013.json with jq.
  it('reads CVE-2016-20013: one advisory, will-not-fix and not-affected entries', () => {
    const outcome = parseFixture('CVE-2016-20013-excerpt.json');
    const a = outcome.advisories[0];
    const entries = (a?.affected ?? []) as AffectedPackage[];
    const dietlibcDev = entries.find(
      (e) => e.package === 'dietlibc-dev' && e.platform === 'ubuntu:14.04',
    );

    expect(outcome.advisories.map((x) => x.id)).toEqual(['CVE-2016-20013']);
    expect(outcome.diagnostics).toEqual([]);
    expect([a?.published, a?.modified]).toEqual([
      '2022-02-19T05:15:00.000Z',
      '2026-05-20T14:49:37.715Z',
    ]);
    expect(dietlibcDev).toEqual({
      kind: 'package',
      platform: 'ubuntu:14.04',
      package: 'dietlibc-dev',
      packageKind: 'binary',
      arch: ['amd64', 'armhf', 'i386', 'powerpc'],
      status: 'will-not-fix',
    });
    expect(
      entries.find(
        (e) =>
          e.package === 'zabbix' && e.packageKind === 'source' && e.platform === 'ubuntu:24.04',
      ),
    ).toEqual({
      kind: 'package',
      platform: 'ubuntu:24.04',
      package: 'zabbix',
      packageKind: 'source',
      status: 'not-affected',
    });
    expect(new Set(entries.map((e) => e.platform))).toEqual(
      new Set(['ubuntu:14.04', 'ubuntu:24.04']),
    );
  });

  it('reads the whole vendor file: 3,790 purls → 678 entries on six releases, nothing skipped', () => {
    const bytes = readFileSync(join(dir, '__full__', 'CVE-2016-20013.json.bz2'));
    const outcome = parseOpenVex(decompress({ name: 'CVE-2016-20013.json.bz2', bytes }));
    const entries = outcome.advisories.flatMap((a) => a.affected);

    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.advisories).toHaveLength(1);
    expect(entries).toHaveLength(678);
    expect(new Set(entries.map((e) => e.platform)).size).toBe(6);
  });

  it.each([
    ['fixed', {}, { status: 'fixed', fixed: '1.2-3ubuntu0.1' }],
    ['affected', {}, { status: 'no-fix-yet' }],
    ['affected', { action_statement: 'will not fix' }, { status: 'will-not-fix' }],
    ['under_investigation', {}, { status: 'no-fix-yet' }],
    ['not_affected', { justification: 'component_not_present' }, { status: 'not-affected' }],
  ])('status %s %j → %j', (status, extra, expected) => {
    const outcome = parseJson({
      '@context': context,
      statements: [
        statement(
          status,
          ['pkg:deb/ubuntu/foo@1.2-3ubuntu0.1?arch=source&distro=esm-apps/jammy'],
          extra,
        ),
      ],
    });

    expect(outcome.advisories[0]?.affected).toEqual([
      {
        kind: 'package',
        platform: 'ubuntu:22.04',
        package: 'foo',
        packageKind: 'source',
        ...expected,
      },
    ]);
  });

  it('reports products it cannot place and keeps the rest', () => {
    const outcome = parseJson({
      '@context': context,
      statements: [
        statement('fixed', [
          'pkg:rpm/redhat/foo@1-1?distro=rhel-9',
          'pkg:deb/ubuntu/foo?arch=source&distro=noble',
          'pkg:deb/debian/foo@2-1?arch=amd64&distro=bookworm',
          'pkg:deb/ubuntu/foo@1?distro=narnia',
        ]),
        { status: 'fixed' },
      ],
    });

    expect(outcome.advisories[0]?.affected).toEqual([
      {
        kind: 'package',
        platform: 'debian:12',
        package: 'foo',
        packageKind: 'binary',
        arch: ['amd64'],
        status: 'fixed',
        fixed: '2-1',
      },
    ]);
    expect(outcome.diagnostics.map((d) => d.location.pointer)).toEqual([
      '/statements/1/vulnerability',
      '/statements/0/products/0',
      '/statements/0/products/1',
      '/statements/0/products/3',
    ]);
  });

  it.each([
    ['[]'],
    ['{"statements": []}'],
    ['{"@context": "https://example.com", "statements": []}'],
  ])('rejects %s as a document', (text) => {
    expect(() => parseOpenVex({ name: 'bad', bytes: enc.encode(text) })).toThrow(AppError);
  });
});
