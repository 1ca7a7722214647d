import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parsePayload } from './payload.js';
import { writeZip } from './testing/zip-writer.js';

const fixtures = join(import.meta.dirname, '__fixtures__');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));

describe('advisories/fetch/payload', () => {
  it('parses each record of an OSV all.zip as a document', () => {
    const r = parsePayload({ name: 'all.zip', bytes: read('AlmaLinux-all.zip') }, 'u', 'osv');

    expect(r).toMatchObject({ documents: 6, failedDocuments: 0, diagnostics: [] });
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]?.advisories.map((a) => a.id)).toContain('ALSA-2024:0310');
  });

  it('rejects a malformed record alone, located inside the archive', () => {
    const r = parsePayload({ name: 'all.zip', bytes: read('Debian-all-damaged-entry.zip') }, 'u');

    expect(r).toMatchObject({ documents: 4, failedDocuments: 1 });
    expect(r.groups[0]?.advisories).toHaveLength(3);
    expect(r.diagnostics).toMatchObject([
      { severity: 'error', location: { file: 'u!DSA-135-truncated.json' } },
    ]);
  });

  it.each([
    ['gzip', gzipSync(read('v3.16-main.json')), 'alpine-secdb', 0],
    ['bzip2', read('database-all.json.bz2'), 'ubuntu-usn', 0],
    ['a broken gzip stream', gzipSync(read('v3.16-main.json')).subarray(0, 40), null, 1],
    ['an unknown format', new TextEncoder().encode('hello'), null, 1],
  ])('reads %s', (_what, bytes, source, failed) => {
    const r = parsePayload({ name: 'doc', bytes }, 'https://example.test/doc');

    expect(r.failedDocuments).toBe(failed);
    expect(r.groups[0]?.source ?? null).toBe(source);
    if (failed > 0) expect(r.diagnostics[0]?.message).toMatch(/^document rejected: /);
  });

  it('locates a truncated MSRC CVRF document where it ends, not at line 1', () => {
    const xml = gunzipSync(read('cvrf-2024-Mar.xml.gz'));
    const cut = xml.subarray(0, Math.floor(xml.length / 2));
    const lines = cut.toString('utf8').split('\n').length;

    const r = parsePayload({ name: 'cvrf-2024-Mar.xml', bytes: cut }, 'u', 'msrc-cvrf');

    expect(lines).toBeGreaterThan(100);
    expect(r.diagnostics).toMatchObject([
      { severity: 'error', location: { file: 'u', line: lines } },
    ]);
    expect(r.diagnostics[0]?.message).toMatch(`line ${lines}`);
  });

  describe('decompression bombs', () => {
    const MiB = 1024 * 1024;
    const zeros = new Uint8Array(16 * MiB);
    const tool = (name: string): Uint8Array =>
      new Uint8Array(spawnSync(name, ['-c'], { input: zeros, maxBuffer: MiB }).stdout);
    const limits = { maxBytes: MiB, setting: 'PATCHLINE_FEED_MAX_BYTES' };

    it.each([
      ['gzip', gzipSync(zeros), 'doc.json.gz'],
      ['bzip2', tool('bzip2'), 'doc.json.bz2'],
      ['xz', tool('xz'), 'doc.json.xz'],
      ['a zip entry', writeZip([{ name: 'a.json', bytes: zeros }]), 'all.zip!a.json'],
      [
        'a zip entry lying about its size',
        writeZip([{ name: 'a.json', bytes: zeros, declaredSize: 0 }]),
        'all.zip!a.json',
      ],
    ])('stops %s at the limit and says how to raise it', (_what, bytes, file) => {
      expect(bytes.length).toBeLessThan(MiB); // a bomb: small in, 16 MiB out

      const r = parsePayload({ name: file.split('!')[0]!, bytes }, 'u', 'osv', limits);

      expect(r).toMatchObject({ documents: 1, failedDocuments: 1, groups: [] });
      expect(r.diagnostics[0]?.message).toMatch(
        /expands beyond the limit of 1048576 bytes .*; raise PATCHLINE_FEED_MAX_BYTES to accept it$/,
      );
      expect(r.diagnostics[0]?.location.file).toBe(file.includes('!') ? `u!a.json` : 'u');
    });

    it('bounds all the entries of an archive together', () => {
      const piece = new TextEncoder().encode(' '.repeat(MiB / 2 + 1));
      const zip = writeZip([1, 2, 3].map((i) => ({ name: `${i}.json`, bytes: piece })));

      const r = parsePayload({ name: 'all.zip', bytes: zip }, 'u', 'osv', limits);

      // 1.json is read (and rejected on its own: blanks are no JSON); 2.json passes the limit.
      expect(r.diagnostics).toMatchObject([
        { location: { file: 'u!1.json' }, message: expect.stringMatching(/not valid JSON/) },
        {
          location: { file: 'u' },
          message: expect.stringMatching(/all\.zip expands beyond the limit of 1048576 bytes/),
        },
      ]);
      expect(r.documents).toBe(2);
    });
  });
});
