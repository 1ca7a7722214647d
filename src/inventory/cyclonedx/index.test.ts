import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../domain/errors.js';
import { runInventoryConformance } from '../conformance.js';
import { parseInventory } from '../index.js';
import { cyclonedxAdapter } from './index.js';
import { parsePurl } from './purl.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`__fixtures__/${name}`, import.meta.url));
const read = (name: string): Buffer => readFileSync(fixture(name));

function bom(components: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components,
    ...extra,
  });
}

describe('inventory/cyclonedx', () => {
  runInventoryConformance({
    adapter: cyclonedxAdapter,
    folder: 'cyclonedx',
    fixtures: [
      { path: fixture('debian12.cdx.json'), expectedErrors: 1 },
      { path: fixture('almalinux9.cdx.json') },
      { path: fixture('alpine318.cdx.json'), expectedErrors: 1 },
      { path: fixture('trivy-debian12.cdx.json') },
    ],
  });

  it('debian12: OS component gives the platform; upstream gives source; npm ignored', () => {
    const { value, diagnostics } = parseInventory(read('debian12.cdx.json'), {
      fileName: 'sbom.json',
    });

    expect(value.platform).toEqual({ family: 'debian', release: '12' });
    expect(value.packages.map((p) => `${p.name}:${p.arch}`)).toEqual([
      'bash:amd64',
      'bsdutils:amd64',
      'libc6:amd64',
      'libc6:i386',
      'libssl3:amd64',
      'openssl:amd64',
    ]);
    expect(value.packages[0]).toEqual({
      name: 'bash',
      version: '5.2.15-2+b2',
      arch: 'amd64',
      sourceName: 'bash',
      sourceVersion: '5.2.15-2',
    });
    expect(value.packages.find((p) => p.name === 'libssl3')).toMatchObject({
      sourceName: 'openssl',
      sourceVersion: '3.0.11-1~deb12u2',
    });
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        message: 'purl for zlib1g has no version',
        location: { file: 'sbom.json', pointer: '/components/7/purl', record: 'zlib1g' },
      },
    ]);
  });

  it('almalinux9: platform from distro=, epoch and SRPM upstream', () => {
    const { value } = parseInventory(read('almalinux9.cdx.json'));

    expect(value.platform).toEqual({ family: 'almalinux', release: '9' });
    expect(value.packages.find((p) => p.name === 'openssl-libs')).toEqual({
      name: 'openssl-libs',
      version: '1:3.0.7-24.el9',
      arch: 'x86_64',
      sourceName: 'openssl',
      sourceVersion: '1:3.0.7-24.el9',
    });
    expect(value.packages.find((p) => p.name === 'python3-libs')?.sourceName).toBe('python3.9');
  });

  it('alpine318: OS component nested in metadata.component', () => {
    const { value } = parseInventory(read('alpine318.cdx.json'));

    expect(value.platform).toEqual({ family: 'alpine', release: '3.18' });
    expect(value.packages.find((p) => p.name === 'ssl_client')).toMatchObject({
      sourceName: 'busybox',
      sourceVersion: '1.36.1-r2',
    });
  });

  it('Trivy SBOM: source package from aquasecurity:trivy:Src* properties', () => {
    const { value, diagnostics } = parseInventory(read('trivy-debian12.cdx.json'));
    const got = value.packages.map(
      (p) => `${p.name} ${p.version} ${p.sourceName} ${p.sourceVersion}`,
    );

    expect(got).toEqual([
      'bash 5.2.15-2+b2 bash 5.2.15-2',
      'bsdutils 1:2.38.1-5+deb12u3 util-linux 2.38.1-5+deb12u3',
      'libc6 2.36-9+deb12u4 glibc 2.36-9+deb12u4',
    ]);
    expect(value.platform).toEqual({ family: 'debian', release: '12' });
    expect(diagnostics).toEqual([]);
  });

  it('keeps one scheme and warns about the others', () => {
    const text = bom([
      { type: 'operating-system', name: 'ubuntu', version: '24.04' },
      { type: 'library', name: 'a', purl: 'pkg:deb/ubuntu/a@1.0-1?arch=amd64' },
      { type: 'library', name: 'b', purl: 'pkg:rpm/redhat/b@1.0-1.el9?arch=x86_64' },
    ]);

    const { value, diagnostics } = parseInventory(text);

    expect(value.platform).toEqual({ family: 'ubuntu', release: '24.04' });
    expect(value.packages.map((p) => p.name)).toEqual(['a']);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "dropped 1 rpm package(s): an inventory holds one platform's packages",
    ]);
  });

  it('a JSON document that is not a BOM is INVENTORY_INVALID with a pointer', () => {
    const text = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: 'two', components: [] });

    expect(() => parseInventory(text, { format: 'cyclonedx', fileName: 'x.json' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: { file: 'x.json', pointer: '/specVersion' },
      }),
    );
  });

  it('a BOM whose only OS component is broken has no usable record', () => {
    const text = bom([{ type: 'library', name: 'x', purl: 'pkg:deb/debian/x?arch=amd64' }]);

    expect(() => parseInventory(text, { fileName: 'x.json' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InventoryInvalid,
        location: expect.objectContaining({ pointer: '/components/0/purl' }),
      }),
    );
  });

  it.each`
    purl                                                                          | type     | namespace   | name              | version               | q
    ${'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12'}      | ${'deb'} | ${'debian'} | ${'openssl'}      | ${'3.0.11-1~deb12u2'} | ${{ arch: 'amd64', distro: 'debian-12' }}
    ${'pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bb1?upstream=util-linux%402.38.1-5'} | ${'deb'} | ${'debian'} | ${'bsdutils'}     | ${'1:2.38.1-5+b1'}    | ${{ upstream: 'util-linux@2.38.1-5' }}
    ${'pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?epoch=1#sub/path'}                | ${'rpm'} | ${'redhat'} | ${'openssl-libs'} | ${'3.0.7-24.el9'}     | ${{ epoch: '1' }}
    ${'pkg:npm/%40scope/name@1.0.0'}                                              | ${'npm'} | ${'@scope'} | ${'name'}         | ${'1.0.0'}            | ${{}}
  `('parsePurl($purl)', ({ purl, type, namespace, name, version, q }) => {
    const p = parsePurl(purl);

    expect(p).toMatchObject({ type, namespace, name, version });
    expect(Object.fromEntries(p!.qualifiers)).toEqual(q);
  });

  it.each([['pkg:deb/debian/%E0%A4%A@1'], ['http://x/y'], ['pkg:'], ['pkg:deb/']])(
    'parsePurl(%s) is null',
    (purl) => {
      expect(parsePurl(purl)).toBeNull();
    },
  );
});
