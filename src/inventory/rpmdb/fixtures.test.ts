import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { comparePackages, type InstalledPackage } from '../../domain/inventory.js';
import { rpmPackage } from '../rpm/package.js';
import { findRpmdbFile, readRpmdbFile } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

/** The expected list, `name epoch version release arch sourcerpm` per line, as packages. */
function expected(dir: string): InstalledPackage[] {
  const text = readFileSync(`${fixtures}${dir}/expected-packages.tsv`, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [name, epoch, version, release, arch, sourceRpm] = l.split('\t') as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      return rpmPackage({
        name,
        epoch: epoch ? Number(epoch) : undefined,
        version,
        release,
        arch,
        sourceRpm,
        modularityLabel: '',
      });
    })
    .sort(comparePackages);
}

describe('inventory/rpmdb/fixtures', () => {
  it.each`
    dir                  | file              | backend     | count
    ${'cbl-mariner-2.0'} | ${'rpmdb.sqlite'} | ${'sqlite'} | ${129}
    ${'libuuid'}         | ${'Packages'}     | ${'bdb'}    | ${1}
    ${'sle15-bci'}       | ${'Packages.db'}  | ${'ndb'}    | ${35}
  `('reads $dir ($backend) exactly as listed', ({ dir, file, backend, count }) => {
    const path = findRpmdbFile(`${fixtures}${dir}`);

    const r = readRpmdbFile(path ?? '');

    expect(path).toBe(`${fixtures}${dir}/${file}`);
    expect(r.backend).toBe(backend);
    expect(r.packages).toHaveLength(count);
    expect([...r.packages].sort(comparePackages)).toEqual(expected(dir));
  });

  it('finds no database in a folder without one', () => {
    expect(findRpmdbFile(fixtures)).toBeNull();
  });
});
