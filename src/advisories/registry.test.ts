import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/index.js';
import { detectCompression, decompress } from './compression.js';
import { advisorySources, detectSource, getAdvisorySource, parseAdvisoryFile } from './registry.js';
import { readFixture } from './testing/golden.js';

const enc = new TextEncoder();
const alpine = readFixture(join(import.meta.dirname, 'alpine-secdb'), 'v3.16-main.json');

function xz(bytes: Uint8Array): Uint8Array {
  return spawnSync('xz', ['-c'], { input: bytes }).stdout;
}

describe('advisories/registry', () => {
  it('lists every source once, by id', () => {
    expect([...advisorySources.keys()].sort()).toEqual([
      'alpine-secdb',
      'csaf',
      'debian-security-support',
      'debian-tracker',
      'eol',
      'msrc-cvrf',
      'openvex',
      'osv',
      'oval',
      'ubuntu-usn',
    ]);
    expect(getAdvisorySource('osv').id).toBe('osv');
  });

  it('throws NOT_FOUND for an unknown source id', () => {
    expect(() => getAdvisorySource('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses input no source recognises', () => {
    expect(() => detectSource('x.txt', enc.encode('hello'))).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });

  it.each`
    kind      | pack
    ${'gzip'} | ${(b: Uint8Array) => gzipSync(b)}
    ${'xz'}   | ${xz}
    ${'none'} | ${(b: Uint8Array) => b}
  `('decompresses $kind, detects and parses', ({ kind, pack }) => {
    const bytes = (pack as (b: Uint8Array) => Uint8Array)(alpine);

    const out = parseAdvisoryFile({ name: 'main.json' + (kind === 'none' ? '' : '.x'), bytes });

    expect(detectCompression(bytes)).toBe(kind);
    expect([out.source, out.parserVersion, out.advisories.length]).toEqual(['alpine-secdb', 1, 2]);
  });

  it('reads the bz2 USN database by magic bytes and drops the suffix', () => {
    const raw = decompress({
      name: 'database-all.json.bz2',
      bytes: readFixture(join(import.meta.dirname, 'ubuntu-usn'), 'database-all.json.bz2'),
    });

    expect(raw.name).toBe('database-all.json');
    expect(detectSource(raw.name, raw.bytes).id).toBe('ubuntu-usn');
  });

  it.each`
    kind       | bytes
    ${'gzip'}  | ${Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3])}
    ${'bzip2'} | ${enc.encode('BZh91AY&SYgarbage')}
    ${'xz'}    | ${Uint8Array.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 9, 9])}
  `('reports a corrupt $kind stream as ADVISORY_INVALID', ({ bytes }) => {
    expect(() => decompress({ name: 'broken', bytes })).toThrow(AppError);
    expect(() => decompress({ name: 'broken', bytes })).toThrow(/broken/);
  });
});
