import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import { fixtureNames, goldenOf, readFixture, readGolden } from '../testing/golden.js';
import { parseMsrcCvrf } from './parse.js';

const dir = import.meta.dirname;
const enc = new TextEncoder();

function parseFixture(name: string) {
  return parseMsrcCvrf({ name, bytes: readFixture(dir, name) });
}

function parseText(text: string) {
  return parseMsrcCvrf({ name: 'inline.xml', bytes: enc.encode(text) });
}

describe('advisories/msrc-cvrf/parse', () => {
  it.each(fixtureNames(dir))('matches the golden output for %s', (name) => {
    const outcome = parseFixture(name);

    expect(goldenOf(outcome)).toEqual(readGolden(dir, name, outcome));
  });

  // Hand-checked against cvrf-2023-Nov.xml, CVE-2023-36427, product 12097.
  it('reads the KB, fixed build, supersedence and restart for Windows 10 22H2 x64', () => {
    const a = parseFixture('cvrf-2023-Nov.xml').advisories.find((x) => x.id === 'CVE-2023-36427');

    expect([a?.vendorSeverity, a?.severity, a?.classification]).toEqual([
      'Important',
      'high',
      'security',
    ]);
    expect(a?.affected).toContainEqual({
      kind: 'kb',
      platform: 'windows:10.0.19045:client:x64',
      product: 'Windows 10 Version 22H2 for x64-based Systems',
      productId: '12097',
      status: 'fixed',
      kb: 'KB5032189',
      supersedes: ['KB5031356'],
      fixedBuild: '10.0.19045.3693',
      restartRequired: true,
    });
  });

  it('gives the same advisory from the JSON form as from the XML it was converted from', () => {
    const fromXml = parseFixture('cvrf-2023-Nov.xml').advisories.find(
      (x) => x.id === 'CVE-2023-36427',
    );

    const fromJson = parseFixture('cvrf-2023-Nov-CVE-2023-36427.json');

    expect(fromJson.diagnostics).toEqual([]);
    expect(fromJson.advisories).toEqual([fromXml]);
  });

  it('resolves the default namespaces of 2023-Dec like the prefixes of 2023-Nov', () => {
    const dec = parseFixture('cvrf-2023-Dec.xml');

    expect(dec.advisories).toHaveLength(51);
    expect(dec.advisories.find((a) => a.id === 'CVE-2023-36696')?.affected[0]).toEqual(
      expect.objectContaining({
        kb: 'KB5033371',
        supersedes: ['KB5031361'],
        fixedBuild: '10.0.17763.5206',
      }),
    );
  });

  it('flags the November 2023 zero-days as known exploited', () => {
    const exploited = parseFixture('cvrf-2023-Nov.xml')
      .advisories.filter((a) => a.knownExploited)
      .map((a) => a.id)
      .sort();

    expect(exploited).toEqual(['CVE-2023-36025', 'CVE-2023-36033', 'CVE-2023-36036']);
  });

  it('reports a vulnerability naming an unknown product and keeps the rest', () => {
    const ns = 'http://www.icasi.org/CVRF/schema';
    const outcome = parseText(
      `<cvrfdoc xmlns="${ns}/cvrf/1.1"><ProductTree xmlns="${ns}/prod/1.1">` +
        `<FullProductName ProductID="1">Windows Server 2019</FullProductName></ProductTree>` +
        `<v:Vulnerability xmlns:v="${ns}/vuln/1.1"><v:CVE>CVE-2024-1</v:CVE><v:Remediations>` +
        `<v:Remediation Type="Vendor Fix"><v:Description>5000001</v:Description><v:ProductID>1</v:ProductID>` +
        `<v:ProductID>99</v:ProductID></v:Remediation></v:Remediations></v:Vulnerability>` +
        `<Vulnerability xmlns="${ns}/vuln/1.1"><Title>no cve</Title></Vulnerability></cvrfdoc>`,
    );

    expect(outcome.advisories.map((a) => [a.id, a.affected.length, a.severity])).toEqual([
      ['CVE-2024-1', 1, 'medium'],
    ]);
    expect(outcome.diagnostics.map((d) => [d.location.pointer, d.location.record])).toEqual([
      ['/Vulnerability/1', undefined],
      ['/Vulnerability/0', 'CVE-2024-1'],
    ]);
  });

  it.each([
    ['<cvrfdoc><unclosed></cvrfdoc>'],
    ['<other xmlns="urn:x"/>'],
    ['plain text'],
    ['{"DocumentTitle": 1}'],
  ])('rejects %s as a document', (text) => {
    expect(() => parseText(text)).toThrow(AppError);
  });

  it('refuses a DTD declaring an external entity, so nothing is fetched or expanded', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE cvrfdoc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      '<cvrfdoc xmlns="http://www.icasi.org/CVRF/schema/cvrf/1.1"><DocumentTitle>&xxe;</DocumentTitle></cvrfdoc>';

    expect(() => parseText(xxe)).toThrow(/DTD/);
  });
  it('rejects a JSON vulnerability whose remediations are not the CVRF shape, and keeps the others', () => {
    const doc = JSON.parse(
      new TextDecoder().decode(readFixture(dir, 'cvrf-2023-Nov-CVE-2023-36427.json')),
    ) as { Vulnerability: Record<string, unknown>[] };
    const good = doc.Vulnerability[0]!;
    const bad = { ...good, CVE: 'CVE-2099-0001', Remediations: 'see the website' };
    const bytes = enc.encode(JSON.stringify({ ...doc, Vulnerability: [good, bad] }));
    const outcome = parseMsrcCvrf({ name: 'mixed.json', bytes });

    expect(outcome.advisories.map((a) => a.id)).toEqual([good.CVE]);
    expect(
      outcome.diagnostics.some(
        (d) => d.severity === 'error' && d.location.pointer?.startsWith('/Vulnerability/1'),
      ),
    ).toBe(true);
  });
});
