import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { comparePackages, type InstalledPackage } from '../../domain/inventory.js';
import { rpmRows } from '../../../test/rpm-rows.js';
import { findRpmdbFile, readRpmdbFile } from './index.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

/** The expected list, `name epoch version release arch sourcerpm` per line, as packages. */
function expected(dir: string): InstalledPackage[] {
  return rpmRows(readFileSync(`${fixtures}${dir}/expected-packages.tsv`, 'utf8'));
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
