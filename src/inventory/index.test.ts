import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../domain/errors.js';
import { detectFormat, parseInventory } from './index.js';
import { createRegistry, defaultRegistry, inventoryFormats } from './registry.js';

const fixture = (path: string): Buffer =>
  readFileSync(fileURLToPath(new URL(path, import.meta.url)));

describe('inventory/index', () => {
  it.each`
    path                                                                    | format
    ${'dpkg/__fixtures__/debian-bookworm-osv-scalibr-valid.status'}         | ${'dpkg'}
    ${'rpm/__fixtures__/centos7.rpm-qa.tsv'}                                | ${'rpm'}
    ${'rpm/__fixtures__/ubi9-aarch64.rpm-qa.json'}                          | ${'rpm'}
    ${'apk/__fixtures__/alpine-installed'}                                  | ${'apk'}
    ${'windows/__fixtures__/srv_2012r2_u1_qfe.txt'}                         | ${'windows'}
    ${'windows/__fixtures__/10_1809_x64_pro_en-us_20190307_systeminfo.txt'} | ${'windows'}
    ${'cyclonedx/__fixtures__/alpine318.cdx.json'}                          | ${'cyclonedx'}
  `('detectFormat($path) = $format', ({ path, format }) => {
    expect(detectFormat(fixture(path))).toBe(format);
  });

  it.each([['hello world\n'], ['{"a": 1}'], ['[1, 2, 3]'], ['']])(
    'detectFormat(%j) = null',
    (text) => {
      expect(detectFormat(text)).toBeNull();
    },
  );

  it('garbage is INVENTORY_INVALID naming file and line', () => {
    expect(() => parseInventory('just some text\n', { fileName: 'x.txt' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: { file: 'x.txt', line: 1 },
      }),
    );
  });

  it('reads # kernel: / # hostname: header lines and keeps line numbers', () => {
    const text =
      '# kernel: 6.1.0-18-amd64\n# hostname: web-01\nP:musl\nA:x86_64\n\nP:zlib\nV:1.3-r2\nA:x86_64\n';

    const { value, diagnostics } = parseInventory(text, { fileName: 'installed' });

    expect(value).toMatchObject({
      format: 'apk',
      runningKernel: '6.1.0-18-amd64',
      hostname: 'web-01',
    });
    expect(diagnostics[0]?.location).toEqual({ file: 'installed', line: 3, record: 'musl' });
  });

  it('the kernel option beats the header line', () => {
    const text = '# kernel: 5.10.0-1-amd64\nP:zlib\nV:1.3-r2\nA:x86_64\n';

    expect(parseInventory(text, { kernel: '6.1.0-18-amd64' }).value.runningKernel).toBe(
      '6.1.0-18-amd64',
    );
  });

  it('an explicit platform wins and a disagreement is a warning', () => {
    const { value, diagnostics } = parseInventory(fixture('rpm/__fixtures__/ubi8.rpm-qa.tsv'), {
      platform: { family: 'almalinux', release: '8' },
    });

    expect(value.platform).toEqual({ family: 'almalinux', release: '8' });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'given platform almalinux:8 differs from rhel:8 (redhat-release 8.1-3.3.el8); using the given one',
    ]);
  });

  it('os-release naming no known platform is PLATFORM_INVALID', () => {
    expect(() =>
      parseInventory(fixture('apk/__fixtures__/alpine-installed'), { osRelease: 'ID=gentoo\n' }),
    ).toThrow(
      expect.objectContaining({
        code: ErrorCode.PlatformInvalid,
        message: expect.stringContaining('ID=gentoo'),
      }),
    );
  });

  it('decodes UTF-16LE with BOM, BOM-less UTF-16LE, UTF-8 BOM and CP1252 alike', () => {
    const text = 'P:zlib\r\nV:1.3-r2\r\nA:x86_64\r\no:zlib\r\nT:caf\u00e9\r\n';
    const utf16 = Buffer.from(text, 'utf16le');
    const inputs = [
      Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]),
      utf16,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      Buffer.from(text, 'latin1'),
    ];

    const results = inputs.map((b) => parseInventory(b).value.packages);

    for (const r of results) {
      expect(r).toEqual([
        {
          name: 'zlib',
          version: '1.3-r2',
          arch: 'x86_64',
          sourceName: 'zlib',
          sourceVersion: '1.3-r2',
        },
      ]);
    }
  });

  it('the registry lists every format once and rejects unknown ids', () => {
    expect(defaultRegistry.all().map((a) => a.id)).toEqual(inventoryFormats);
    expect(() => createRegistry([]).get('dpkg')).toThrow(
      expect.objectContaining({ code: ErrorCode.InventoryFormatUnknown }),
    );
  });
});
