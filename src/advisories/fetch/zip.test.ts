import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isZip, zipEntries } from './zip.js';

const fixtures = join(import.meta.dirname, '__fixtures__');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));

describe('advisories/fetch/zip', () => {
  it('lists and inflates every entry of a deflated archive', () => {
    const entries = zipEntries({ name: 'Debian-all.zip', bytes: read('Debian-all.zip') });

    expect(entries.map((e) => e.name)).toEqual([
      'DSA-135.json',
      'DLA-0001-1.json',
      'DTSA-1-1.json',
    ]);
    const first = JSON.parse(new TextDecoder().decode(entries[0]!.read())) as { id: string };
    expect(first.id).toBe('DSA-135');
  });

  it.each([
    ['not a zip', new TextEncoder().encode('{"id":"DSA-1"}'), false],
    ['a zip', read('Debian-all.zip'), true],
  ])('isZip(%s)', (_what, bytes, expected) => {
    expect(isZip(bytes)).toBe(expected);
  });

  it('refuses an archive without its central directory', () => {
    const cut = read('Debian-all.zip').subarray(0, 600);

    expect(() => zipEntries({ name: 'cut.zip', bytes: cut })).toThrow(
      /zip archive cut\.zip: no end of central directory record/,
    );
  });

  it('fails a damaged entry only when it is read', () => {
    const bytes = read('Debian-all.zip').slice();
    bytes.fill(0xff, 60, 200); // inside the first entry's deflate stream
    const entries = zipEntries({ name: 'x.zip', bytes });

    expect(() => entries[0]!.read()).toThrow(/x\.zip!DSA-135\.json: cannot inflate/);
    expect(() => entries[2]!.read()).not.toThrow();
  });
});
