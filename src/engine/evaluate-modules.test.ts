import { describe, expect, it } from 'vitest';
import type { Advisory } from '../domain/advisory.js';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { getScheme } from '../versioning/registry.js';
import { createEvaluator } from './evaluate.js';
import { buildMatchIndex } from './match-index.js';
import {
  fix27,
  fix31,
  label27,
  moduleFix,
  noLabel,
  ruby,
  ruby27,
  ruby31,
  streamAdvisory,
} from './testing/modules.js';
import type { Finding } from './types.js';

function host(...packages: InstalledPackage[]): Inventory {
  return { format: 'rpm', platform: parsePlatform('rhel:8'), packages };
}

function evaluator(advisories: Advisory[]) {
  return createEvaluator(buildMatchIndex(advisories), { compareFor: (s) => getScheme(s).compare });
}

function rows(found: Finding[]): string[] {
  return found.map((f) => `${f.advisory} ${f.status}${f.reason ? ` (${f.reason})` : ''}`).sort();
}

const installed27 = '2.7.6-138.module+el8.7.0+15054+a8d1e5c5';
const installed31 = '3.1.2-141.module+el8.7.0+15051+6a8a4e80';
const label31 = 'ruby:3.1:8070020220719123149:ad008a3a';

describe('engine/evaluate module streams', () => {
  it.each`
    case                                      | pkg                                          | expected
    ${'ruby:2.7 host gets only the 2.7 fix'}  | ${ruby(installed27, label27)}                | ${['RHSA-TEST:27 open']}
    ${'ruby:3.1 host gets only the 3.1 fix'}  | ${ruby(installed31, label31)}                | ${['RHSA-TEST:31 open']}
    ${'ruby:2.7 host at its fix is clean'}    | ${ruby(fix27, label27)}                      | ${[]}
    ${'ruby:3.1 host at its fix is clean'}    | ${ruby(fix31, label31)}                      | ${[]}
    ${'non-modular package ignores modules'}  | ${ruby('2.5.9-110.el8', '')}                 | ${[]}
    ${'no label, non-modular release'}        | ${ruby('2.5.9-110.el8')}                     | ${[]}
    ${'no label, modular release: undecided'} | ${ruby(installed27)}                         | ${[`RHSA-TEST:31 unverifiable (${noLabel})`]}
    ${'no label, above every stream fix'}     | ${ruby('3.2.2-1.module+el8.9.0+1+abcdef01')} | ${[]}
  `('$case', ({ pkg, expected }) => {
    const found = evaluator([ruby27, ruby31]).evaluate('h', host(pkg));

    expect(rows(found)).toEqual(expected);
  });

  it('an unlabeled modular package gets one finding per advisory, not one per stream', () => {
    const vex = streamAdvisory('CVE-2023-28755', [
      moduleFix(fix27, 'ruby:2.7'),
      moduleFix(fix31, 'ruby:3.1'),
    ]);

    const found = evaluator([vex]).evaluate('h', host(ruby(installed27)));

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: 'unverifiable', reason: noLabel, package: 'ruby' });
  });

  it('a labeled package is not fixed by a non-modular fix of the same name', () => {
    const plain = streamAdvisory('RHSA-TEST:plain', [moduleFix('2.5.9-111.el8')]);
    const ev = evaluator([plain]);

    expect(rows(ev.evaluate('a', host(ruby(installed27, label27))))).toEqual([]);
    expect(rows(ev.evaluate('b', host(ruby('2.5.9-110.el8', ''))))).toEqual([
      'RHSA-TEST:plain open',
    ]);
  });

  it('a modular fix that names no stream is undecided for a labeled package', () => {
    const hinted = streamAdvisory('ALSA-TEST:1', [moduleFix(fix27)]);
    const ev = evaluator([hinted]);

    expect(rows(ev.evaluate('a', host(ruby(installed27, label27))))).toEqual([
      "ALSA-TEST:1 unverifiable (module stream unknown: the advisory does not name the fix's module stream)",
    ]);
    expect(rows(ev.evaluate('b', host(ruby('2.5.9-110.el8', ''))))).toEqual([]);
  });

  it('keys the verdict cache on the stream: same name and version, different labels', () => {
    const ev = evaluator([ruby27, ruby31]);

    const as27 = ev.evaluate('a', host(ruby(installed27, label27)));
    const as31 = ev.evaluate('b', host(ruby(installed27, label31)));
    const unlabeled = ev.evaluate('c', host(ruby(installed27)));

    expect(rows(as27)).toEqual(['RHSA-TEST:27 open']);
    expect(rows(as31)).toEqual(['RHSA-TEST:31 open']);
    // One CVE on one package: the two streams' advisories make one finding naming both, the
    // higher fix first.
    expect(unlabeled.map((f) => f.status)).toEqual(['unverifiable']);
    expect(unlabeled[0]?.advisories?.map((a) => a.id)).toEqual(['RHSA-TEST:31', 'RHSA-TEST:27']);
  });

  it('the stream also gates source-package rules', () => {
    const src = streamAdvisory('RHSA-TEST:src', [
      { ...moduleFix(fix31, 'ruby:3.1'), packageKind: 'source' },
    ]);
    const lib: InstalledPackage = { ...ruby(installed27, label27), name: 'ruby-libs' };

    expect(evaluator([src]).evaluate('h', host(lib))).toEqual([]);
    expect(
      rows(evaluator([src]).evaluate('h', host({ ...lib, modularityLabel: label31 }))),
    ).toEqual(['RHSA-TEST:src open']);
  });
});
