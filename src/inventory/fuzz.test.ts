import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../domain/errors.js';
import { detectFormat, parseInventory } from './index.js';

const word = fc.stringMatching(/^[a-z0-9][a-z0-9.+~-]{0,8}$/);
const junk = fc.constantFrom('', ' ', ' .', 'junk', ':', '\t', 'é', '\u0000', '#', '[', '{');

/** Line-shaped soups per format: mostly valid lines with random values, some junk, shuffled. */
function soup(lines: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  return fc.array(fc.oneof(...lines, junk), { maxLength: 80 }).map((ls) => ls.join('\n'));
}

const dpkg = soup([
  word.map((w) => `Package: ${w}`),
  fc.constantFrom(
    'Status: install ok installed',
    'Status: hold ok installed',
    'Status: deinstall ok config-files',
  ),
  word.map((w) => `Version: ${w}`),
  fc.constantFrom('Architecture: amd64', 'Architecture: i386', 'Architecture: all'),
  fc.tuple(word, word).map(([a, b]) => `Source: ${a} (${b})`),
  word.map((w) => `Source: ${w}`),
  fc.constantFrom(
    '',
    '',
    'Description: x',
    ' continued',
    'Package: base-files\nVersion: 12.4+deb12u1',
  ),
]);
const apk = soup([
  word.map((w) => `P:${w}`),
  word.map((w) => `V:${w}-r0`),
  fc.constantFrom('A:x86_64', 'A:aarch64', 'C:Q1abc=', '', '', 'P:alpine-release\nV:3.18.4-r0'),
  word.map((w) => `o:${w}`),
]);
const rpm = soup([
  fc
    .tuple(word, fc.nat(3), word, word, word)
    .map(([n, e, v, r, src]) => `${n}\t${e}\t${v}\t${r}\tx86_64\t${src}-${v}-${r}.src.rpm`),
  fc.tuple(word, word, word, fc.nat()).map(([n, v, r, s]) => `${n}\t${v}-${r}\t${s}`),
  fc.constantFrom(
    'gpg-pubkey\t0\tab\tcd\t(none)\t(none)',
    'redhat-release\t0\t9.3\t1.el9\tx86_64\t(none)',
  ),
]);
const windows = soup([
  fc.constantFrom(
    'Host Name:                 H',
    'OS Name:                   Microsoft Windows 10 Pro',
  ),
  fc.nat(99999).map((b) => `OS Version:                10.0.${b} N/A Build ${b}`),
  fc.nat(99).map((n) => `Hotfix(s):                 ${n} Hotfix(s) Installed.`),
  fc
    .tuple(fc.nat(300), fc.nat(9_999_999))
    .map(([i, kb]) => `                           [${i}]: KB${kb}`),
  fc.constantFrom('Description      HotFixID   InstalledBy', '------        --------'),
  fc.tuple(word, fc.nat(9_999_999)).map(([h, kb]) => `${h}  Update  KB${kb}  SYSTEM`),
]);
const purl = fc
  .tuple(
    fc.constantFrom('deb', 'rpm', 'apk', 'npm', 'DEB'),
    word,
    fc.option(word),
    fc.constantFrom(
      '',
      '?arch=amd64',
      '?epoch=1&upstream=x-1-2.src.rpm',
      '?upstream=a%40b',
      '?distro=debian-12',
      '%zz',
    ),
  )
  .map(([t, n, v, q]) => `pkg:${t}/vendor/${n}${v === null ? '' : `@${v}`}${q}`);
const component = fc.record(
  {
    type: fc.constantFrom('library', 'operating-system', 'application'),
    name: word,
    version: word,
    purl,
  },
  { requiredKeys: ['type'] },
);
const cyclonedx = fc
  .record({
    specVersion: fc.constantFrom('1.5', '1.6', '2'),
    components: fc.array(component, { maxLength: 20 }),
  })
  .map((b) => JSON.stringify({ bomFormat: 'CycloneDX', ...b }));

const outcomes = { parsed: 0, rejected: 0, cutOff: 0 };

