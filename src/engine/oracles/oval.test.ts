import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Advisory, AffectedPackage } from '../../domain/advisory.js';
import type { InstalledPackage } from '../../domain/inventory.js';
import { comparableBinaries, renderOvalDefinitions, type OvalOptions } from './oval.js';
import { ovalEvr } from './oval-xml.js';

function advisory(id: string, ...affected: Partial<AffectedPackage>[]): Advisory {
  return {
    id,
    source: 'test',
    severity: 'high',
    cves: ['CVE-2099-1'],
    classification: 'security',
    affected: affected.map((e) => ({
      kind: 'package',
      platform: 'almalinux:9',
      package: 'openssl-libs',
      packageKind: 'binary',
      status: 'fixed',
      ...e,
    })),
  };
}

const rpm: OvalOptions = {
  platform: 'almalinux:9',
  probe: 'rpminfo',
  timestamp: '2026-01-01T00:00:00',
};

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

function parse(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  return (parser.parse(xml) as { oval_definitions: Node[] }).oval_definitions[0]!;
}

function list(doc: Node, section: string, element: string): Node[] {
  return ((doc[section] as Node[] | undefined)?.[0]?.[element] as Node[] | undefined) ?? [];
}

describe('engine/oracles/oval', () => {
  it('writes one definition per advisory with an OR of criteria', () => {
    const a = advisory(
      'ALSA-1',
      { fixed: '1:3.0.7-27.el9' },
      { package: 'openssl', fixed: '1:3.0.7-27.el9' },
    );

    const { value, diagnostics } = renderOvalDefinitions([a], rpm);

    expect(diagnostics).toEqual([]);
    expect([...value.definitions]).toEqual([['oval:dev.patchline.oracle:def:1', 'ALSA-1']]);
    const doc = parse(value.xml);
    const [def] = list(doc, 'definitions', 'definition');
    expect(def!['@class']).toBe('vulnerability');
    const criteria = (def!['criteria'] as Node[])[0]!;
    expect(criteria['@operator']).toBe('OR');
    expect(criteria['criterion']).toHaveLength(2);
    expect(list(doc, 'tests', 'rpminfo_test')).toHaveLength(2);
    expect(list(doc, 'states', 'rpminfo_state')).toHaveLength(1);
  });

  it.each`
    probe         | datatype               | version             | evr
    ${'rpminfo'}  | ${'evr_string'}        | ${'3.0.7-27.el9'}   | ${'0:3.0.7-27.el9'}
    ${'rpminfo'}  | ${'evr_string'}        | ${'1:3.0.7-27.el9'} | ${'1:3.0.7-27.el9'}
    ${'dpkginfo'} | ${'debian_evr_string'} | ${'2.36-9+deb12u4'} | ${'0:2.36-9+deb12u4'}
  `('states "$probe evr less than $evr" as $datatype', ({ probe, datatype, version, evr }) => {
    const a = advisory('A', { platform: 'debian:12', fixed: version });

    const { value } = renderOvalDefinitions([a], { ...rpm, platform: 'debian:12', probe });

    const [state] = list(parse(value.xml), 'states', `${probe}_state`);
    const [e] = state!['evr'] as Node[];
    expect(e).toEqual({ '#text': evr, '@datatype': datatype, '@operation': 'less than' });
  });

  it('adds a lower bound and an architecture pattern as further states', () => {
    const a = advisory('A', {
      fixed: '3.9.21-1',
      introduced: '3.9.18-1',
      arch: ['x86_64', 'noarch'],
    });

    const doc = parse(renderOvalDefinitions([a], rpm).value.xml);

    const [test] = list(doc, 'tests', 'rpminfo_test');
    expect(test!['@check']).toBe('at least one');
    expect(test!['state']).toHaveLength(2);
    const states = list(doc, 'states', 'rpminfo_state');
    expect(states.map((s) => (s['evr'] as Node[])[0]!['@operation'])).toEqual([
      'less than',
      'greater than or equal',
    ]);
    expect((states[0]!['arch'] as Node[])[0]!['#text']).toBe('^(?:x86_64|noarch)$');
  });

  it('tests only for presence when there is no fix yet', () => {
    const doc = parse(
      renderOvalDefinitions([advisory('A', { status: 'no-fix-yet' })], rpm).value.xml,
    );

    const [test] = list(doc, 'tests', 'rpminfo_test');
    expect(test!['state']).toBeUndefined();
    expect(doc['states']).toBeUndefined();
  });

  it('expands a source entry to the binaries built from it, sharing objects', () => {
    const a = advisory('DSA-1', {
      platform: 'debian:12',
      package: 'openssl',
      packageKind: 'source',
      fixed: '3.0.11-1',
    });
    const b = advisory('DSA-2', {
      platform: 'debian:12',
      package: 'openssl',
      packageKind: 'source',
      fixed: '3.0.13-1',
    });
    const binaries = new Map([['openssl', ['openssl', 'libssl3']]]);

    const { value } = renderOvalDefinitions([a, b], {
      ...rpm,
      platform: 'debian:12',
      probe: 'dpkginfo',
      binariesOf: (s) => binaries.get(s) ?? [],
    });

    const doc = parse(value.xml);
    expect(list(doc, 'objects', 'dpkginfo_object')).toHaveLength(2);
    expect(list(doc, 'tests', 'dpkginfo_test')).toHaveLength(4);
    expect(value.definitions.size).toBe(2);
  });

  it.each`
    case                             | entry                                        | diagnostics
    ${'another stream'}              | ${{ platform: 'almalinux:8', fixed: '1-1' }} | ${0}
    ${'not affected'}                | ${{ status: 'not-affected' }}                | ${0}
    ${'fixed without a version'}     | ${{}}                                        | ${0}
    ${'a source without binariesOf'} | ${{ packageKind: 'source', fixed: '1-1' }}   | ${1}
  `('writes no definition for $case', ({ entry, diagnostics }) => {
    const out = renderOvalDefinitions([advisory('A', entry)], rpm);

    expect(out.value.definitions.size).toBe(0);
    expect(out.diagnostics).toHaveLength(diagnostics);
  });

  it('escapes XML in names, versions and titles', () => {
    const a = {
      ...advisory('A&B', { package: 'c++<lib>', fixed: '1-1' }),
      title: '"quoted" & <b>',
    };

    const { value } = renderOvalDefinitions([a], rpm);

    expect(XMLValidator.validate(value.xml)).toBe(true);
    expect(value.xml).toContain('c++&lt;lib&gt;');
  });

  it.each`
    version      | evr
    ${'1.0-1'}   | ${'0:1.0-1'}
    ${'2:8.2-1'} | ${'2:8.2-1'}
    ${'10:1'}    | ${'10:1'}
  `('writes $version as evr $evr', ({ version, evr }) => {
    expect(ovalEvr(version)).toBe(evr);
  });

  it('maps a source to binaries of its own version or a binNMU of it', () => {
    const p = (
      name: string,
      version: string,
      sourceName: string,
      sourceVersion: string,
    ): InstalledPackage => ({
      name,
      version,
      arch: 'amd64',
      sourceName,
      sourceVersion,
    });

    const map = comparableBinaries([
      p('bash', '5.2.15-2+b8', 'bash', '5.2.15-2'),
      p('cpp', '4:12.2.0-3', 'gcc-defaults', '1.203'),
      p('libssl3', '3.0.19-1', 'openssl', '3.0.19-1'),
      p('openssl', '3.0.19-1', 'openssl', '3.0.19-1'),
      p('openssl', '3.0.19-1', 'openssl', '3.0.19-1'),
    ]);

    expect([...map]).toEqual([
      ['bash', ['bash']],
      ['openssl', ['libssl3', 'openssl']],
    ]);
  });
});
