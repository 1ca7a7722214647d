import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/golden.js';
import { bundledLifecycle } from './bundled.js';
import { eolAdvisoryId, parseEol, publicEnd, readLifecycle } from './parse.js';

const enc = new TextEncoder();
const raw = (name: string, value: unknown) => ({
  name,
  bytes: enc.encode(typeof value === 'string' ? value : JSON.stringify(value)),
});
const table = (entries: unknown[]) => ({
  format: 'patchline-eol',
  version: 3,
  updated: '2026-11-20',
  entries,
});
const centos7 = {
  stream: 'centos:7',
  name: 'CentOS Linux 7',
  standardEnd: '2024-06-30',
  source: 'https://www.redhat.com/en/topics/linux/centos-linux-eol',
};

describe('advisories/eol/parse', () => {
  it('reads the bundled table: every stream once, each with a source', () => {
    const life = bundledLifecycle();

    expect(life.diagnostics).toEqual([]);
    expect(life.version).toBeGreaterThan(0);
    expect(new Set(life.entries.map((e) => e.stream)).size).toBe(life.entries.length);
    expect(life.entries.find((e) => e.stream === 'centos:7')?.standardEnd).toBe('2024-06-30');
  });

  it.each`
    stream                | advisory                  | end
    ${'centos:7'}         | ${'EOL-centos-7'}         | ${'2024-06-30'}
    ${'debian:10'}        | ${'EOL-debian-10'}        | ${'2024-06-30'}
    ${'ubuntu:18.04'}     | ${'EOL-ubuntu-18.04'}     | ${'2023-05-31'}
    ${'windows:6.3.9600'} | ${'EOL-windows-6.3.9600'} | ${'2023-10-10'}
    ${'alpine:3.16'}      | ${'EOL-alpine-3.16'}      | ${'2024-05-23'}
    ${'rhel:7'}           | ${'EOL-rhel-7'}           | ${'2024-06-30'}
  `(
    'publishes $advisory on $end, when public support for $stream ended',
    ({ stream, advisory, end }) => {
      const entry = bundledLifecycle().entries.find((e) => e.stream === stream)!;

      expect([eolAdvisoryId(stream), publicEnd(entry)]).toEqual([advisory, end]);
    },
  );

  it('turns each entry into an advisory with no affected entries, citing its sources', () => {
    const out = parseEol(raw('eol.json', table([centos7])));

    expect(out).toEqual({
      advisories: [
        {
          id: 'EOL-centos-7',
          source: 'eol',
          title: 'CentOS Linux 7: end of support',
          published: '2024-07-01T00:00:00.000Z',
          modified: '2026-11-20T00:00:00Z',
          severity: 'high',
          cves: [],
          classification: 'security',
          affected: [],
          references: [centos7.source],
        },
      ],
      diagnostics: [],
    });
  });

  it.each`
    entry                                           | pointer                     | message
    ${{ ...centos7, standardEnd: '30.06.2024' }}    | ${'/entries/1/standardEnd'} | ${'date'}
    ${{ ...centos7, stream: 'CentOS 7' }}           | ${'/entries/1/stream'}      | ${'stream like centos:7'}
    ${{ ...centos7, source: 'http://example.com' }} | ${'/entries/1/source'}      | ${''}
    ${{ ...centos7, extra: 1 }}                     | ${'/entries/1'}             | ${'extra'}
    ${centos7}                                      | ${'/entries/1'}             | ${'listed twice'}
  `('skips a bad entry at $pointer and keeps the rest', ({ entry, pointer, message }) => {
    const life = readLifecycle(raw('eol.json', table([centos7, entry])));

    expect(life.entries).toEqual([centos7]);
    expect(life.diagnostics).toHaveLength(1);
    expect(life.diagnostics[0]).toMatchObject({
      severity: 'error',
      location: { file: 'eol.json', pointer },
    });
    expect(life.diagnostics[0]?.message).toContain(message);
  });

  it.each`
    doc                                                                    | why
    ${'{'}                                                                 | ${'not valid JSON'}
    ${{ format: 'other', version: 1, updated: '2026-01-01', entries: [] }} | ${'/format'}
    ${{ ...table([]), version: 0 }}                                        | ${'/version'}
  `('refuses a document that is no lifecycle table ($why)', ({ doc, why }) => {
    expect(() => readLifecycle(raw('eol.json', doc))).toThrow(
      expect.objectContaining({ code: 'ADVISORY_INVALID', message: expect.stringContaining(why) }),
    );
  });

  it('reads an endoflife.date product document, skipping cycles with no end date', () => {
    const name = 'endoflife-ubuntu.json';
    const bytes = readFixture(import.meta.dirname, name);

    const life = readLifecycle({ name, bytes });

    expect(life.entries).toEqual([
      {
        stream: 'ubuntu:24.04',
        name: 'ubuntu 24.04',
        standardEnd: '2029-05-31',
        extended: { program: 'ESM', end: '2034-04-25', subscription: true },
        source: 'https://endoflife.date/ubuntu',
      },
      {
        stream: 'ubuntu:18.04',
        name: 'ubuntu 18.04',
        standardEnd: '2023-05-31',
        extended: { program: 'ESM', end: '2028-04-01', subscription: true },
        source: 'https://endoflife.date/ubuntu',
      },
    ]);
    expect(life.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        location: expect.objectContaining({ pointer: '/2' }),
      }),
    ]);
  });

  it.each`
    product             | cycle        | stream
    ${'windows-server'} | ${'2012-r2'} | ${'windows:6.3.9600'}
    ${'windows-server'} | ${'2022'}    | ${'windows:10.0.20348'}
    ${'rocky-linux'}    | ${'9'}       | ${'rocky:9'}
    ${'amazon-linux'}   | ${'2023'}    | ${'amzn:2023'}
  `('maps endoflife.date $product $cycle to $stream', ({ product, cycle, stream }) => {
    const life = readLifecycle(raw(`endoflife-${product}.json`, [{ cycle, eol: '2030-01-01' }]));

    expect(life.entries.map((e) => e.stream)).toEqual([stream]);
  });

  it('refuses an endoflife.date document of a product it does not map', () => {
    expect(() => readLifecycle(raw('endoflife-python.json', []))).toThrow(
      expect.objectContaining({
        code: 'ADVISORY_INVALID',
        location: { file: 'endoflife-python.json' },
      }),
    );
  });
});
