import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../domain/index.js';
import { decompress } from './compression.js';
import { parseAdvisoryFile } from './registry.js';
import type { DetectedOutcome } from './registry.js';

type Json = Record<string, unknown>;

const read = (path: string): Uint8Array => {
  const name = path.split('/').pop()!;
  return decompress({ name, bytes: readFileSync(join(import.meta.dirname, path)) }).bytes;
};
const text = (path: string): string => new TextDecoder().decode(read(path));
const json = (path: string): Json => JSON.parse(text(path)) as Json;
const encode = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

/** The value a JSON pointer (RFC 6901) names in `doc`. */
function at(doc: unknown, ptr: string): unknown {
  return ptr
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], doc);
}

const skipped = (r: DetectedOutcome): Diagnostic[] =>
  r.diagnostics.filter((d) => /is not a valid \w+ version.*; entry skipped$/.test(d.message));
const stored = (r: DetectedOutcome): number => r.advisories.flatMap((a) => a.affected).length;

interface Case {
  /** What the corrupted copy is called and holds; `doc` is the parsed JSON, when it is JSON. */
  corrupt(): { name: string; bytes: Uint8Array; doc?: unknown; line?: number; bad: string };
  original: { name: string; bytes: Uint8Array };
  /** Checks one diagnostic's location. */
  where(d: Diagnostic, c: { doc?: unknown; line?: number; bad: string }): void;
}

const cases: Record<string, Case> = {
  'alpine-secdb JSON': {
    original: { name: 'v3.16-main.json', bytes: read('alpine-secdb/__fixtures__/v3.16-main.json') },
    corrupt() {
      const doc = json('alpine-secdb/__fixtures__/v3.16-main.json');
      const pkg = (doc['packages'] as { pkg: { secfixes: Json } }[])[0]!.pkg;
      const [first, ...rest] = Object.entries(pkg.secfixes);
      pkg.secfixes = Object.fromEntries([['1.2.-r0', first![1]], ...rest]);
      return { name: 'v3.16-main.json', bytes: encode(doc), doc, bad: '1.2.-r0' };
    },
    where(d) {
      expect(d.location.pointer).toBe('/packages/0/pkg/secfixes/1.2.-r0');
    },
  },
  'ubuntu-usn database': {
    original: {
      name: 'database-all.json',
      bytes: read('ubuntu-usn/__fixtures__/database-all.json.bz2'),
    },
    corrupt() {
      const doc = json('ubuntu-usn/__fixtures__/database-all.json.bz2');
      const notice = Object.values(doc)[0] as { releases: Record<string, { binaries: Json }> };
      const release = Object.values(notice.releases)[0]!;
      const binary = Object.values(release.binaries)[0] as { version: string };
      binary.version = 'bad';
      return { name: 'database-all.json', bytes: encode(doc), doc, bad: 'bad' };
    },
    where(d, c) {
      expect(d.location.pointer).toMatch(/^\/[^/]+\/releases\/[a-z]+\/binaries\/[^/]+\/version$/);
      expect(at(c.doc, d.location.pointer!)).toBe(c.bad);
    },
  },
  'debian-tracker JSON': {
    original: {
      name: 'tracker.json',
      bytes: read('debian-tracker/__fixtures__/tracker-json-sample-vuls.json'),
    },
    corrupt() {
      const doc = json('debian-tracker/__fixtures__/tracker-json-sample-vuls.json');
      const releases = Object.values(doc).flatMap((cves) =>
        Object.values(cves as Record<string, { releases: Record<string, Json> }>).flatMap((c) =>
          Object.values(c.releases),
        ),
      );
      const fixed = releases.find((r) => r['status'] === 'resolved' && r['fixed_version'] !== '0')!;
      fixed['fixed_version'] = 'bad';
      return { name: 'tracker.json', bytes: encode(doc), doc, bad: 'bad' };
    },
    where(d, c) {
      expect(d.location.pointer).toMatch(/^\/[^/]+\/[^/]+\/releases\/[a-z]+\/fixed_version$/);
      expect(at(c.doc, d.location.pointer!)).toBe(c.bad);
    },
  },
  'debian-tracker DSA list': {
    original: { name: 'DSA-list', bytes: read('debian-tracker/__fixtures__/DSA-list.txt') },
    corrupt() {
      const lines = text('debian-tracker/__fixtures__/DSA-list.txt').split('\n');
      const i = lines.findIndex((l) => /^\s+\[[a-z]+\] - \S+ \d/.test(l));
      lines[i] = lines[i]!.replace(/^(\s+\[[a-z]+\] - \S+ )\S+/, '$1bad');
      return {
        name: 'DSA-list',
        bytes: new TextEncoder().encode(lines.join('\n')),
        line: i + 1,
        bad: 'bad',
      };
    },
    where(d, c) {
      expect(d.location.line).toBe(c.line);
    },
  },
  openvex: {
    original: {
      name: 'CVE-2016-20013.json',
      bytes: read('openvex/__fixtures__/CVE-2016-20013-excerpt.json'),
    },
    corrupt() {
      const doc = json('openvex/__fixtures__/CVE-2016-20013-excerpt.json');
      const st = (doc['statements'] as Json[])[0]!;
      st['status'] = 'fixed';
      delete st['action_statement'];
      const product = (st['products'] as Json[])[1]!;
      product['@id'] = (product['@id'] as string).replace(/@[^?]+/, '@bad');
      return { name: 'CVE-2016-20013.json', bytes: encode(doc), doc, bad: 'bad' };
    },
    where(d) {
      expect(d.location.pointer).toBe('/statements/0/products/1');
    },
  },
  csaf: {
    original: { name: 'rhsa-2023_7434.json', bytes: read('csaf/__fixtures__/rhsa-2023_7434.json') },
    corrupt() {
      const raw = text('csaf/__fixtures__/rhsa-2023_7434.json').replace(
        'pkg:rpm/redhat/kernel-core@4.18.0-193.119.1.el8_2?arch=x86_64',
        'pkg:rpm/redhat/kernel-core@1:?arch=x86_64',
      );
      return {
        name: 'rhsa-2023_7434.json',
        bytes: new TextEncoder().encode(raw),
        doc: JSON.parse(raw) as unknown,
        bad: '1:',
      };
    },
    where(d, c) {
      expect(d.location.pointer).toMatch(/^\/vulnerabilities\/\d+\/product_status\/fixed\/\d+$/);
      const productId = at(c.doc, d.location.pointer!) as string;
      expect(productId).toContain('kernel-core-');
      expect(d.message).toContain(`(product ${productId})`);
    },
  },
  'oval (Red Hat)': {
    original: {
      name: 'rhel-9.oval.xml',
      bytes: read('oval/__fixtures__/rhel-9-including-unpatched.oval.xml.bz2'),
    },
    corrupt() {
      const xml = text('oval/__fixtures__/rhel-9-including-unpatched.oval.xml.bz2');
      const evr = xml.indexOf('operation="less than">0:');
      const start = xml.lastIndexOf('<red-def:rpminfo_state ', evr);
      const stateId = /id="([^"]+)"/.exec(xml.slice(start))![1]!;
      const bad = `${xml.slice(0, evr)}operation="less than">1:<${xml.slice(xml.indexOf('</red-def:evr>', evr) + 1)}`;
      const line = xml.slice(0, start).split('\n').length;
      return { name: 'rhel-9.oval.xml', bytes: new TextEncoder().encode(bad), line, bad: stateId };
    },
    where(d, c) {
      expect(d.location.line).toBe(c.line);
      expect(d.message).toMatch(new RegExp(`\\(definition oval:\\S+, state ${c.bad}\\)`));
    },
  },
};