function check(input: string | Uint8Array): void {
  try {
    const r = parseInventory(input, { fileName: 'fuzz' });
    outcomes.parsed++;
    for (const p of r.value.packages) {
      expect(p.name && p.version && p.sourceName && p.sourceVersion).toBeTruthy();
    }
    for (const kb of r.value.windows?.kbs ?? []) expect(kb).toMatch(/^KB\d+$/);
  } catch (e) {
    outcomes.rejected++;
    if (!(e instanceof AppError) || e.code !== ErrorCode.InventoryInvalid) throw e;
    // A soup whose last record ends early is refused by the parser itself, not by detection.
    if (e.message.includes('ends inside a record')) outcomes.cutOff++;
    expect(e.location?.file).toBe('fuzz');
  }
}

describe('inventory/fuzz', () => {
  it('format-shaped soups through auto-detection yield a result or INVENTORY_INVALID', () => {
    fc.assert(fc.property(fc.oneof(dpkg, apk, rpm, windows, cyclonedx), check), { numRuns: 1000 });

    // The soups must reach the parsers, not just bounce off detection.
    expect(outcomes.parsed + outcomes.cutOff).toBeGreaterThan(200);
    expect(outcomes.parsed).toBeGreaterThan(100);
  });

  it('the same soups as UTF-16LE with a BOM, and with bytes cut off', () => {
    const bytes = fc
      .tuple(fc.oneof(dpkg, apk, rpm, windows, cyclonedx), fc.nat())
      .map(([s, cut]) => {
        const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
        return new Uint8Array(b.subarray(0, cut % (b.length + 1)));
      });
    fc.assert(fc.property(bytes, check), { numRuns: 300 });
  });

  it('detectFormat never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (b) => {
        const f = detectFormat(b);
        expect(f === null || typeof f === 'string').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

const fixture = (rel: string): Uint8Array =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(rel, import.meta.url))));

/** Line-terminated record formats, where a truncation can be seen. */
const recordFixtures = [
  { format: 'dpkg', bytes: fixture('./dpkg/__fixtures__/debian12-bookworm-thishost.status') },
  { format: 'dpkg', bytes: fixture('./dpkg/__fixtures__/ubuntu24.04-noble-debootstrap.status') },
  { format: 'apk', bytes: fixture('./apk/__fixtures__/alpine-installed') },
  { format: 'rpm', bytes: fixture('./rpm/__fixtures__/ubi8.rpm-qa.tsv') },
] as const;

/** True when the bytes before `cut` end inside a line that holds more than blanks. */
function endsMidLine(b: Uint8Array, cut: number): boolean {
  for (let i = cut - 1; i >= 0; i--) {
    if (b[i] === 0x0a) return false;
    if (b[i] !== 0x20 && b[i] !== 0x09 && b[i] !== 0x0d) return true;
  }
  return false;
}

describe('inventory/fuzz truncation', () => {
  it('the first 5,000 bytes of a 768-package status file are INVENTORY_INVALID, not 6 packages', () => {
    const [full] = recordFixtures;

    expect(() => parseInventory(full.bytes.subarray(0, 5000), { fileName: 'status' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: expect.objectContaining({ file: 'status' }) as unknown,
      }),
    );
  });

  it.each(recordFixtures)(
    '$format: a cut mid-line is an error; any cut that parses keeps only whole records',
    ({ format, bytes }) => {
      const whole = new Set(
        parseInventory(bytes, { format }).value.packages.map((p) => JSON.stringify(p)),
      );
      const cuts = fc.integer({ min: 1, max: bytes.length - 1 });

      fc.assert(
        fc.property(cuts, (cut) => {
          let parsed;
          try {
            parsed = parseInventory(bytes.subarray(0, cut), { format, fileName: 'cut' });
          } catch (e) {
            expect(e).toMatchObject({
              code: ErrorCode.InventoryInvalid,
              location: { file: 'cut' },
            });
            return;
          }
          expect(endsMidLine(bytes, cut)).toBe(false);
          for (const p of parsed.value.packages) expect(whole).toContain(JSON.stringify(p));
        }),
        { numRuns: 60 },
      );
    },
  );
});
