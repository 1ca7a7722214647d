import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import { fixtureNames, goldenOf, readFixture, readGolden } from '../testing/golden.js';
import { parseDebianTracker } from './parse.js';

const dir = import.meta.dirname;
const enc = new TextEncoder();

function parseFixture(name: string) {
  return parseDebianTracker({ name, bytes: readFixture(dir, name) });
}

function parseText(text: string) {
  return parseDebianTracker({ name: 'inline', bytes: enc.encode(text) });
}

describe('advisories/debian-tracker/parse', () => {
  it.each(fixtureNames(dir))('matches the golden output for %s', (name) => {
    const outcome = parseFixture(name);

    expect(goldenOf(outcome)).toEqual(readGolden(dir, name, outcome));
  });

  it('parses the whole DSA list: 5406 advisories, no diagnostics', () => {
    const outcome = parseFixture('DSA-list.txt');

    expect(outcome.advisories).toHaveLength(5406);
    expect(outcome.diagnostics).toHaveLength(0);
  });

  // Hand-checked against DSA-list.txt lines 10470-10473 and 3886.
  it('reads a DSA with a fixed release and a <not-affected> release', () => {
    const a = parseFixture('DSA-list.txt').advisories.find((x) => x.id === 'DSA-2275-1');

    expect(a).toEqual({
      id: 'DSA-2275-1',
      source: 'debian-tracker',
      title: 'openoffice.org - buffer overflow',
      published: '2011-07-07',
      severity: 'medium',
      cves: ['CVE-2011-2685'],
      classification: 'security',
      affected: [
        {
          kind: 'package',
          platform: 'debian:6',
          package: 'openoffice.org',
          packageKind: 'source',
          status: 'fixed',
          fixed: '1:3.2.1-11+squeeze3',
        },
        {
          kind: 'package',
          platform: 'debian:5',
          package: 'openoffice.org',
          packageKind: 'source',
          status: 'not-affected',
        },
      ],
    });
  });

  it('keeps an announcement without packages (DSA-4205-1)', () => {
    const a = parseFixture('DSA-list.txt').advisories.find((x) => x.id === 'DSA-4205-1');

    expect([a?.title, a?.affected, a?.cves]).toEqual(['jessie end-of-life', [], []]);
  });

  it.each`
    cve                 | release        | status            | fixed
    ${'CVE-2012-0833'}  | ${'debian:11'} | ${'not-affected'} | ${undefined}
    ${'CVE-2016-5405'}  | ${'debian:11'} | ${'fixed'}        | ${'1.3.5.15-1'}
    ${'CVE-2022-0456'}  | ${'debian:10'} | ${'will-not-fix'} | ${undefined}
    ${'CVE-2025-53603'} | ${'debian:13'} | ${'fixed'}        | ${'5.12.1-2'}
  `('tracker JSON: $cve on $release is $status', ({ cve, release, status, fixed }) => {
    const all = [
      ...parseFixture('tracker-json-sample-vuls.json').advisories,
      ...parseFixture('tracker-json-sample-vunnel.json').advisories,
    ];

    const entry = all.find((a) => a.id === cve)?.affected.find((e) => e.platform === release);

    expect(entry?.status).toBe(status);
    expect(entry && 'fixed' in entry ? entry.fixed : undefined).toBe(fixed);
  });

  it('maps urgency to severity: high** → high, unimportant → none', () => {
    const all = parseFixture('tracker-json-sample-vunnel.json').advisories;

    expect(all.find((a) => a.id === 'CVE-2008-7220')?.severity).toBe('high');
    expect(all.find((a) => a.id === 'CVE-2007-2383')?.severity).toBe('none');
  });

  it('reports bad lines and headers with their line numbers and keeps the rest', () => {
    const outcome = parseText(
      [
        '[01 Jan 2024] DSA-1-1 foo - security update',
        '\t{CVE-2024-0001}',
        '\t[bookworm] - foo 1.0-1+deb12u1',
        '\tgarbage here',
        '\t[narnia] - foo 1.0',
        '[99 Foo 2024] DSA-2-1 bar - broken header',
        '\t[bookworm] - bar 2.0',
        '[02 Jan 2024] DSA-3-1 baz - security update',
        '\t[bookworm] - baz <unfixed>',
      ].join('\n'),
    );

    expect(outcome.advisories.map((a) => [a.id, a.affected.length])).toEqual([
      ['DSA-1-1', 1],
      ['DSA-3-1', 1],
    ]);
    expect(outcome.diagnostics.map((d) => [d.severity, d.location.line])).toEqual([
      ['error', 4],
      ['warning', 5],
      ['error', 6],
    ]);
  });

  it.each`
    line                                   | message
    ${'\t[bookworm] - foo <weird>'}        | ${'unknown tag <weird> skipped'}
    ${'\t[bookworm] - foo'}                | ${'release line without a fixed version skipped'}
    ${'\t[bookworm] - foo (bug #1; high)'} | ${'release line without a fixed version skipped'}
  `('reports "$line": $message', ({ line, message }) => {
    const outcome = parseText(`[01 Jan 2024] DSA-1-1 foo - security update\n${line}`);

    expect(outcome.advisories[0]?.affected).toEqual([]);
    expect(outcome.diagnostics.map((d) => [d.message, d.location.record])).toEqual([
      [`debian-tracker: ${message}`, 'DSA-1-1'],
    ]);
  });

  it('reads severity words from old list notes', () => {
    const outcome = parseText(
      '[01 Jan 2005] DSA-9-1 foo - bug\n\t[sarge] - foo 1.0-1sarge1 (bug #1; high)',
    );

    expect([outcome.advisories[0]?.severity, outcome.advisories[0]?.vendorSeverity]).toEqual([
      'high',
      'high',
    ]);
  });

  it('reports an unknown release codename in tracker JSON', () => {
    const outcome = parseText(
      JSON.stringify({ foo: { 'CVE-2024-1': { releases: { narnia: { status: 'open' } } } } }),
    );

    expect(outcome.diagnostics.map((d) => [d.severity, d.location.pointer])).toEqual([
      ['warning', '/foo/CVE-2024-1/releases/narnia'],
    ]);
  });

  it('reports a malformed tracker record by JSON pointer', () => {
    const outcome = parseText(
      JSON.stringify({
        foo: {
          'CVE-2024-1': { releases: { bookworm: { status: 'resolved', fixed_version: '1.0' } } },
          'CVE-2024-2': { releases: { bookworm: { status: 'weird' } } },
        },
      }),
    );

    expect(outcome.advisories.map((a) => a.id)).toEqual(['CVE-2024-1', 'CVE-2024-2']);
    expect(outcome.diagnostics[0]?.location.pointer).toBe(
      '/foo/CVE-2024-2/releases/bookworm/status',
    );
  });

  it.each([['{"foo": '], ['just some text'], ['[1,2]']])('rejects %s as a document', (text) => {
    expect(() => parseText(text)).toThrow(AppError);
  });
});
