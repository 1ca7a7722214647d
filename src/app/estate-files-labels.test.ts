import { describe, expect, it, vi } from 'vitest';
import type { InstalledPackage } from '../domain/inventory.js';
import { EstateFileCache } from './estate-files.js';

// Until the rpm readers carry MODULARITYLABEL, a reader stand-in supplies the labels.
const nevra = {
  name: 'ruby',
  version: '2.7.6-138.module+el8.7.0+15051+f1ee7ac3',
  arch: 'x86_64',
  sourceName: 'ruby',
  sourceVersion: '2.7.6-138.module+el8.7.0+15051+f1ee7ac3',
};
const variants: InstalledPackage[] = [
  nevra,
  { ...nevra, modularityLabel: '' },
  { ...nevra, modularityLabel: 'ruby:2.7:8070020220719142356:ad008a3a' },
];
vi.mock('./import-inventory.js', () => ({
  readInventoryFile: (spec: { file: string }) =>
    Promise.resolve({
      value: {
        format: 'rpm',
        platform: { family: 'rhel', release: '8' },
        packages: spec.file === 'all' ? variants : [variants[2]],
      },
      diagnostics: [],
    }),
}));

describe('app/estate-files modularity labels', () => {
  it('keeps each label, and shares a package only with the same label', async () => {
    const cache = new EstateFileCache();

    const all = await cache.read('all', undefined);
    const one = await cache.read('one', undefined);

    expect(all.ok && all.parsed.value.packages).toEqual(variants);
    expect(all.ok && all.parsed.value.packages[0]).not.toHaveProperty('modularityLabel');
    expect(one.ok && all.ok && one.parsed.value.packages[0]).toBe(
      all.ok && all.parsed.value.packages[2],
    );
  });
});
