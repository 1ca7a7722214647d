import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parsePayload } from './payload.js';

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
});