describe('advisories: a version its scheme cannot read is reported where it stands', () => {
  it.each(Object.entries(cases))('%s', (_, c) => {
    const before = parseAdvisoryFile(c.original);
    const bad = c.corrupt();

    const r = parseAdvisoryFile({ name: bad.name, bytes: bad.bytes });

    const known = new Set(before.diagnostics.map((d) => JSON.stringify(d)));
    const fresh = r.diagnostics.filter((d) => !known.has(JSON.stringify(d)));
    const errors = skipped({ ...r, diagnostics: fresh });
    expect(errors.length).toBeGreaterThan(0);
    for (const d of errors) {
      expect(d).toMatchObject({ severity: 'error', location: { file: bad.name } });
      c.where(d, bad);
    }
    // An advisory whose only entry went is dropped whole; every other one is still there.
    const dropped = new Set(
      fresh
        .filter((d) => d.message.endsWith('no readable affected entry left; advisory skipped'))
        .map((d) => d.location.record),
    );
    expect(dropped.size).toBeLessThanOrEqual(errors.length);
    const ids = new Set(before.advisories.map((a) => a.id));
    expect(r.advisories).toHaveLength(before.advisories.length - dropped.size);
    expect(r.advisories.filter((a) => !ids.has(a.id))).toEqual([]);
    expect(stored(r)).toBeGreaterThanOrEqual(stored(before) - errors.length);
    expect(stored(r)).toBeGreaterThan(0);
  });

  it('the one unreadable fix in the real DSA list names its line', () => {
    const r = parseAdvisoryFile({
      name: 'DSA-list',
      bytes: read('debian-tracker/__fixtures__/DSA-list.txt'),
    });

    expect(skipped(r).map((d) => [d.message, d.location.line])).toEqual([
      [expect.stringContaining('"kernel-image-2.4.17-ia64" is not a valid dpkg version'), 17244],
    ]);
  });

  it('the one unreadable fix in the real Alpine 3.10 community YAML names its pointer', () => {
    const r = parseAdvisoryFile({
      name: 'v3.10-community.yaml',
      bytes: read('alpine-secdb/__fixtures__/v3.10-community.yaml'),
    });

    expect(skipped(r).map((d) => d.location.pointer)).toEqual([
      expect.stringMatching(/^\/packages\/\d+\/pkg\/secfixes\/4\.8\.0\.-r1$/),
    ]);
  });
});
