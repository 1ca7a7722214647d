import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import { fixtureNames, goldenOf, readFixture, readGolden } from '../testing/golden.js';
import { parseAlpineSecdb } from './parse.js';

const dir = import.meta.dirname;
const enc = new TextEncoder();

function parseFixture(name: string) {
  return parseAlpineSecdb({ name, bytes: readFixture(dir, name) });
}

function parseText(text: string) {
  return parseAlpineSecdb({ name: 'inline', bytes: enc.encode(text) });
}

describe('advisories/alpine-secdb/parse', () => {
  it.each(fixtureNames(dir))('matches the golden output for %s', (name) => {
    const outcome = parseFixture(name);

    expect(goldenOf(outcome)).toEqual(readGolden(dir, name, outcome));
  });

  // Hand-checked against v3.10-main.yaml lines 15-24 and v3.16-main.json.
  it.each`
    file                 | id                                      | cves                                                      | platform
    ${'v3.10-main.yaml'} | ${'alpine:3.10/main/ansible@2.8.4-r0'}  | ${['CVE-2019-10206', 'CVE-2019-10217']}                   | ${'alpine:3.10'}
    ${'v3.16-main.json'} | ${'alpine:3.16/main/apache2@2.4.35-r0'} | ${['CVE-2018-11763']}                                     | ${'alpine:3.16'}
    ${'edge-main.json'}  | ${'alpine:edge/main/aom@3.1.1-r0'}      | ${['CVE-2021-30473', 'CVE-2021-30474', 'CVE-2021-30475']} | ${'alpine:edge'}
  `('reads $id', ({ file, id, cves, platform }) => {
    const a = parseFixture(file).advisories.find((x) => x.id === id);

    expect(a?.cves).toEqual(cves);
    expect(a?.affected[0]).toEqual(
      expect.objectContaining({ platform, status: 'fixed', packageKind: 'source' }),
    );
  });

  it('keeps YAML versions as strings and treats fixed version 0 as not affected', () => {
    const outcome = parseText(
      [
        'distroversion: v3.18',
        'reponame: main',
        'packages:',
        '  - pkg:',
        '      name: foo',
        '      secfixes:',
        '        1.10-r0:',
        '          - CVE-2023-0001 CVE-2023-0002',
        '        0:',
        '          - CVE-2020-0001',
        '  - pkg:',
        '      secfixes: {}',
      ].join('\n'),
    );

    // Integer-like keys ("0") come first in a JS object, whatever the file order.
    expect(outcome.advisories.map((a) => [a.id, a.affected[0]?.status, a.cves])).toEqual([
      ['alpine:3.18/main/foo@0', 'not-affected', ['CVE-2020-0001']],
      ['alpine:3.18/main/foo@1.10-r0', 'fixed', ['CVE-2023-0001', 'CVE-2023-0002']],
    ]);
    expect(outcome.diagnostics.map((d) => d.location.pointer)).toEqual(['/packages/1/pkg/name']);
  });

  it.each([
    ['{"packages": []}'],
    ['distroversion: [unclosed'],
    ['{"distroversion": "3.18", "packages": []}'],
  ])('rejects %s as a document', (text) => {
    expect(() => parseText(text)).toThrow(AppError);
  });
});
