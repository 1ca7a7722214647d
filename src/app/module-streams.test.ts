import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstalledPackage, Inventory } from '../domain/inventory.js';
import { parsePlatform } from '../domain/platform.js';
import { schemeComparator } from '../engine/compare.js';
import { createEvaluator } from '../engine/evaluate.js';
import { buildMatchIndex } from '../engine/match-index.js';
import { readAdvisoryFiles } from './advisory-files.js';
import { scanFiles } from './scan.js';

const dir = join(import.meta.dirname, '__fixtures__', 'modules');
const rocky = join(dir, 'RLSA-2024_3671.json');
const rhsa = join(dir, 'rhsa-2025_0002.json');
const noLabel = 'module stream unknown: the inventory does not carry MODULARITYLABEL';

function pkg(name: string, version: string, label?: string): InstalledPackage {
  return {
    name,
    version,
    arch: 'x86_64',
    sourceName: name,
    sourceVersion: version,
    ...(label !== undefined && { modularityLabel: label }),
  };
}

async function evaluatorFor(files: string[]) {
  const outcomes = await readAdvisoryFiles(files);
  return createEvaluator(buildMatchIndex(outcomes.flatMap((o) => o.advisories)), {
    compareFor: schemeComparator,
  });
}

function host(platform: string, packages: InstalledPackage[]): Inventory {
  return { format: 'rpm', platform: parsePlatform(platform), packages };
}

describe('app/module-streams', () => {
  it('scan: an rpm -qa inventory without labels gets unverifiable, not open, modular findings', async () => {
    const result = await scanFiles({
      inventories: [join(dir, 'rocky9-ruby.rpm-qa.tsv')],
      advisories: [rocky],
      platform: 'rocky:9',
    });

    expect(result.findings.map((f) => [f.advisory, f.package, f.status, f.reason])).toEqual([
      ['RLSA-2024:3671', 'ruby', 'unverifiable', noLabel],
    ]);
  });

  // Labels as the rpm readers will carry them (MODULARITYLABEL), built here at the app layer.
  it.each`
    case                                 | platform     | packages                                                                                             | expected
    ${'ruby:3.1 host vs the 3.3 fix'}    | ${'rocky:9'} | ${[pkg('ruby', '3.1.2-141.module+el9.1.0+13172+8d1baf64', 'ruby:3.1:9010020221119221509:8cf767d6')]} | ${[]}
    ${'ruby:3.3 host below the 3.3 fix'} | ${'rocky:9'} | ${[pkg('ruby', '3.3.0-1.module+el9.4.0+20001+0a1b2c3d', 'ruby:3.3:9040020240125120000:9')]}          | ${['RLSA-2024:3671 ruby open']}
    ${'python36:3.6 host below the fix'} | ${'rhel:8'}  | ${[pkg('python36', '3.6.8-2.module+el8.4.0+9999+aaaaaaaa', 'python36:3.6:8040020210101000000:1')]}   | ${['RHSA-2025:0002 python36 open']}
    ${'python36 unlabeled'}              | ${'rhel:8'}  | ${[pkg('python36', '3.6.8-2.module+el8.4.0+9999+aaaaaaaa')]}                                         | ${['RHSA-2025:0002 python36 unverifiable']}
    ${'python36 known non-modular'}      | ${'rhel:8'}  | ${[pkg('python36', '3.6.8-1.el8', '')]}                                                              | ${[]}
  `('real advisories, labeled inventory: $case', async ({ platform, packages, expected }) => {
    const ev = await evaluatorFor([rocky, rhsa]);

    const found = ev.evaluate('h', host(platform, packages));

    expect(found.map((f) => `${f.advisory} ${f.package} ${f.status}`)).toEqual(expected);
  });
});
